"""Point → buurt and wijk.

The index (an STRtree of prepared buurt polygons) is built once per process on first use and
rebuilt only when the loader changes the boundaries (``reset_index``). Boundaries change once a
year at most; a web process that started before a refresh keeps the old index until it restarts,
which the README's deployment notes state.
"""

import math
import threading
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shapely import Point, STRtree, prepare
from shapely.geometry import shape

from .models import Buurt, Wijk


class PuntBuitenDelft(ValidationError):
    """The point lies outside every buurt of Delft."""

    def __init__(self):
        super().__init__(
            _("This location is outside the municipality of Delft. Choose a place in Delft."),
            code="buiten_delft",
        )


@dataclass(frozen=True)
class Locatie:
    buurt: Buurt
    wijk: Wijk


class _BuurtIndex:
    def __init__(self, buurten: list[Buurt]):
        self.buurten = buurten
        geometrieen = [shape(buurt.grens) for buurt in buurten]
        for geometrie in geometrieen:
            prepare(geometrie)
        self.geometrieen = geometrieen
        self.tree = STRtree(geometrieen)

    def zoek(self, lat: float, lon: float) -> Buurt | None:
        punt = Point(lon, lat)  # GeoJSON order: x = longitude, y = latitude
        for index in self.tree.query(punt):
            if self.geometrieen[index].covers(punt):
                return self.buurten[index]
        return None


_index: _BuurtIndex | None = None
_lock = threading.Lock()


def _get_index() -> _BuurtIndex:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                buurten = list(Buurt.objects.select_related("wijk").exclude(grens={}))
                _index = _BuurtIndex(buurten)
    return _index


def reset_index() -> None:
    """Forget the index; the next lookup rebuilds it from the database."""
    global _index
    with _lock:
        _index = None


def buurt_voor_punt(lat: float, lon: float) -> Locatie:
    """Return the buurt and wijk that contain the point, or raise ``PuntBuitenDelft``."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise PuntBuitenDelft() from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise PuntBuitenDelft()
    buurt = _get_index().zoek(lat, lon)
    if buurt is None:
        raise PuntBuitenDelft()
    return Locatie(buurt=buurt, wijk=buurt.wijk)


def afstand_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres between two WGS84 points (haversine; ample within a
    city)."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
