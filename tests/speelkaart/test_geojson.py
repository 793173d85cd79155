"""The map's GeoJSON (/speelkaart/speelplekken.geojson and /speelkaart/wensen.geojson): the
page's filters, a 400 with a Dutch message for bad ones, the properties the map needs, one
query, and HTTP caching (ETag, Last-Modified, 304) that notices every change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

import pytest

from portal.gebieden.models import Buurt
from speelkaart.constants import WensStatus
from speelkaart.models import Melding, Speelplek, Wens
from tests.factories import SpeelplekFactory, WaarderingFactory, WensFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lege_speelkaart(db):
    """The shared test database holds the demo's example play spaces (speelkaart/demo.py);
    these tests state their own play spaces and wishes (rolled back after each test)."""
    Melding.objects.all().delete()
    Wens.objects.all().delete()
    Speelplek.objects.all().delete()


URL = "/speelkaart/speelplekken.geojson"
WENSEN = "/speelkaart/wensen.geojson"


@pytest.fixture
def speelplekken(db):
    tanthof = Buurt.objects.filter(wijk__slug="tanthof").order_by("naam")
    return [
        SpeelplekFactory(naam="Schaduwtuin", in_buurt=tanthof[0], schaduw=True, voor_0_4=True),
        SpeelplekFactory(naam="Zonneveld", in_buurt=tanthof[1], soort="trapveld"),
        SpeelplekFactory(
            naam="Voorbeeldplein",
            in_buurt=Buurt.objects.filter(wijk__slug="voorhof").first(),
            bron="voorbeeld",
        ),
    ]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {feature["id"] for feature in response.json()["features"]}


def test_a_feature_collection_with_what_the_map_shows(client, speelplekken):
    schaduwtuin = speelplekken[0]
    WaarderingFactory(speelplek=schaduwtuin, speelwaarde=5, veiligheid=5, onderhoud=4, leeftijd=4)
    schaduwtuin.herbereken_waarderingen()
    response = client.get(URL)
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    feature = next(f for f in data["features"] if f["id"] == schaduwtuin.pk)
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [float(schaduwtuin.lon), float(schaduwtuin.lat)],
    }
    eigenschappen = feature["properties"]
    assert eigenschappen["naam"] == "Schaduwtuin"
    assert eigenschappen["url"] == f"/speelkaart/{schaduwtuin.slug}/"
    assert eigenschappen["waardering"] == 4.5 and eigenschappen["aantal_waarderingen"] == 1
    assert len(eigenschappen["leeftijden"]) == 2 and len(eigenschappen["voorzieningen"]) == 1
    assert eigenschappen["is_voorbeeld"] is False
    for naam in ("soort", "status", "waardering_tekst"):
        assert eigenschappen[naam]
    voorbeeld = next(f for f in data["features"] if f["id"] == speelplekken[2].pk)
    assert voorbeeld["properties"]["is_voorbeeld"] is True
    assert voorbeeld["properties"]["waardering"] is None


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ("voorziening=schaduw", {0}),
        ("soort=trapveld", {1}),
        ("wijk=tanthof", {0, 1}),
        ("wijk=voorhof&leeftijd=voor_4_8", {2}),
        ("leeftijd=voor_0_4&leeftijd=voor_12_plus", {0}),
        ("onbekend=genegeerd&pagina=3&buurt=abtswoude", {0, 1, 2}),
    ],
)
def test_the_same_filters_as_the_page(client, speelplekken, query, verwacht):
    assert ids(client.get(f"{URL}?{query}")) == {speelplekken[i].pk for i in verwacht}


@pytest.mark.parametrize(
    "query", ["soort=kasteel", "wijk=atlantis", "leeftijd=baby", "voorziening=x"]
)
def test_bad_filters_are_a_400_with_a_dutch_message(client, speelplekken, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["fout"]
    assert any("Selecteer een geldige keuze" in m for m in sum(data["velden"].values(), []))


def test_one_query_when_warm_and_cacheable_by_browsers(client, speelplekken):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(queries) == 1
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"].startswith('W/"')
    laatste = Speelplek.objects.order_by("-gewijzigd").first().gewijzigd
    assert response["Last-Modified"] == http_date(int(laatste.timestamp()))


def test_the_body_is_built_from_one_values_query_when_cold(client, speelplekken):
    client.get(URL + "?wijk=tanthof")  # districts and neighbourhoods of the form are cached
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) == 2  # the state, then the rows
    SpeelplekFactory.create_batch(20)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) == 2


def test_an_unchanged_map_answers_304(client, speelplekken):
    eerste = client.get(URL + "?wijk=tanthof")
    etag, gewijzigd = eerste["ETag"], eerste["Last-Modified"]
    opnieuw = client.get(URL + "?wijk=tanthof", HTTP_IF_NONE_MATCH=etag)
    assert opnieuw.status_code == 304 and opnieuw.content == b""
    assert opnieuw["ETag"] == etag and "max-age=300" in opnieuw["Cache-Control"]
    assert client.get(URL + "?wijk=tanthof", HTTP_IF_MODIFIED_SINCE=gewijzigd).status_code == 304
    # Other filters are another resource with another ETag.
    ander = client.get(URL + "?wijk=voorhof", HTTP_IF_NONE_MATCH=etag)
    assert ander.status_code == 200 and ander["ETag"] != etag


def test_a_change_gives_a_new_etag(client, speelplekken):
    etag = client.get(URL)["ETag"]
    speelplekken[1].naam = "Zonneveld (vernieuwd)"
    speelplekken[1].save()
    vernieuwd = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert vernieuwd.status_code == 200 and vernieuwd["ETag"] != etag
    assert "Zonneveld (vernieuwd)" in vernieuwd.content.decode()


def test_a_new_rating_gives_a_new_etag_though_gewijzigd_stays(client, speelplekken):
    etag = client.get(URL)["ETag"]
    WaarderingFactory(speelplek=speelplekken[0])
    speelplekken[0].herbereken_waarderingen()  # an update without touching gewijzigd
    vernieuwd = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert vernieuwd.status_code == 200
    feature = next(f for f in vernieuwd.json()["features"] if f["id"] == speelplekken[0].pk)
    assert feature["properties"]["aantal_waarderingen"] == 1


def test_a_deleted_play_space_gives_a_new_etag(client, speelplekken):
    etag = client.get(URL)["ETag"]
    speelplekken[1].delete()
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_compressed_copies_for_clients_that_accept_them(client, speelplekken):
    SpeelplekFactory.create_batch(5)
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]


# --- Wishes ----------------------------------------------------------------------------------


def test_the_wishes_layer_has_only_published_wishes(client):
    zichtbaar = {
        WensFactory(titel=f"Wens {status}", status=status).pk
        for status in (WensStatus.GEPUBLICEERD, WensStatus.IN_BEHANDELING, WensStatus.GEREALISEERD)
    }
    for status in (WensStatus.INGEDIEND, WensStatus.AFGEWEZEN):
        WensFactory(titel=f"Verborgen {status}", status=status)
    response = client.get(WENSEN)
    assert ids(response) == zichtbaar
    assert "Verborgen" not in response.content.decode()
    # No resident leaves with a wish.
    for feature in response.json()["features"]:
        assert set(feature["properties"]) == {
            "titel",
            "soort",
            "status",
            "aantal_steun",
            "steun_tekst",
            "buurt",
            "speelplek",
            "speelplek_url",
        }


def test_the_page_lists_the_same_published_wishes(client):
    zichtbaar = WensFactory(titel="Een klimrek bij de school", status=WensStatus.GEPUBLICEERD)
    WensFactory(titel="Nog niet gemodereerd", status=WensStatus.INGEDIEND)
    pagina = client.get("/speelkaart/").content.decode()
    assert "Een klimrek bij de school" in pagina and "Nog niet gemodereerd" not in pagina
    assert f'data-wens="{zichtbaar.pk}"' in pagina


def test_the_wishes_layer_follows_the_district_filter_and_its_status(client):
    tanthof = Buurt.objects.filter(wijk__slug="tanthof").first()
    voorhof = Buurt.objects.filter(wijk__slug="voorhof").first()
    hier = WensFactory(in_buurt=tanthof, status=WensStatus.GEPUBLICEERD)
    WensFactory(in_buurt=voorhof, status=WensStatus.GEPUBLICEERD)
    assert ids(client.get(f"{WENSEN}?wijk=tanthof")) == {hier.pk}
    etag = client.get(WENSEN)["ETag"]
    from speelkaart.statemachine import wijzig_status

    wijzig_status(hier, WensStatus.AFGEWEZEN)
    vernieuwd = client.get(WENSEN, HTTP_IF_NONE_MATCH=etag)
    assert vernieuwd.status_code == 200 and hier.pk not in ids(vernieuwd)
    assert client.get(f"{WENSEN}?wijk=nergens").status_code == 400
