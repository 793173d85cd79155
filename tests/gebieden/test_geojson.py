import pytest

pytestmark = pytest.mark.django_db


def test_all_districts_as_geojson(client):
    response = client.get("/gebieden/wijken.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=3600" in response["Cache-Control"]
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["naam"] for f in data["features"]][:2] == ["Binnenstad", "Vrijenban"]
    assert len(data["features"]) == 8
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in data["features"])


def test_one_district_with_its_neighbourhoods(client):
    data = client.get("/gebieden/wijken/buitenhof.geojson").json()
    wijk, *buurten = data["features"]
    assert wijk["properties"] == {
        "soort": "wijk",
        "naam": "Buitenhof",
        "slug": "buitenhof",
        "url": None,
    }
    assert len(buurten) == 11
    aandacht = {b["properties"]["naam"] for b in buurten if b["properties"]["is_aandachtsbuurt"]}
    assert aandacht == {"Gillisbuurt", "Het Rode Dorp", "Reinier de Graafbuurt", "Buitenhof-Noord"}


def test_unknown_district_is_404(client):
    assert client.get("/gebieden/wijken/atlantis.geojson").status_code == 404


def test_geojson_is_read_only(client):
    assert client.post("/gebieden/wijken.geojson").status_code == 405


# --- Validators and compression (portal/gebieden/geojson.py) --------------------------------

GEOJSON = ["/gebieden/wijken.geojson", "/gebieden/wijken/buitenhof.geojson"]


@pytest.mark.parametrize("pad", GEOJSON)
def test_an_unchanged_payload_answers_304_to_its_etag(client, pad):
    eerste = client.get(pad)
    assert eerste["ETag"].startswith('W/"') and eerste.has_header("Last-Modified")

    nogmaals = client.get(pad, headers={"If-None-Match": eerste["ETag"]})
    assert nogmaals.status_code == 304 and nogmaals.content == b""
    assert "max-age=3600" in nogmaals["Cache-Control"]

    sinds = client.get(pad, headers={"If-Modified-Since": eerste["Last-Modified"]})
    assert sinds.status_code == 304

    anders = client.get(pad, headers={"If-None-Match": 'W/"iets-anders"'})
    assert anders.status_code == 200 and anders.content == eerste.content


@pytest.mark.parametrize("pad", GEOJSON)
def test_every_process_gives_the_same_etag(client, pad):
    """The ETag is a hash of the body, not of a per-process version."""
    from django.core.cache import cache

    eerste = client.get(pad)["ETag"]
    cache.clear()
    assert client.get(pad)["ETag"] == eerste


def test_new_boundaries_give_a_new_etag(client):
    from portal.gebieden.geojson import nieuwe_grensversie
    from portal.gebieden.models import Wijk

    oud = client.get("/gebieden/wijken.geojson")
    wijk = Wijk.objects.get(slug="tanthof")
    wijk.grens = {
        "type": "Polygon",
        "coordinates": [[[4.3, 52.0], [4.31, 52.0], [4.3, 52.01], [4.3, 52.0]]],
    }
    wijk.save(update_fields=["grens"])
    nieuwe_grensversie()  # what the loader does on commit

    nieuw = client.get("/gebieden/wijken.geojson", headers={"If-None-Match": oud["ETag"]})
    assert nieuw.status_code == 200 and nieuw["ETag"] != oud["ETag"]
    tanthof = next(f for f in nieuw.json()["features"] if f["id"] == "tanthof")
    assert tanthof["geometry"] == wijk.grens


@pytest.mark.parametrize("pad", GEOJSON)
def test_payloads_are_sent_compressed(client, pad):
    import gzip

    import brotli

    leesbaar = client.get(pad).content
    gz = client.get(pad, headers={"Accept-Encoding": "gzip"})
    br = client.get(pad, headers={"Accept-Encoding": "gzip, br"})
    assert gzip.decompress(gz.content) == leesbaar == brotli.decompress(br.content)
    assert (gz["Content-Encoding"], br["Content-Encoding"]) == ("gzip", "br")
    assert "Accept-Encoding" in br["Vary"]
    assert len(br.content) < len(leesbaar) / 3


@pytest.mark.parametrize("pad", GEOJSON)
def test_a_stored_payload_costs_no_query(client, pad, django_assert_max_num_queries):
    client.get(pad)
    with django_assert_max_num_queries(0):
        assert client.get(pad).status_code == 200


def test_the_loader_starts_a_new_boundary_version(django_capture_on_commit_callbacks):
    from portal.gebieden.geojson import grensversie
    from portal.gebieden.laden import laad_gebieden

    oud = grensversie()
    with django_capture_on_commit_callbacks(execute=True):
        laad_gebieden()
    assert grensversie() >= oud
    from django.core.cache import cache

    assert cache.get("gebieden:grensversie") is not None
