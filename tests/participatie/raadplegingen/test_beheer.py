"""Consultations in the Wagtail admin: who manages which, the form's rules, the listing, the
"Repeat next year" action, the export of responses and the managed lists."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from openpyxl import load_workbook

from participatie.raadplegingen import export
from participatie.raadplegingen.herhalen import jaar_later, nieuwe_titel
from participatie.raadplegingen.models import Raadpleging
from participatie.raadplegingen.rechten import RaadplegingPermissionPolicy
from tests.accounts.helpers import inloggen
from tests.factories import (
    CoordinatorFactory,
    RaadplegingFactory,
    SignaalCategorieFactory,
    WmoThemaFactory,
    vragen_van_elke_soort,
)

from .test_resultaten import maak_reactie

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_tanthof(tanthof):
    opent_op = timezone.now() - timedelta(days=1)
    return RaadplegingFactory(
        wijken=[tanthof],
        titel=f"Tanthof-raadpleging {timezone.localtime(opent_op).year}",
        opent_op=opent_op,
        herhalen=True,
    )


@pytest.fixture
def in_buitenhof(buitenhof):
    return RaadplegingFactory(wijken=[buitenhof], titel="Buitenhof-raadpleging")


@pytest.fixture
def stadsbreed():
    return RaadplegingFactory(titel="Stadsbrede raadpleging")


def _url(naam, *args):
    return reverse(f"raadplegingen_beheer:{naam}", args=args)


# --- The policy ----------------------------------------------------------------------------


def test_coordinator_acts_only_on_consultations_within_their_districts(
    coordinator_tanthof, tanthof, buitenhof, in_tanthof, in_buitenhof, stadsbreed
):
    beide = RaadplegingFactory(wijken=[tanthof, buitenhof], titel="Tanthof en Buitenhof")
    policy = RaadplegingPermissionPolicy()
    zichtbaar = set(policy.instances_user_has_any_permission_for(coordinator_tanthof, ["change"]))
    assert zichtbaar == {in_tanthof}
    assert policy.user_has_permission_for_instance(coordinator_tanthof, "change", in_tanthof)
    for ander in (in_buitenhof, stadsbreed, beide):
        assert not policy.user_has_permission_for_instance(coordinator_tanthof, "change", ander)
    # Coordinator of both districts: also the one of both, still not the citywide one.
    beide_wijken = CoordinatorFactory(wijken=[tanthof, buitenhof])
    assert set(policy.instances_user_has_any_permission_for(beide_wijken, ["change"])) == {
        in_tanthof,
        in_buitenhof,
        beide,
    }


@pytest.mark.parametrize("rol", ["redacteur", "eindredacteur", "beheerder"])
def test_editors_and_administrators_act_on_all(request, rol, in_tanthof, in_buitenhof, stadsbreed):
    user = request.getfixturevalue(rol)
    policy = RaadplegingPermissionPolicy()
    assert set(policy.instances_user_has_any_permission_for(user, ["change"])) >= {
        in_tanthof,
        in_buitenhof,
        stadsbreed,
    }
    assert policy.user_has_permission_for_instance(user, "change", stadsbreed)


def test_resident_acts_on_none(bewoner, in_tanthof):
    policy = RaadplegingPermissionPolicy()
    assert not policy.instances_user_has_any_permission_for(bewoner, ["view"]).exists()
    assert not policy.user_has_permission_for_instance(bewoner, "view", in_tanthof)


# --- Listing and edit view ---------------------------------------------------------------


def test_listing_shows_own_consultations_with_phase_and_sent_responses(
    client, coordinator_tanthof, wachtwoord, in_tanthof, in_buitenhof, stadsbreed, tanthof
):
    for _ in range(3):
        maak_reactie(in_tanthof, {"v-enkel": "Ja"}, wijk=tanthof)
    maak_reactie(in_tanthof, {"v-enkel": "Ja"}, wijk=tanthof, ingediend=False)
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.get(_url("index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_tanthof.titel in html
    assert in_buitenhof.titel not in html and stadsbreed.titel not in html
    rij = next(r for r in response.context["table"].rows if r.instance == in_tanthof)
    assert rij.instance.aantal_reacties == 3


def test_listing_query_count_does_not_grow_with_consultations(client, beheerder, wachtwoord):
    inloggen(client, beheerder, wachtwoord)
    RaadplegingFactory.create_batch(2)
    client.get(_url("index"))

    def aantal():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("index")).status_code == 200
        return len(queries)

    weinig = aantal()
    RaadplegingFactory.create_batch(8)
    assert aantal() == weinig


def test_coordinator_of_another_district_gets_404_on_every_object_url(
    client, coordinator_buitenhof, wachtwoord, in_tanthof
):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    for naam in ("edit", "history", "usage", "herhalen", "opvolging", "export"):
        assert client.get(_url(naam, in_tanthof.pk)).status_code == 404, naam
    assert client.get(_url("delete", in_tanthof.pk)).status_code in (403, 404)


def test_coordinator_edits_their_own_consultation(
    client, coordinator_tanthof, wachtwoord, in_tanthof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.get(_url("edit", in_tanthof.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("herhalen", in_tanthof.pk) in html
    assert _url("opvolging", in_tanthof.pk) in html
    assert f"{_url('export', in_tanthof.pk)}?formaat=xlsx" in html


# --- The form ----------------------------------------------------------------------------


def _formdata(thema, wijken=(), **extra):
    nu = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "titel": "Ontmoeten in de buurt",
        "slug": "ontmoeten-in-de-buurt",
        "thema": str(thema.pk),
        "wijken": [str(w.pk) for w in wijken],
        "doelgroep": "alle_bewoners",
        "opent_op": (nu + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "sluit_op": (nu + timedelta(days=20)).strftime("%Y-%m-%d %H:%M"),
        "inleiding": rich_text("<p>Waar ontmoet u elkaar?</p>"),
        "vragen": streamfield(
            [
                (
                    "schaal",
                    {
                        "vraag": "Ik ken mijn buren.",
                        "toelichting": "",
                        "verplicht": "on",
                        "label_laag": "Oneens",
                        "label_hoog": "Eens",
                    },
                )
            ]
        ),
        "deelname": "account",
        "opvolging": rich_text(""),
    }
    data.update(extra)
    return nested_form_data({k: v for k, v in data.items() if k != "wijken"}) | {
        "wijken": data["wijken"]
    }


def test_coordinator_creates_a_consultation_for_their_district_only(
    client, coordinator_tanthof, wachtwoord, tanthof, buitenhof
):
    thema = WmoThemaFactory()
    inloggen(client, coordinator_tanthof, wachtwoord)
    formulier = client.get(_url("add")).context["form"]
    assert list(formulier.fields["wijken"].queryset) == [tanthof]
    assert formulier.fields["stadsbreed"].disabled

    # "Citywide" cannot be forced, another district cannot be chosen.
    response = client.post(_url("add"), _formdata(thema, [buitenhof], stadsbreed="on"))
    assert response.status_code == 200
    assert "wijken" in response.context["form"].errors
    assert not Raadpleging.objects.filter(slug="ontmoeten-in-de-buurt").exists()

    response = client.post(_url("add"), _formdata(thema, [tanthof], stadsbreed="on"))
    assert response.status_code == 302, response.context["form"].errors
    nieuw = Raadpleging.objects.get(slug="ontmoeten-in-de-buurt")
    assert nieuw.stadsbreed is False and list(nieuw.wijken.all()) == [tanthof]
    assert not nieuw.gepubliceerd


def test_form_refuses_closing_before_opening_and_no_district(client, redacteur, wachtwoord):
    thema = WmoThemaFactory()
    inloggen(client, redacteur, wachtwoord)
    nu = timezone.localtime()
    data = _formdata(thema, [], sluit_op=(nu - timedelta(days=2)).strftime("%Y-%m-%d %H:%M"))
    fouten = client.post(_url("add"), data).context["form"].errors
    assert "sluit_op" in fouten and "wijken" in fouten
    assert not Raadpleging.objects.filter(slug="ontmoeten-in-de-buurt").exists()
    # An editor may make it citywide.
    response = client.post(_url("add"), _formdata(thema, [], stadsbreed="on"))
    assert response.status_code == 302
    assert Raadpleging.objects.get(slug="ontmoeten-in-de-buurt").stadsbreed


# --- Repeat next year --------------------------------------------------------------------


def test_repeat_next_year_copies_into_a_draft_once(client, redacteur, wachtwoord, in_tanthof):
    inloggen(client, redacteur, wachtwoord)
    assert client.get(_url("herhalen", in_tanthof.pk)).status_code == 200
    response = client.post(_url("herhalen", in_tanthof.pk))
    nieuw = Raadpleging.objects.get(vorige=in_tanthof)
    assert response.status_code == 302
    assert response["Location"] == _url("edit", nieuw.pk)
    assert not nieuw.gepubliceerd
    assert nieuw.titel == f"Tanthof-raadpleging {timezone.localtime(in_tanthof.opent_op).year + 1}"
    assert nieuw.slug != in_tanthof.slug
    assert nieuw.opent_op == jaar_later(in_tanthof.opent_op)
    assert nieuw.sluit_op == jaar_later(in_tanthof.sluit_op)
    assert [b.id for b in nieuw.vragen] == [b.id for b in in_tanthof.vragen]
    assert list(nieuw.wijken.all()) == list(in_tanthof.wijken.all())
    assert (nieuw.thema, nieuw.doelgroep, nieuw.deelname, nieuw.stadsbreed) == (
        in_tanthof.thema,
        in_tanthof.doelgroep,
        in_tanthof.deelname,
        in_tanthof.stadsbreed,
    )
    # A second click gives the same draft.
    client.post(_url("herhalen", in_tanthof.pk))
    assert Raadpleging.objects.filter(vorige=in_tanthof).count() == 1


def test_repeat_is_refused_for_a_consultation_not_marked_recurring(
    client, redacteur, wachtwoord, in_buitenhof
):
    inloggen(client, redacteur, wachtwoord)
    response = client.post(_url("herhalen", in_buitenhof.pk))
    assert response.status_code == 302
    assert not Raadpleging.objects.filter(vorige=in_buitenhof).exists()


def test_new_title_replaces_or_adds_the_year():
    assert nieuwe_titel("Burenhulp 2025", 2025, 2026) == "Burenhulp 2026"
    assert nieuwe_titel("Burenhulp", 2025, 2026) == "Burenhulp 2026"
    assert nieuwe_titel("Burenhulp 2024-2025", 2025, 2026) == "Burenhulp 2024-2026"


def test_leap_day_moves_to_the_28th():
    moment = timezone.make_aware(timezone.datetime(2028, 2, 29, 9, 0))
    assert jaar_later(moment).date().isoformat() == "2029-02-28"


# --- Export ------------------------------------------------------------------------------


@pytest.fixture
def met_reacties(in_tanthof, tanthof, buitenhof, bewoner):
    maak_reactie(
        in_tanthof,
        {
            "v-enkel": "Ja",
            "v-meer": ["Supermarkt", "Buurthuis"],
            "v-schaal": 4,
            "v-rang": ["Mantelzorg", "Burenhulp", "Ontmoeten"],
            "v-open": '=HYPERLINK("http://kwaad.example")',
        },
        wijk=tanthof,
        bewoner=bewoner,
    )
    maak_reactie(in_tanthof, {"v-enkel": "Nee", "v-open": "Uit Buitenhof"}, wijk=buitenhof)
    maak_reactie(in_tanthof, {"v-enkel": "Nee", "v-open": "Concept"}, wijk=tanthof, ingediend=False)
    return in_tanthof


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_coordinator_exports_the_sent_responses_of_their_district(
    client, coordinator_tanthof, wachtwoord, met_reacties, bewoner, tanthof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    rijen = _csv(client.get(_url("export", met_reacties.pk) + "?formaat=csv"))
    kop, *data = rijen
    assert kop[3:] == [b.value["vraag"] for b in met_reacties.vragen]
    assert len(data) == 1  # not the Buitenhof respondent, not the draft
    rij = data[0]
    assert rij[1] == tanthof.naam
    assert rij[3:] == [
        "Ja",
        "Buurthuis; Supermarkt",
        "4",
        "1. Mantelzorg; 2. Burenhulp; 3. Ontmoeten",
        '\'=HYPERLINK("http://kwaad.example")',
    ]
    inhoud = "\n".join(",".join(r) for r in rijen)
    assert bewoner.email not in inhoud and bewoner.last_name not in inhoud


def test_administrator_exports_all_as_xlsx_formula_safe(
    client, beheerder, wachtwoord, met_reacties
):
    inloggen(client, beheerder, wachtwoord)
    response = client.get(_url("export", met_reacties.pk) + "?formaat=xlsx")
    assert response.status_code == 200
    blad = load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert len(rijen) == 3
    opens = [rij[-1] for rij in rijen[1:]]
    assert '\'=HYPERLINK("http://kwaad.example")' in opens and "Uit Buitenhof" in opens
    for rij in blad.iter_rows():
        for cel in rij:
            assert cel.data_type != "f"


@pytest.mark.parametrize("begin", ["=", "+", "-", "@"])
def test_export_neutralises_every_formula_start(beheerder, tanthof, begin):
    vragen = vragen_van_elke_soort()
    vragen[4]["value"]["vraag"] = f"{begin}VRAAG()"
    raadpleging = RaadplegingFactory(vragen=vragen)
    maak_reactie(raadpleging, {"v-open": f"{begin}SOM(A1)", "v-schaal": 3}, wijk=tanthof)
    kop, rij = list(export.rijen(raadpleging, beheerder))
    assert kop[-1] == f"'{begin}VRAAG()"
    assert rij[-1] == f"'{begin}SOM(A1)"
    assert rij[-3] == 3  # numbers stay numbers


def test_editor_without_district_rights_may_not_export(client, redacteur, wachtwoord, met_reacties):
    inloggen(client, redacteur, wachtwoord)
    assert client.get(_url("export", met_reacties.pk) + "?formaat=csv").status_code == 403


def test_unknown_export_format_is_a_404(client, beheerder, wachtwoord, met_reacties):
    inloggen(client, beheerder, wachtwoord)
    assert client.get(_url("export", met_reacties.pk) + "?formaat=pdf").status_code == 404


# --- Managed lists -----------------------------------------------------------------------


def test_wmo_topics_managed_by_administrators_seen_by_editors_and_coordinators(
    client, beheerder, redacteur, coordinator_tanthof, wachtwoord
):
    thema = WmoThemaFactory(naam="Mantelzorg-ondersteuning")
    index = reverse("wagtailsnippets_participatie_wmothema:list")
    toevoegen = reverse("wagtailsnippets_participatie_wmothema:add")
    for user, mag_toevoegen in (
        (beheerder, True),
        (redacteur, False),
        (coordinator_tanthof, False),
    ):
        client.logout()
        inloggen(client, user, wachtwoord)
        response = client.get(index)
        assert response.status_code == 200
        assert thema.naam in response.content.decode()
        assert (client.get(toevoegen).status_code == 200) is mag_toevoegen


def test_signal_categories_only_for_administrators(
    client, beheerder, coordinator_tanthof, wachtwoord
):
    categorie = SignaalCategorieFactory(naam="Eenzaamheid-categorie")
    index = reverse("wagtailsnippets_participatie_signaalcategorie:list")
    inloggen(client, beheerder, wachtwoord)
    assert categorie.naam in client.get(index).content.decode()
    client.logout()
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.get(index)
    assert response.status_code in (302, 403)
    assert categorie.naam not in response.content.decode()
