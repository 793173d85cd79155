"""The map's data as GeoJSON, serialised once and kept in the cache.

Two payloads feed the map page (static/js/speelkaart.js): the filtered play spaces
(``/speelkaart/speelplekken.geojson?<filters>``) and the published wishes
(``/speelkaart/wensen.geojson``); the open-data downloads (speelkaart/opendata.py) use the same
mechanism.

Freshness: one aggregate query per request reads the *state* of the table (``stand_*``): the
latest ``gewijzigd``, the number of rows and, for play spaces, the sums of the rating
aggregates (``Speelplek.herbereken_waarderingen`` updates those without touching
``gewijzigd``). The state, the kind of payload, the normalised filters and the language are
the cache key and the ETag; the latest ``gewijzigd`` is the Last-Modified. Any change
anywhere starts a new state, so a cached body is never stale and nothing has to be
invalidated. (A new rating leaves ``gewijzigd`` as it is: a client that revalidates with
If-Modified-Since only may keep its copy until max-age; browsers send If-None-Match too, which
wins.) A warm request is that one query and a cache read: no model instances, no
serialisation. A cold one builds dicts from ``.values()`` and serialises them once, with
compressed copies (portal/core/compressie.py).
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Sum
from django.utils import translation

from portal.core.compressie import comprimeer

from .models import Speelplek, Wens
from .queries import (
    GEMIDDELDEN,
    KAART_VELDEN,
    Labels,
    kenmerken,
    openbare_wensen,
    wens_kenmerken,
)

PAYLOAD_SLEUTEL = "speelkaart:payload:{hash}"
# A state is never reused once the data change; the entry only has to outlive a burst.
PAYLOAD_SECONDEN = 10 * 60


def stand_speelplekken() -> dict:
    """The state of all play spaces, in one query: {"sleutel": str, "gewijzigd": datetime}."""
    stand = Speelplek.objects.aggregate(
        gewijzigd=Max("gewijzigd"),
        aantal=Count("pk"),
        waarderingen=Sum("aantal_waarderingen"),
        **{veld: Sum(veld) for veld in GEMIDDELDEN},
    )
    return _als_stand(stand)


def stand_wensen() -> dict:
    """The state of all wishes (a status change saves ``gewijzigd``), in one query."""
    return _als_stand(Wens.objects.aggregate(gewijzigd=Max("gewijzigd"), aantal=Count("pk")))


def _als_stand(stand: dict) -> dict:
    gewijzigd = stand["gewijzigd"]
    sleutel = "|".join(
        v.isoformat() if isinstance(v, datetime) else str(v) for _k, v in sorted(stand.items())
    )
    return {"sleutel": sleutel, "gewijzigd": gewijzigd}


def bewaarde_payload(
    soort: str, stand: dict, params: list[tuple[str, str]], bouw: Callable[[], bytes]
) -> dict:
    """The body of ``soort`` for these filters in this state: ``inhoud`` (bytes),
    ``varianten`` (compressed copies), ``etag``, ``gewijzigd`` (Last-Modified, may be None).
    ``bouw`` makes the body when the cache has none."""
    sleutelbron = json.dumps([soort, translation.get_language(), stand["sleutel"], params])
    hash_ = hashlib.sha256(sleutelbron.encode()).hexdigest()[:40]
    sleutel = PAYLOAD_SLEUTEL.format(hash=hash_)
    payload = cache.get(sleutel)
    if payload is None:
        inhoud = bouw()
        payload = {
            "inhoud": inhoud,
            "varianten": comprimeer(inhoud),
            "etag": f'W/"{hash_[:32]}"',
            "gewijzigd": stand["gewijzigd"],
        }
        cache.set(sleutel, payload, PAYLOAD_SECONDEN)
    return payload


def serialiseer(data: dict) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _punt(lat, lon) -> dict:
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def speelplekken_collection(speelplekken) -> dict:
    """A FeatureCollection of ``speelplekken`` (a queryset), from one ``.values()`` query."""
    labels = Labels()
    features = []
    for rij in speelplekken.values(*KAART_VELDEN):
        eigenschappen = kenmerken(rij, labels)
        gem = eigenschappen.pop("gemiddelde")
        del eigenschappen["pk"], eigenschappen["is_open"]
        eigenschappen["waardering"] = float(gem) if gem is not None else None
        features.append(
            {
                "type": "Feature",
                "id": rij["pk"],
                "geometry": _punt(rij["lat"], rij["lon"]),
                "properties": eigenschappen,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def wensen_collection(wijk_id: int | None = None) -> dict:
    """The published wishes that have a place (the list on the page also names those
    without one)."""
    labels = Labels()
    features = []
    for rij in openbare_wensen(wijk_id):
        if rij["lat"] is None or rij["lon"] is None:
            continue
        eigenschappen = wens_kenmerken(rij, labels)
        features.append(
            {
                "type": "Feature",
                "id": eigenschappen.pop("pk"),
                "geometry": _punt(rij["lat"], rij["lon"]),
                "properties": eigenschappen,
            }
        )
    return {"type": "FeatureCollection", "features": features}
