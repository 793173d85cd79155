"""Every question type validates its own input with a specific message, at the field and in
the error summary; "required" counts only when sending, and an error loses nothing saved."""

import re
from html import unescape

from django.urls import reverse
from django.utils import translation

import pytest

from participatie.models import Reactie
from participatie.raadplegingen.forms import ReactieFormulier
from participatie.raadplegingen.vragen import vragen_van
from tests.factories import RaadplegingFactory

from .test_reageren import VOLLEDIG, stuur

pytestmark = pytest.mark.django_db


def nl(tekst, **params) -> str:
    with translation.override("nl"):
        vertaald = translation.gettext(tekst) if isinstance(tekst, str) else str(tekst)
        return vertaald % params if params else vertaald


@pytest.fixture
def raadpleging(db):
    return RaadplegingFactory()


def formulier(raadpleging, versturen=True, **velden):
    data = {**VOLLEDIG, **velden}
    data = {k: v for k, v in data.items() if v is not None}
    form = ReactieFormulier(
        data, raadpleging=raadpleging, vragen=vragen_van(raadpleging), versturen=versturen
    )
    form.is_valid()
    return form


def fouten(form, veld) -> list[str]:
    return [str(e) for e in form.errors.get(f"v_{veld}", [])]


def codes(form, veld) -> list[str]:
    return [e.code for e in form.errors.as_data().get(f"v_{veld}", [])]


def test_a_complete_response_is_valid_and_cleaned_per_type(raadpleging):
    form = formulier(raadpleging, **{"v_v-meer": ["Speeltuin", "Buurthuis", "Speeltuin"]})
    assert form.is_valid(), form.errors
    assert form.antwoorden == {
        "v-enkel": "Ja",
        "v-meer": ["Buurthuis", "Speeltuin"],  # option order, a repeated value once
        "v-schaal": 4,
        "v-rang": {"Burenhulp": 2, "Ontmoeten": 1, "Mantelzorg": 3},
        "v-open": "Meer bankjes bij het buurthuis.",
    }


# --- Single choice --------------------------------------------------------------------------


def test_single_choice_rejects_an_unknown_option(raadpleging):
    form = formulier(raadpleging, **{"v_v-enkel": "Misschien"})
    assert codes(form, "v-enkel") == ["invalid_choice"]


def test_single_choice_is_required_only_when_sending(raadpleging):
    assert codes(formulier(raadpleging, **{"v_v-enkel": None}), "v-enkel") == ["required"]
    assert formulier(raadpleging, versturen=False, **{"v_v-enkel": None}).is_valid()


# --- Multiple choice ------------------------------------------------------------------------


def test_multiple_choice_rejects_an_unknown_option(raadpleging):
    form = formulier(raadpleging, **{"v_v-meer": ["Buurthuis", "Kerk"]})
    assert codes(form, "v-meer") == ["invalid_choice"]


def test_multiple_choice_allows_at_most_max_keuzes(raadpleging):
    form = formulier(raadpleging, **{"v_v-meer": ["Buurthuis", "Speeltuin", "Supermarkt"]})
    assert codes(form, "v-meer") == ["te_veel"]
    with translation.override("nl"):
        form = formulier(raadpleging, **{"v_v-meer": ["Buurthuis", "Speeltuin", "Supermarkt"]})
        verwacht = translation.ngettext(
            "Choose at most %(max)s option.", "Choose at most %(max)s options.", 2
        ) % {"max": 2}
        assert fouten(form, "v-meer") == [verwacht]


def test_an_optional_multiple_choice_may_be_left_empty_even_when_sending(raadpleging):
    form = formulier(raadpleging, **{"v_v-meer": None})
    assert form.is_valid(), form.errors
    assert form.antwoorden["v-meer"] == []


# --- Scale ----------------------------------------------------------------------------------


@pytest.mark.parametrize("waarde", ["0", "6", "drie", "4.5", "-1"])
def test_scale_rejects_anything_but_1_to_5(raadpleging, waarde):
    form = formulier(raadpleging, **{"v_v-schaal": waarde})
    assert codes(form, "v-schaal") == ["invalid_choice"]
    assert fouten(form, "v-schaal") == [nl("Choose a value from 1 to 5.")]


def test_scale_labels_carry_the_meaning_of_1_and_5(raadpleging):
    form = ReactieFormulier(raadpleging=raadpleging, vragen=vragen_van(raadpleging))
    keuzes = dict(form.fields["v_v-schaal"].choices)
    assert keuzes[1] == "1 – Helemaal oneens" and keuzes[5] == "5 – Helemaal eens"
    assert keuzes[3] == "3"


# --- Ranking --------------------------------------------------------------------------------


def test_ranking_rejects_a_position_used_twice(raadpleging):
    form = formulier(raadpleging, **{"v_v-rang_0": "1", "v_v-rang_1": "1", "v_v-rang_2": "2"})
    assert codes(form, "v-rang") == ["dubbel"]
    assert "1" in fouten(form, "v-rang")[0]


@pytest.mark.parametrize("waarde", ["4", "0", "x"])
def test_ranking_rejects_a_position_out_of_range(raadpleging, waarde):
    form = formulier(raadpleging, **{"v_v-rang_2": waarde})
    assert codes(form, "v-rang") == ["invalid_choice"]


def test_a_required_ranking_must_rank_every_option_when_sending(raadpleging):
    half = {"v_v-rang_0": "1", "v_v-rang_1": "", "v_v-rang_2": ""}
    assert codes(formulier(raadpleging, **half), "v-rang") == ["incomplete"]
    leeg = {"v_v-rang_0": "", "v_v-rang_1": "", "v_v-rang_2": ""}
    assert codes(formulier(raadpleging, **leeg), "v-rang") == ["required"]
    assert formulier(raadpleging, versturen=False, **leeg).is_valid()


def test_an_optional_ranking_may_be_empty_but_not_half_filled(db):
    vragen = [
        {
            "type": "rangorde",
            "id": "r",
            "value": {"vraag": "Volgorde?", "verplicht": False, "opties": ["A", "B", "C"]},
        }
    ]
    raadpleging = RaadplegingFactory(vragen=vragen)

    def form(**data):
        f = ReactieFormulier(data, raadpleging=raadpleging, vragen=vragen_van(raadpleging))
        f.is_valid()
        return f

    assert form().is_valid() and form().antwoorden == {"r": {}}
    assert codes(form(**{"v_r_0": "2", "v_r_1": "1"}), "r") == ["incomplete"]
    assert form(**{"v_r_0": "2", "v_r_1": "1", "v_r_2": "3"}).antwoorden == {
        "r": {"A": 2, "B": 1, "C": 3}
    }


# --- Open text ------------------------------------------------------------------------------


def test_open_text_rejects_a_text_longer_than_max_lengte(raadpleging):
    form = formulier(raadpleging, **{"v_v-open": "x" * 501})
    assert codes(form, "v-open") == ["max_length"]
    assert "500" in fouten(form, "v-open")[0] and "501" in fouten(form, "v-open")[0]
    assert formulier(raadpleging, **{"v_v-open": "x" * 500}).is_valid()


def test_a_required_open_question_needs_text_when_sending(db):
    vragen = [
        {
            "type": "open",
            "id": "o",
            "value": {"vraag": "Waarom?", "verplicht": True, "max_lengte": 100},
        }
    ]
    raadpleging = RaadplegingFactory(vragen=vragen)
    form = ReactieFormulier({"v_o": "   "}, raadpleging=raadpleging, vragen=vragen_van(raadpleging))
    assert not form.is_valid() and codes(form, "o") == ["required"]


# --- On the page ----------------------------------------------------------------------------


def test_errors_show_at_the_question_and_in_the_summary_and_nothing_saved_is_lost(
    client, bewoner, raadpleging
):
    client.force_login(bewoner)
    stuur(client, raadpleging, actie="opslaan")
    response = stuur(
        client,
        raadpleging,
        **{
            "v_v-enkel": "Misschien",
            "v_v-meer": ["Buurthuis", "Speeltuin", "Supermarkt"],
            "v_v-schaal": "9",
            "v_v-rang_0": "1",
            "v_v-rang_1": "1",
            "v_v-open": "x" * 501,
        },
    )
    assert response.status_code == 200
    pagina = unescape(response.content.decode())
    samenvatting = pagina[pagina.index("delft-error-summary") :].split("</ul>")[0]
    for anker in ("v_v-enkel_0", "v_v-meer_0", "v_v-schaal_0", "v_v-rang_0", "v_v-open"):
        assert f'href="#id_{anker}"' in samenvatting, anker
    assert nl("Choose one of the options given.") in samenvatting
    assert nl("Choose a value from 1 to 5.") in samenvatting
    # At the field: the error message is inside the question's fieldset, named by its id.
    schaal = re.search(
        r"<fieldset[^>]*>\s*<legend[^>]*>Ik voel me thuis.*?</fieldset>", pagina, re.S
    )
    assert 'id="id_v_v-schaal_error"' in schaal.group(0)
    assert 'aria-describedby="id_v_v-schaal_error"' in schaal.group(0)
    # The posted values are shown again, the saved response is unchanged.
    assert "x" * 501 in pagina
    reactie = Reactie.objects.get(bewoner=bewoner)
    assert reactie.antwoorden.get(vraag="v-enkel").keuze == "Ja"
    assert reactie.antwoorden.get(vraag="v-schaal").getal == 4


def test_each_question_is_a_fieldset_with_the_question_as_its_legend(client, bewoner, raadpleging):
    client.force_login(bewoner)
    pagina = unescape(
        client.get(
            reverse("raadplegingen:detail", kwargs={"slug": raadpleging.slug})
        ).content.decode()
    )
    for vraag in vragen_van(raadpleging):
        assert re.search(rf"<fieldset[^>]*>\s*<legend[^>]*>{re.escape(vraag.tekst)}", pagina), (
            vraag.tekst
        )
    # Ranking without JavaScript: one labelled select per option.
    for i, optie in enumerate(["Burenhulp", "Ontmoeten", "Mantelzorg"]):
        assert f'<label class="utrecht-form-label" for="id_v_v-rang_{i}">{optie}</label>' in pagina
