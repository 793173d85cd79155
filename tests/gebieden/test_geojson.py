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
