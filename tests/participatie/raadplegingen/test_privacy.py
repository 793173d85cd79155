"""Consultation responses in "Mijn gegevens" (export, account deletion) and the retention rule:
what goes, and that results (answers, counts, quotes) stay."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

import pytest

from participatie.models import Antwoord, Reactie
from participatie.raadplegingen import privacy, reacties
from participatie.raadplegingen.constants import CitaatStatus, ReactieStatus
from participatie.raadplegingen.statemachine import wijzig_status
from portal.accounts.privacy import exporteer_gegevens, verwijder_account
from portal.accounts.retentie import geregistreerde_regels, pas_bewaarregels_toe
from portal.core.wijkblokken import _blokken
from tests.factories import BewonerFactory, RaadplegingFactory

pytestmark = pytest.mark.django_db

ANTWOORDEN = {
    "v-enkel": "Ja",
    "v-meer": ["Buurthuis"],
    "v-schaal": 4,
    "v-rang": {"Burenhulp": 1, "Ontmoeten": 2, "Mantelzorg": 3},
    "v-open": "Een eigen tekst.",
}


def reageer(raadpleging, bewoner, versturen=True, **anders):
    return reacties.bewaar_voor_account(
        raadpleging, bewoner, {**ANTWOORDEN, **anders}, wijk=None, versturen=versturen
    )


def telling(raadpleging) -> dict:
    """What the results page counts: counted answer rows per question and choice."""
    rijen = (
        Antwoord.objects.filter(raadpleging=raadpleging, geteld=True)
        .values("vraag", "keuze", "getal")
        .annotate(n=Count("pk"))
    )
    return {(r["vraag"], r["keuze"], r["getal"]): r["n"] for r in rijen}


def test_the_export_holds_the_residents_responses_with_their_answers(bewoner, bewoner_b):
    raadpleging = RaadplegingFactory(titel="Samen in de buurt")
    reageer(raadpleging, bewoner)
    reageer(raadpleging, bewoner_b, **{"v-open": "Van iemand anders."})
    export = exporteer_gegevens(bewoner)["gegevens"]["raadplegingen"]
    assert len(export) == 1
    assert export[0]["raadpleging"] == "Samen in de buurt"
    antwoorden = {a["vraag"]: a["antwoord"] for a in export[0]["antwoorden"]}
    assert antwoorden["Wat zou u willen veranderen?"] == "Een eigen tekst."
    assert antwoorden["Wat is het belangrijkst?"] == "1. Burenhulp, 2. Ontmoeten, 3. Mantelzorg"
    assert "Van iemand anders." not in str(export)


def test_erasure_keeps_sent_responses_for_the_results_without_the_account(bewoner, redacteur):
    verstuurd = RaadplegingFactory()
    concept = RaadplegingFactory()
    reageer(verstuurd, bewoner)
    reageer(concept, bewoner, versturen=False)
    geciteerd = RaadplegingFactory()
    reageer(geciteerd, bewoner, **{"v-open": "Mag geciteerd worden."})
    citaat = Antwoord.objects.get(raadpleging=geciteerd, soort="open")
    wijzig_status(citaat, CitaatStatus.GOEDGEKEURD, door=redacteur)
    voor = telling(verstuurd)

    verwijder_account(bewoner)

    assert not Reactie.objects.filter(raadpleging=concept).exists()  # a draft goes
    reactie = Reactie.objects.get(raadpleging=verstuurd)
    assert reactie.bewoner is None and reactie.status == ReactieStatus.INGEDIEND
    assert not reactie.antwoorden.filter(soort="open").exists()  # not approved: deleted
    voor.pop(("v-open", "", None))
    assert telling(verstuurd) == voor  # the closed-question counts stay
    assert Antwoord.objects.get(pk=citaat.pk).tekst == "Mag geciteerd worden."  # a quote stays


def _gesloten_geleden(dagen):
    nu = timezone.now()
    return RaadplegingFactory(
        opent_op=nu - timedelta(days=dagen + 30), sluit_op=nu - timedelta(days=dagen)
    )


def test_retention_removes_unsent_responses_and_identities_after_the_period(settings):
    settings.RETENTIE_RAADPLEGING_DAGEN = 365
    oud, recent = _gesloten_geleden(400), _gesloten_geleden(100)
    staat = {}
    for raadpleging in (oud, recent):
        verstuurd, concept = BewonerFactory(), BewonerFactory()
        # Written while open: the domain functions refuse closed consultations.
        sluit_op = raadpleging.sluit_op
        raadpleging.sluit_op = timezone.now() + timedelta(days=1)
        raadpleging.save()
        reageer(raadpleging, verstuurd)
        reageer(raadpleging, concept, versturen=False)
        anoniem = Reactie.objects.create(
            raadpleging=raadpleging,
            email="anoniem@example.org",
            email_sleutel=reacties.email_sleutel("anoniem@example.org"),
            status=ReactieStatus.INGEDIEND,
        )
        wachtend = Reactie.objects.create(
            raadpleging=raadpleging,
            email="wacht@example.org",
            email_sleutel=reacties.email_sleutel("wacht@example.org"),
            status=ReactieStatus.TE_BEVESTIGEN,
        )
        raadpleging.sluit_op = sluit_op
        raadpleging.save()
        staat[raadpleging.pk] = {
            "telling": telling(raadpleging),
            "reacties": (verstuurd, concept, anoniem, wachtend),
            "open": list(Antwoord.objects.filter(raadpleging=raadpleging, soort="open").values()),
        }

    resultaat = pas_bewaarregels_toe()
    assert resultaat["reacties op raadplegingen"] == 4  # 2 deleted, 2 anonymised

    verstuurd, concept, anoniem, wachtend = staat[oud.pk]["reacties"]
    over = {r.pk: r for r in Reactie.objects.filter(raadpleging=oud)}
    assert set(over) == {
        Reactie.objects.get(raadpleging=oud, status=ReactieStatus.INGEDIEND, email_sleutel="").pk,
        anoniem.pk,
    }
    assert all(r.bewoner_id is None and r.email == "" for r in over.values())
    assert over[anoniem.pk].email_sleutel == anoniem.email_sleutel  # one per address stays
    assert telling(oud) == staat[oud.pk]["telling"]  # answers and counts untouched
    assert list(
        Antwoord.objects.filter(raadpleging=oud, soort="open", reactie__in=over).values()
    ) == [a for a in staat[oud.pk]["open"] if a["reactie_id"] in over]

    # Closed less long ago: untouched.
    verstuurd, concept, anoniem, wachtend = staat[recent.pk]["reacties"]
    assert Reactie.objects.filter(raadpleging=recent).count() == 4
    assert Reactie.objects.get(raadpleging=recent, bewoner=verstuurd).status == "ingediend"
    assert Reactie.objects.get(pk=anoniem.pk).email == "anoniem@example.org"
    assert telling(recent) == staat[recent.pk]["telling"]

    assert pas_bewaarregels_toe()["reacties op raadplegingen"] == 0  # nothing left to do


def test_privacy_retention_and_the_district_block_are_registered():
    assert geregistreerde_regels()["reacties op raadplegingen"] is privacy.oude_reacties
    blok = _blokken["raadplegingen"]
    assert blok.volgorde == 55 and blok.sjabloon == "participatie/raadplegingen/wijkblok.html"
