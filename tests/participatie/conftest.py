"""Fixtures for applications: schemes built by factories with the rules each test relies on
(stated here, not taken from the demo loader), and a helper that fills the steps."""

import io
import threading
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest
from PIL import Image

from participatie.constants import Planning, Soort
from participatie.models import Aanvraag
from tests.factories import RegelingFactory


def punt_in(buurtnaam: str) -> tuple[str, str]:
    """A point inside a CBS buurt, from its real boundary."""
    from shapely.geometry import shape

    from portal.gebieden.models import Buurt

    punt = shape(Buurt.objects.get(naam=buurtnaam).grens).representative_point()
    return f"{punt.y:.6f}", f"{punt.x:.6f}"


@pytest.fixture
def ingelogd(client, bewoner):
    """The test client, logged in as a resident with a verified address."""
    client.force_login(bewoner)
    return client


@pytest.fixture
def straatfeest(db):
    """A street-party cheque: up to € 150, 21 days ahead, one per street per year, 5 households."""
    return RegelingFactory(
        soort=Soort.STRAATFEESTCHEQUE,
        titel="Straatfeestcheque",
        bedrag=Decimal("150.00"),
        min_dagen_vooraf=21,
        max_per_straat_per_jaar=1,
        min_huishoudens=5,
    )


@pytest.fixture
def speelstraat(db):
    """A play street: no money, 42 days ahead, one per street, 70 % of the street consents."""
    return RegelingFactory(
        soort=Soort.SPEELSTRAAT,
        titel="Speelstraat",
        vast_bedrag=True,
        uit_wijkbudget=False,
        min_dagen_vooraf=42,
        max_per_straat_per_jaar=1,
        min_huishoudens=3,
        min_instemming_pct=70,
        instemming_verplicht=True,
        planning=Planning.PERIODE,
    )


@pytest.fixture
def zelfbeheer(db):
    """Self-management: no activity date, a photo and a signed agreement required."""
    return RegelingFactory(
        soort=Soort.ZELFBEHEER,
        titel="Zelfbeheer",
        bedrag=Decimal("500.00"),
        planning=Planning.GEEN,
        min_huishoudens=2,
        foto_verplicht=True,
        overeenkomst_verplicht=True,
    )


@pytest.fixture
def budget(tanthof):
    """This year's budget for Tanthof, € 500 (replacing the demo's example budget)."""
    from participatie.models import Wijkbudget

    jaar = timezone.localdate().year
    Wijkbudget.objects.filter(wijken=tanthof, jaar=jaar).delete()
    budget = Wijkbudget.objects.create(naam="Tanthof (test)", jaar=jaar, bedrag=Decimal("500.00"))
    budget.wijken.add(tanthof)
    return budget


def png_bestand(naam="foto.png", content_type="image/png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(naam, buffer.getvalue(), content_type=content_type)


def start(client, regeling) -> Aanvraag:
    response = client.post(reverse("participatie:nieuw", kwargs={"regeling_pk": regeling.pk}))
    assert response.status_code == 302, response
    return Aanvraag.objects.filter(regeling=regeling).latest("aangemaakt")


def stap_url(aanvraag, n):
    return reverse("participatie:stap", kwargs={"pk": aanvraag.pk, "stap": n})


def huishoudens_data(aantal, akkoord=True, totaal=None):
    totaal = totaal if totaal is not None else max(aantal, 3)
    data = {
        "huishoudens-TOTAL_FORMS": str(totaal),
        "huishoudens-INITIAL_FORMS": "0",
        "huishoudens-MIN_NUM_FORMS": "0",
        "huishoudens-MAX_NUM_FORMS": "1000",
    }
    for i in range(aantal):
        data[f"huishoudens-{i}-adres"] = f"Roland Holstlaan {i + 1}"
        data[f"huishoudens-{i}-naam"] = f"Buur {i + 1}"
        if akkoord:
            data[f"huishoudens-{i}-akkoord"] = "on"
    return data


# Step 4's contact details as a resident fills them in (with a valid test IBAN).
STAP4 = {
    "naam_aanvrager": "Jan de Buur",
    "adres_aanvrager": "Roland Holstlaan 12, 2624 HE Delft",
    "iban": "NL91 ABNA 0417 1643 00",
    "privacy_akkoord": "on",
}


def vul_in(client, aanvraag, *, stap1=None, stap2=None, stap3=None, stap4=None, huishoudens=5):
    """Post all four steps with valid data (overridable); returns the last response."""
    regeling = aanvraag.regeling
    datum = timezone.localdate() + timedelta(days=regeling.min_dagen_vooraf + 7)
    lat, lon = punt_in("Roland Holstbuurt")
    stappen = {
        1: {
            "titel": "Zomerfeest Roland Holstlaan",
            "omschrijving": "Een feest voor de hele straat.",
        },
        2: {
            "straat": "Roland Holstlaan",
            "huisnummer": "12",
            "locatie_lat": lat,
            "locatie_lon": lon,
        },
        3: {
            "activiteit_datum": datum.isoformat(),
            # A play street (Regeling.planning) also asks for its period, times and stretch.
            "einddatum": (datum + timedelta(days=90)).isoformat(),
            "vaste_tijden": "Woensdag 14.00–17.00 uur",
            "straatdeel": "Roland Holstlaan, nummers 2 tot 40",
            "gevraagd_bedrag": "125,50",
            "huishoudens_in_straat": "6",
            **huishoudens_data(huishoudens),
        },
        4: {**STAP4, "telefoon": ""},
    }
    for n, extra in ((1, stap1), (2, stap2), (3, stap3), (4, stap4)):
        data = {**stappen[n], **(extra or {})}
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(stap_url(aanvraag, n), data)
        if response.status_code != 302:
            return response
    return response


def dien_in(client, aanvraag):
    aanvraag.refresh_from_db()
    return client.post(
        reverse("participatie:indienen", kwargs={"pk": aanvraag.pk}),
        {"sleutel": str(aanvraag.indien_sleutel)},
    )


def in_eigen_draad(functie):
    """Run ``functie`` on a connection of its own, outside the test's transaction: what it
    writes is committed and visible to the other threads' connections."""
    uitkomst = {}

    def werk():
        try:
            uitkomst["waarde"] = functie()
        except BaseException as fout:  # noqa: BLE001 - re-raised in the test's thread
            uitkomst["fout"] = fout
        finally:
            connection.close()

    draad = threading.Thread(target=werk)
    draad.start()
    draad.join(timeout=300)
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst.get("waarde")


def teller_terugzetten():
    """The reference counters as they are now, and a function that puts them back: tests that
    commit (real parallel connections) must not leave numbers used for the tests after them."""
    from participatie.models import Referentieteller

    voor = dict(Referentieteller.objects.values_list("jaar", "laatste"))

    def terug():
        Referentieteller.objects.exclude(jaar__in=voor).delete()
        for jaar, laatste in voor.items():
            Referentieteller.objects.filter(jaar=jaar).update(laatste=laatste)

    return terug
