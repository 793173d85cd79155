"""GeoJSON FeatureCollections of districts and neighbourhoods, for maps.

Every public map draws from one of two payloads: all districts (``/gebieden/wijken.geojson``:
the home page's map and the location picker) or one district with its neighbourhoods
(``/gebieden/wijken/<slug>.geojson``: the district page). They hold geography only, the same
for every page and visitor; where a district on the map links to comes from the page that shows
the map (``templates/components/map.html``), so browsers fetch and keep one districts payload.

Boundaries change only when ``laad_gebieden`` runs (about once a year), which starts a new
boundary version (``nieuwe_grensversie``). Each payload is serialised once per version and kept
in the cache with its compressed copies (``portal/core/compressie.py``) and an ETag, a hash of
the body, so every web process gives the same ETag; the version's time is the Last-Modified.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import datetime

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from portal.core.compressie import comprimeer

from .models import Buurt, Wijk

GRENSVERSIE_SLEUTEL = "gebieden:grensversie"
PAYLOAD_SLEUTEL = "gebieden:geojson:{naam}:{versie}"
# Cached payloads are rebuilt at least this often (the browsers' max-age is the same hour), so
# a web process with the local-memory cache picks up a reload within the hour.
PAYLOAD_SECONDEN = 60 * 60


def wijk_feature(wijk: Wijk, url: str | None = None) -> dict:
    return {
        "type": "Feature",
        "id": wijk.slug,
        "geometry": wijk.grens,
        "properties": {"soort": "wijk", "naam": wijk.naam, "slug": wijk.slug, "url": url},
    }


def buurt_feature(buurt: Buurt) -> dict:
    return {
        "type": "Feature",
        "id": buurt.bron_id,
        "geometry": buurt.grens,
        "properties": {
            "soort": "buurt",
            "naam": buurt.naam,
            "code": buurt.code,
            "is_aandachtsbuurt": buurt.is_aandachtsbuurt,
            "url": None,
        },
    }


def wijken_collection(wijken: Iterable[Wijk]) -> dict:
    return {"type": "FeatureCollection", "features": [wijk_feature(wijk) for wijk in wijken]}


def wijk_met_buurten_collection(wijk: Wijk) -> dict:
    """The district outline followed by its neighbourhoods."""
    buurten = wijk.buurten.order_by("naam")
    return {
        "type": "FeatureCollection",
        "features": [wijk_feature(wijk)] + [buurt_feature(buurt) for buurt in buurten],
    }


def grensversie() -> datetime:
    """When the boundaries were last loaded, as far as the cache knows: the loader's time, or
    the first time this cache needed a version (then Last-Modified is later than the load,
    which only costs a client a full answer instead of a 304)."""
    versie = cache.get(GRENSVERSIE_SLEUTEL)
    if versie is None:
        cache.add(GRENSVERSIE_SLEUTEL, timezone.now(), None)
        versie = cache.get(GRENSVERSIE_SLEUTEL) or timezone.now()
    return versie


def nieuwe_grensversie() -> None:
    """The loader changed the boundaries (called on commit by ``laden.laad_gebieden``)."""
    cache.set(GRENSVERSIE_SLEUTEL, timezone.now(), None)


def bewaarde_geojson(naam: str, bouw: Callable[[], dict]) -> dict:
    """The payload ``naam`` of the current boundary version: ``inhoud`` (bytes),
    ``varianten`` (compressed copies), ``etag`` and ``gewijzigd`` (Last-Modified).
    ``bouw`` makes the FeatureCollection when the cache has none (it may raise Http404)."""
    versie = grensversie()
    sleutel = PAYLOAD_SLEUTEL.format(naam=naam, versie=versie.isoformat())
    payload = cache.get(sleutel)
    if payload is None:
        inhoud = json.dumps(bouw(), cls=DjangoJSONEncoder, separators=(",", ":")).encode()
        payload = {
            "inhoud": inhoud,
            "varianten": comprimeer(inhoud),
            "etag": f'W/"{hashlib.sha256(inhoud).hexdigest()[:32]}"',
            "gewijzigd": versie,
        }
        cache.set(sleutel, payload, PAYLOAD_SECONDEN)
    return payload
