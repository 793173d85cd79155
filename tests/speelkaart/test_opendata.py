"""Open data (/speelkaart/open-data/speelplekken.geojson and .csv): every play space with its
rating aggregates, no personal data, a licence, formula-safe CSV and HTTP caching."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from speelkaart.models import Melding, Speelplek, Wens
from speelkaart.opendata import KOLOMMEN, LICENTIE, veilige_cel
from tests.factories import SpeelplekFactory, WaarderingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lege_speelkaart(db):
    """The shared test database holds the demo's example play spaces (speelkaart/demo.py);
    these tests state their own play spaces and wishes (rolled back after each test)."""
    Melding.objects.all().delete()
    Wens.objects.all().delete()
    Speelplek.objects.all().delete()


GEOJSON = "/speelkaart/open-data/speelplekken.geojson"
CSV = "/speelkaart/open-data/speelplekken.csv"


@pytest.fixture
def beoordeeld(db):
    """A play space rated by a resident who left a comment (published)."""
    speelplek = SpeelplekFactory(naam="Speeltuin De Hoven", omschrijving="Met een zandbak.")
    waardering = WaarderingFactory(
        speelplek=speelplek,
        speelwaarde=5,
        opmerking="Mijn zoon Pietje speelt hier graag.",
        opmerking_status="gepubliceerd",
    )
    speelplek.herbereken_waarderingen()
    speelplek.refresh_from_db()
    return speelplek, waardering


def rijen(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_every_play_space_with_its_rating_aggregates(client, beoordeeld):
    speelplek, _waardering = beoordeeld
    SpeelplekFactory.create_batch(3)
    data = client.get(GEOJSON).json()
    assert len(data["features"]) == 4
    eigenschappen = next(f for f in data["features"] if f["id"] == speelplek.pk)["properties"]
    assert eigenschappen["aantal_waarderingen"] == 1 and eigenschappen["gem_speelwaarde"] == 5.0
    assert eigenschappen["soort"] == "speeltuin" and eigenschappen["toestellen"] == [
        "schommel",
        "glijbaan",
    ]
    assert eigenschappen["url"].endswith(f"/speelkaart/{speelplek.slug}/")
    tabel = rijen(client.get(CSV))
    assert len(tabel) == 4 and list(tabel[0]) == KOLOMMEN
    rij = next(r for r in tabel if r["id"] == str(speelplek.pk))
    assert rij["aantal_waarderingen"] == "1" and rij["gem_speelwaarde"] == "5.00"
    assert rij["voor_4_8"] == "ja" and rij["toilet"] == "nee"


def test_no_personal_data_in_either_file(client, beoordeeld):
    _speelplek, waardering = beoordeeld
    for url in (GEOJSON, CSV):
        inhoud = client.get(url).content.decode()
        assert waardering.bewoner.email not in inhoud
        assert waardering.bewoner.last_name not in inhoud
        assert "Pietje" not in inhoud  # comments stay on the site
        assert "@" not in inhoud


def test_the_licence_is_in_the_geojson_and_in_a_link_header(client, beoordeeld):
    response = client.get(GEOJSON)
    licentie = response.json()["licentie"]
    assert licentie["naam"] == "CC BY 4.0" and licentie["naamsvermelding"] == "Gemeente Delft"
    assert "OpenStreetMap" in licentie["uitzondering"]
    for url in (GEOJSON, CSV):
        response = client.get(url)
        assert response["Link"] == f'<{LICENTIE["url"]}>; rel="license"'
        assert response["Content-Disposition"].startswith("attachment;")
    assert client.get(CSV)["Content-Type"] == "text/csv; charset=utf-8"
    # A plain table: the header is the first line (no comment line before it).
    assert client.get(CSV).content.decode().startswith("id,naam,")


def test_csv_cells_cannot_be_formulas(client):
    SpeelplekFactory(
        naam='=HYPERLINK("http://kwaad.example","klik")',
        beheerder="+31 15 260 2222",
        omschrijving="@SUM(A1:A9)",
        toestellen="-schommel",
    )
    rij = rijen(client.get(CSV))[0]
    assert rij["naam"].startswith("'=")
    assert rij["beheerder"].startswith("'+")
    assert rij["omschrijving"].startswith("'@")
    assert rij["toestellen"].startswith("'-")
    # Numbers stay numbers.
    assert not rij["lat"].startswith("'") and not rij["aantal_waarderingen"].startswith("'")


@pytest.mark.parametrize(
    ("waarde", "cel"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\tx", "'\tx"),
        ("gewoon", "gewoon"),
        (True, "ja"),
        (False, "nee"),
        (None, ""),
        (-3, "-3"),
    ],
)
def test_a_cell_is_neutralised_only_when_it_is_text(waarde, cel):
    assert veilige_cel(waarde) == cel


def test_downloads_are_cached_with_validators(client, beoordeeld):
    for url in (GEOJSON, CSV):
        eerste = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            opnieuw = client.get(url, HTTP_IF_NONE_MATCH=eerste["ETag"])
        assert opnieuw.status_code == 304 and len(queries) == 1
        assert "public" in eerste["Cache-Control"] and eerste["Last-Modified"]
