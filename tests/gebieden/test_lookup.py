from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from shapely.geometry import shape

from portal.gebieden import lookup
from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt
from portal.gebieden.models import Buurt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nieuwe_index():
    lookup.reset_index()
    yield
    lookup.reset_index()


def test_a_point_inside_each_neighbourhood_finds_that_neighbourhood():
    for buurt in Buurt.objects.select_related("wijk"):
        punt = shape(buurt.grens).representative_point()
        locatie = buurt_voor_punt(punt.y, punt.x)
        assert locatie.buurt.pk == buurt.pk, buurt.naam
        assert locatie.wijk.pk == buurt.wijk_id


def test_market_square_lies_in_the_binnenstad():
    # Markt, Delft (between the Nieuwe Kerk and the town hall).
    locatie = buurt_voor_punt(52.01165, 4.35886)
    assert locatie.wijk.naam == "Binnenstad"


@pytest.mark.parametrize(
    "lat, lon",
    [
        (52.0799, 4.3113),  # The Hague
        (51.9225, 4.4792),  # Rotterdam
        (0, 0),
        (float("nan"), 4.36),
        ("abc", 4.36),
        (None, None),
        (952.0, 4.36),
    ],
)
def test_points_outside_delft_raise_a_clear_dutch_error(lat, lon):
    with pytest.raises(PuntBuitenDelft) as excinfo:
        buurt_voor_punt(lat, lon)
    with translation.override("nl"):
        assert "buiten de gemeente Delft" in excinfo.value.messages[0]


def test_the_index_is_built_once_per_process():
    buurt_voor_punt(52.01165, 4.35886)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            buurt_voor_punt(52.01165, 4.35886)
            buurt_voor_punt(51.995, 4.345)
    assert len(queries) == 0
