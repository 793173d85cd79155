"""Address → point, for one check only: does the point a resident clicked lie near the street
they typed (``participatie.forms.Stap2Form``)?

Optional and best effort: the portal never depends on it. Switched off (``GEOCODER_URL`` empty,
as in the tests and offline), slow or down, ``zoek_adres`` answers None and the form simply
gives no warning. A failure pauses every call for a minute, shared through the cache, so an
outage costs one timeout instead of one per form. Answers, found or not, are cached for a day:
addresses do not move. The cache keys are hashes, so no address is readable in the cache.

``GEOCODER_BACKEND`` names the function that asks the service (default ``pdok``, the PDOK
Locatieserver: https://api.pdok.nl/bzk/locatieserver/search/v3_1/ui/); tests plug in a fake.
"""

import hashlib
import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Punt = tuple[float, float]  # (lat, lon)

TIMEOUT = 2  # seconds: the resident is waiting for the step to save
BEWAARTIJD = 24 * 60 * 60
PAUZE = 60
PAUZE_SLEUTEL = "geocoder:pauze"


def zoek_adres(straat: str, huisnummer: str) -> Punt | None:
    """The point of the address in Delft, or None: not found, switched off or failing."""
    straat, huisnummer = " ".join(straat.split()), huisnummer.strip()
    if not settings.GEOCODER_URL or not straat or not huisnummer or cache.get(PAUZE_SLEUTEL):
        return None
    adres = f"{straat}|{huisnummer}".casefold().encode()
    sleutel = f"geocoder:{hashlib.sha256(adres).hexdigest()}"
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return tuple(bewaard) or None  # () is a cached "not found"
    try:
        punt = import_string(settings.GEOCODER_BACKEND)(straat, huisnummer)
    except Exception:  # noqa: BLE001 - whatever goes wrong in an optional service means "no answer"
        logger.warning("Geocoder failed; no calls for %d s", PAUZE, exc_info=True)
        cache.set(PAUZE_SLEUTEL, True, PAUZE)
        return None
    cache.set(sleutel, punt or (), BEWAARTIJD)
    return punt


def pdok(straat: str, huisnummer: str) -> Punt | None:
    """Ask the PDOK Locatieserver for the best matching address in Delft."""
    query = urllib.parse.urlencode(
        [
            ("q", f"{straat} {huisnummer} Delft"),
            ("fq", "type:adres"),
            ("fq", "gemeentenaam:Delft"),
            ("fl", "straatnaam,centroide_ll"),
            ("rows", "1"),
        ]
    )
    url = f"{settings.GEOCODER_URL}?{query}"
    # S310: the URL comes from the settings (https), never from the request.
    with urllib.request.urlopen(url, timeout=TIMEOUT) as antwoord:  # noqa: S310
        docs = json.load(antwoord)["response"]["docs"]
    # The search is fuzzy: a best match in another street would only give a false warning.
    if not docs or docs[0].get("straatnaam", "").casefold() != straat.casefold():
        return None
    return _lees_punt(docs[0]["centroide_ll"])


def _lees_punt(wkt: str) -> Punt:
    """``POINT(lon lat)`` (WKT, x before y) → (lat, lon)."""
    lon, lat = wkt.strip().removeprefix("POINT(").removesuffix(")").split()
    return float(lat), float(lon)
