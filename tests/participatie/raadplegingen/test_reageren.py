"""Residents respond to a consultation with their account: progress saved, sent and counted,
changed until closing; the list and the district block; what others never see."""

import re
from datetime import timedelta
from html import unescape

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from participatie.models import Antwoord, Overgang, Reactie
from participatie.raadplegingen import queries
from participatie.raadplegingen.constants import CitaatStatus, ReactieStatus
from participatie.raadplegingen.statemachine import wijzig_status
from tests.factories import BewonerFactory, RaadplegingFactory

pytestmark = pytest.mark.django_db

# A complete, valid response to vragen_van_elke_soort() (tests/factories.py).
VOLLEDIG = {
    "v_v-enkel": "Ja",
    "v_v-meer": ["Buurthuis", "Speeltuin"],
    "v_v-schaal": "4",
    "v_v-rang_0": "2",
    "v_v-rang_1": "1",
    "v_v-rang_2": "3",
    "v_v-open": "Meer bankjes bij het buurthuis.",
}


def nl(tekst, **params) -> str:
    with translation.override("nl"):
        vertaald = translation.gettext(tekst) if isinstance(tekst, str) else str(tekst)
        return vertaald % params if params else vertaald


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def url(raadpleging) -> str:
    return reverse("raadplegingen:detail", kwargs={"slug": raadpleging.slug})


def stuur(client, raadpleging, actie="versturen", **velden):
    data = {**VOLLEDIG, **velden, "actie": actie}
    return client.post(url(raadpleging), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def raadpleging(db):
    return RaadplegingFactory()


@pytest.fixture
def ingelogd(client, bewoner):
    client.force_login(bewoner)
    return client


def gekozen(pagina: str, control_id: str) -> bool:
    """The radio button or checkbox with this id is checked."""
    tag = re.search(rf'<input[^>]*id="{control_id}"[^>]*>', pagina).group(0)
    return " checked" in tag


def rijen(reactie) -> set[tuple]:
    return set(
        reactie.antwoorden.values_list("vraag", "soort", "keuze", "getal", "tekst", "geteld")
    )


# --- Sending and saving ---------------------------------------------------------------------


def test_sending_stores_one_row_per_answer_value_counted_and_mails_a_receipt(
    ingelogd, bewoner, raadpleging
):
    response = stuur(ingelogd, raadpleging)
    assert response.status_code == 302
    reactie = Reactie.objects.get(raadpleging=raadpleging, bewoner=bewoner)
    assert reactie.status == ReactieStatus.INGEDIEND and reactie.ingediend_op is not None
    assert rijen(reactie) == {
        ("v-enkel", "enkele_keuze", "Ja", None, "", True),
        ("v-meer", "meerkeuze", "Buurthuis", None, "", True),
        ("v-meer", "meerkeuze", "Speeltuin", None, "", True),
        ("v-schaal", "schaal", "", 4, "", True),
        ("v-rang", "rangorde", "Burenhulp", 2, "", True),
        ("v-rang", "rangorde", "Ontmoeten", 1, "", True),
        ("v-rang", "rangorde", "Mantelzorg", 3, "", True),
        ("v-open", "open", "", None, "Meer bankjes bij het buurthuis.", True),
    }
    assert set(reactie.antwoorden.values_list("raadpleging_id", flat=True)) == {raadpleging.pk}
    open_antwoord = reactie.antwoorden.get(soort="open")
    assert open_antwoord.citaat_status == CitaatStatus.WACHT
    ontvangst = [m for m in mail.outbox if bewoner.email in m.to]
    assert len(ontvangst) == 1
    assert "Meer bankjes bij het buurthuis." in ontvangst[0].body
    assert "2. Burenhulp" in ontvangst[0].body and "1. Ontmoeten" in ontvangst[0].body


def test_saving_progress_skips_required_questions_and_does_not_count(
    ingelogd, bewoner, raadpleging
):
    response = stuur(
        ingelogd, raadpleging, actie="opslaan", **{"v_v-enkel": None, "v_v-schaal": None}
    )
    assert response.status_code == 302
    reactie = Reactie.objects.get(raadpleging=raadpleging, bewoner=bewoner)
    assert reactie.status == ReactieStatus.CONCEPT and reactie.ingediend_op is None
    assert not reactie.antwoorden.filter(geteld=True).exists()
    assert not reactie.antwoorden.filter(vraag__in=["v-enkel", "v-schaal"]).exists()
    assert not mail.outbox  # no receipt for a draft
    pagina = html(ingelogd.get(url(raadpleging)))
    with translation.override("nl"):
        assert (
            translation.ngettext(
                "%(aantal)s of %(totaal)s question answered.",
                "%(aantal)s of %(totaal)s questions answered.",
                5,
            )
            % {"aantal": 3, "totaal": 5}
            in pagina
        )


def test_sending_requires_the_required_questions_and_keeps_what_was_saved(
    ingelogd, bewoner, raadpleging
):
    stuur(ingelogd, raadpleging, actie="opslaan", **{"v_v-schaal": None})
    response = stuur(ingelogd, raadpleging, **{"v_v-schaal": None, "v_v-enkel": "Nee"})
    pagina = html(response)
    assert nl("Choose a value from 1 to 5.") in pagina
    assert 'href="#id_v_v-schaal_0"' in pagina  # the error summary links to the question
    reactie = Reactie.objects.get(raadpleging=raadpleging, bewoner=bewoner)
    assert reactie.status == ReactieStatus.CONCEPT
    assert reactie.antwoorden.get(vraag="v-enkel").keuze == "Ja"  # the saved answer stays


def test_a_saved_draft_is_shown_prefilled(ingelogd, raadpleging):
    stuur(ingelogd, raadpleging, actie="opslaan")
    pagina = ingelogd.get(url(raadpleging)).content.decode()
    assert gekozen(pagina, "id_v_v-enkel_0") and not gekozen(pagina, "id_v_v-enkel_1")
    assert gekozen(pagina, "id_v_v-meer_0") and gekozen(pagina, "id_v_v-meer_1")
    assert gekozen(pagina, "id_v_v-schaal_3")
    assert "Meer bankjes bij het buurthuis.</textarea>" in pagina
    burenhulp = re.search(r'<select name="v_v-rang_0".*?</select>', pagina, re.S).group(0)
    assert '<option value="2" selected>2</option>' in burenhulp


def test_changing_a_sent_response_replaces_the_answers_and_mails_a_new_receipt(
    ingelogd, bewoner, raadpleging
):
    stuur(ingelogd, raadpleging)
    reactie = Reactie.objects.get(bewoner=bewoner)
    eerste_open = reactie.antwoorden.get(soort="open").pk
    stuur(ingelogd, raadpleging, **{"v_v-enkel": "Nee", "v_v-meer": ["Nergens"]})
    reactie.refresh_from_db()
    assert reactie.status == ReactieStatus.INGEDIEND
    assert Reactie.objects.filter(raadpleging=raadpleging).count() == 1
    assert list(reactie.antwoorden.filter(vraag="v-meer").values_list("keuze", flat=True)) == [
        "Nergens"
    ]
    assert reactie.antwoorden.get(vraag="v-enkel").keuze == "Nee"
    assert reactie.antwoorden.get(soort="open").pk == eerste_open  # updated in place
    assert len([m for m in mail.outbox if bewoner.email in m.to]) == 2


def test_saving_after_sending_keeps_the_response_sent_and_counted(ingelogd, bewoner, raadpleging):
    stuur(ingelogd, raadpleging)
    response = stuur(ingelogd, raadpleging, actie="opslaan", **{"v_v-schaal": None})
    assert nl("Choose a value from 1 to 5.") in html(response)
    reactie = Reactie.objects.get(bewoner=bewoner)
    assert reactie.status == ReactieStatus.INGEDIEND
    assert reactie.antwoorden.get(vraag="v-schaal").getal == 4


def test_a_changed_open_answer_goes_back_to_moderation(ingelogd, bewoner, raadpleging, redacteur):
    stuur(ingelogd, raadpleging)
    antwoord = Antwoord.objects.get(reactie__bewoner=bewoner, soort="open")
    wijzig_status(antwoord, CitaatStatus.GOEDGEKEURD, door=redacteur)
    stuur(ingelogd, raadpleging, **{"v_v-open": "Toch liever een moestuin."})
    antwoord.refresh_from_db()
    assert antwoord.tekst == "Toch liever een moestuin."
    assert antwoord.citaat_status == CitaatStatus.WACHT
    assert Overgang.objects.filter(object_id=antwoord.pk, naar=CitaatStatus.WACHT).exists()
    # Unchanged text keeps its moderation.
    wijzig_status(antwoord, CitaatStatus.GOEDGEKEURD, door=redacteur)
    stuur(ingelogd, raadpleging, **{"v_v-open": "Toch liever een moestuin.", "v_v-enkel": "Nee"})
    antwoord.refresh_from_db()
    assert antwoord.citaat_status == CitaatStatus.GOEDGEKEURD


def test_the_district_is_copied_to_every_answer(ingelogd, bewoner, tanthof, buitenhof):
    raadpleging = RaadplegingFactory(wijken=[tanthof, buitenhof])
    stuur(ingelogd, raadpleging, wijk=str(tanthof.pk))
    reactie = Reactie.objects.get(bewoner=bewoner)
    assert reactie.wijk == tanthof
    assert set(reactie.antwoorden.values_list("wijk_id", flat=True)) == {tanthof.pk}
    stuur(ingelogd, raadpleging, wijk=str(buitenhof.pk))
    assert set(reactie.antwoorden.values_list("wijk_id", flat=True)) == {buitenhof.pk}


def test_a_district_consultation_requires_one_of_its_districts(ingelogd, bewoner, tanthof):
    from portal.gebieden.models import Wijk

    raadpleging = RaadplegingFactory(wijken=[tanthof])
    pagina = html(stuur(ingelogd, raadpleging))
    assert nl("Choose the district where you live.") in pagina
    andere = Wijk.objects.exclude(pk=tanthof.pk).first()
    pagina = html(stuur(ingelogd, raadpleging, wijk=str(andere.pk)))
    assert nl("Choose one of the districts of this consultation.") in pagina
    assert not Reactie.objects.filter(bewoner=bewoner).exists()


def test_a_citywide_consultation_lets_the_district_be_left_out(ingelogd, bewoner, raadpleging):
    pagina = html(ingelogd.get(url(raadpleging)))
    assert nl("I'd rather not say") in pagina
    stuur(ingelogd, raadpleging, wijk="")
    assert Reactie.objects.get(bewoner=bewoner).wijk is None


# --- Who may respond, and when ---------------------------------------------------------------


def test_a_visitor_sees_the_introduction_and_a_login_link_with_next(client, raadpleging):
    pagina = html(client.get(url(raadpleging)))
    assert "Een raadpleging uit de fabriek." in pagina
    assert f'href="/accounts/login/?next=%2Fraadplegingen%2F{raadpleging.slug}%2F"' in pagina
    assert 'name="v_v-enkel"' not in pagina
    response = stuur(client, raadpleging)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reactie.objects.exists()


def test_an_unverified_account_cannot_respond(client, raadpleging):
    onbevestigd = BewonerFactory(geverifieerd=False)
    client.force_login(onbevestigd)
    response = stuur(client, raadpleging)
    assert response.status_code == 302 and response["Location"] == reverse("account_email")
    assert not Reactie.objects.exists()


@pytest.mark.parametrize("trait", ["gesloten", "gepland"])
def test_outside_the_open_period_a_post_changes_nothing_and_says_why(ingelogd, bewoner, trait):
    raadpleging = RaadplegingFactory(**{trait: True})
    response = ingelogd.post(url(raadpleging), {**VOLLEDIG, "actie": "versturen"}, follow=True)
    pagina = html(response)
    assert not Reactie.objects.filter(raadpleging=raadpleging).exists()
    assert "utrecht-alert--error" in pagina
    assert 'name="v_v-enkel"' not in pagina


def test_a_sent_response_cannot_be_changed_after_closing(ingelogd, bewoner, raadpleging):
    stuur(ingelogd, raadpleging)
    raadpleging.sluit_op = timezone.now() - timedelta(minutes=1)
    raadpleging.save()
    response = stuur(ingelogd, raadpleging, **{"v_v-enkel": "Nee"})
    assert response.status_code == 302
    assert Antwoord.objects.get(reactie__bewoner=bewoner, vraag="v-enkel").keuze == "Ja"
    pagina = html(ingelogd.get(url(raadpleging)))
    assert reverse("raadplegingen:resultaten", kwargs={"slug": raadpleging.slug}) in pagina


def test_a_draft_consultation_and_an_unknown_slug_are_404(ingelogd):
    assert ingelogd.get(url(RaadplegingFactory(concept=True))).status_code == 404
    assert ingelogd.get("/raadplegingen/bestaat-niet/").status_code == 404


def test_a_resident_never_sees_another_residents_answers(client, bewoner, bewoner_b, raadpleging):
    client.force_login(bewoner)
    stuur(client, raadpleging, **{"v_v-open": "Geheim van bewoner A."})
    client.force_login(bewoner_b)
    pagina = html(client.get(url(raadpleging)))
    assert "Geheim van bewoner A." not in pagina
    assert "checked" not in pagina
    stuur(client, raadpleging, **{"v_v-open": "Tekst van B."})
    assert Reactie.objects.filter(raadpleging=raadpleging).count() == 2
    assert Antwoord.objects.get(reactie__bewoner=bewoner, soort="open").tekst == (
        "Geheim van bewoner A."
    )


def test_after_sending_the_page_confirms_and_says_until_when_it_can_change(ingelogd, raadpleging):
    pagina = html(stuur(ingelogd, raadpleging) and ingelogd.get(url(raadpleging)))
    assert "utrecht-alert--ok" in pagina
    assert nl("Save and continue later") not in pagina
    assert nl("Send changes") in pagina


# --- The list and the district block ----------------------------------------------------------


def test_the_list_shows_open_and_closed_consultations_with_links_to_results(client, tanthof):
    open_ = RaadplegingFactory(titel="Open over burenhulp", wijken=[tanthof])
    gesloten = RaadplegingFactory(titel="Gesloten over ontmoeten", gesloten=True)
    concept = RaadplegingFactory(titel="Nog een concept", concept=True)
    pagina = html(client.get(reverse("raadplegingen:lijst")))
    assert pagina.index(open_.titel) < pagina.index(gesloten.titel)
    assert "Tanthof" in pagina and open_.thema.naam in pagina
    assert reverse("raadplegingen:resultaten", kwargs={"slug": gesloten.slug}) in pagina
    assert concept.titel not in pagina


@pytest.mark.parametrize("aantal", [2, 20])
def test_the_list_makes_a_constant_number_of_queries(
    client, tanthof, aantal, django_assert_max_num_queries
):
    for i in range(aantal):
        RaadplegingFactory(wijken=[tanthof] if i % 2 else None)
        RaadplegingFactory(gesloten=True, wijken=[tanthof] if i % 2 else None)
    client.get(reverse("raadplegingen:lijst"))
    with django_assert_max_num_queries(6):  # 5 + the site (context processors)
        assert client.get(reverse("raadplegingen:lijst")).status_code == 200


def test_the_district_block_lists_open_consultations_of_the_district_and_citywide(
    client, tanthof, buitenhof
):
    eigen = RaadplegingFactory(titel="Alleen Tanthof", wijken=[tanthof])
    stad = RaadplegingFactory(titel="Heel Delft")
    ander = RaadplegingFactory(titel="Alleen Buitenhof", wijken=[buitenhof])
    gesloten = RaadplegingFactory(titel="Al dicht", gesloten=True, wijken=[tanthof])
    blok = queries.wijkblok_raadplegingen(tanthof, None)
    titels = [r["titel"] for r in blok["raadplegingen"]]
    assert set(titels) == {eigen.titel, stad.titel}
    assert ander.titel not in titels and gesloten.titel not in titels
    pagina = html(client.get("/tanthof/"))
    sectie = pagina[pagina.index('id="raadplegingen-titel"') :][:2000]
    assert eigen.get_absolute_url() in sectie and stad.get_absolute_url() in sectie


def test_the_district_block_is_left_out_without_open_consultations_and_has_no_personal_data(
    tanthof, bewoner
):
    assert queries.wijkblok_raadplegingen(tanthof, None) is None
    RaadplegingFactory(wijken=[tanthof])
    blok = queries.wijkblok_raadplegingen(tanthof, None)
    assert set(blok["raadplegingen"][0]) == {
        "titel",
        "url",
        "sluit_op",
        "stadsbreed",
        "doelgroep",
        "thema",
    }


@pytest.mark.parametrize("aantal", [1, 12])
def test_the_district_block_costs_one_query(tanthof, aantal, django_assert_num_queries):
    for _ in range(aantal):
        RaadplegingFactory(wijken=[tanthof])
    with django_assert_num_queries(1):
        queries.wijkblok_raadplegingen(tanthof, None)


def test_open_raadplegingen_for_the_home_page_closing_first(db):
    later = RaadplegingFactory(sluit_op=timezone.now() + timedelta(days=20))
    eerst = RaadplegingFactory(sluit_op=timezone.now() + timedelta(days=2))
    RaadplegingFactory(gepland=True)
    assert [r["titel"] for r in queries.open_raadplegingen(limit=3)] == [eerst.titel, later.titel]
