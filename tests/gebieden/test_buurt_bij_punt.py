"""GET /gebieden/buurt-bij-punt/?lat=..&lon=..: the neighbourhood and district at a point, for
the location picker's status line. Outside Delft 404, unusable coordinates 400, both as JSON with
a message; never a 500."""

from django.urls import reverse
from django.utils import translation

import pytest
from shapely.geometry import shape

from portal.gebieden.lookup import buurt_voor_punt
from portal.gebieden.models import Buurt

pytestmark = pytest.mark.django_db

URL = reverse("gebieden:buurt_bij_punt")
DEN_HAAG = {"lat": "52.0799", "lon": "4.3113"}


def punt_in(buurtnaam: str) -> dict[str, str]:
    punt = shape(Buurt.objects.get(naam=buurtnaam).grens).representative_point()
    return {"lat": f"{punt.y:.6f}", "lon": f"{punt.x:.6f}"}


def test_a_point_in_delft_gives_its_neighbourhood_and_district(client):
    response = client.get(URL, punt_in("Tanthofkadebuurt"))
    assert response.status_code == 200
    assert response.json() == {"buurt": "Tanthofkadebuurt", "wijk": "Tanthof"}
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


def test_a_point_outside_delft_is_404_with_the_dutch_message(client):
    response = client.get(URL, DEN_HAAG)
    assert response.status_code == 404
    with translation.override("nl"):
        assert "buiten de gemeente Delft" in response.json()["fout"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"lat": "52.0"},
        {"lon": "4.36"},
        {"lat": "", "lon": ""},
        {"lat": "abc", "lon": "4.36"},
        {"lat": "52,01", "lon": "4,36"},  # a Dutch decimal comma is not a coordinate here
        {"lat": "nan", "lon": "4.36"},
        {"lat": "inf", "lon": "4.36"},
        {"lat": "1e999", "lon": "4.36"},
        {"lat": "91", "lon": "4.36"},
        {"lat": "52.0", "lon": "-181"},
    ],
)
def test_missing_malformed_or_impossible_coordinates_are_400(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["fout"]


def test_answering_costs_no_queries_once_the_index_is_built(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    punt = punt_in("Roland Holstbuurt")
    buurt_voor_punt(punt["lat"], punt["lon"])  # the index is built once per process
    with django_assert_num_queries(0):
        assert client.get(URL, punt).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(URL, {"lat": "x"}).status_code == 400
    # Wagtail's redirect middleware looks up every 404 (site and redirects).
    with django_assert_max_num_queries(3):
        assert client.get(URL, DEN_HAAG).status_code == 404


def test_is_read_only(client):
    assert client.post(URL, punt_in("Roland Holstbuurt")).status_code == 405
