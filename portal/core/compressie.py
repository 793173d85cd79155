"""Compressed copies of cached response bodies, made once when a body is stored.

Static files are compressed by WhiteNoise at ``collectstatic`` (gzip, and brotli because the
``Brotli`` package is installed). Two kinds of dynamic responses are the same for every visitor
and live in the cache: anonymous page responses (``cms/paginacache.py``) and the GeoJSON of the
maps (``portal/gebieden/views.py``). Their bodies are compressed here once, when they are
stored, and each request gets the variant its ``Accept-Encoding`` allows; nothing is compressed
per request.

Only bodies without secrets come here. Compressing a page that holds a CSRF token or personal
data next to text an attacker can inject would open it to BREACH; the page cache refuses such
pages before they reach this module, and everything else stays uncompressed.
"""

import gzip
import re

from django.utils.cache import patch_vary_headers

try:
    import brotli
except ImportError:  # pragma: no cover - Brotli is a dependency; gzip still works without it
    brotli = None

# Smaller bodies gain nothing (Django's GZipMiddleware uses the same bound).
MINIMUM = 200
# Brotli quality 5 compresses a page in about a millisecond, close to gzip's speed, and smaller.
BROTLI_KWALITEIT = 5


def comprimeer(inhoud: bytes) -> dict[str, bytes]:
    """The body as ``{"br": ..., "gzip": ...}``, only the codings that make it smaller."""
    if len(inhoud) < MINIMUM:
        return {}
    varianten = {"gzip": gzip.compress(inhoud, compresslevel=6, mtime=0)}
    if brotli is not None:
        varianten["br"] = brotli.compress(inhoud, quality=BROTLI_KWALITEIT)
    return {codering: data for codering, data in varianten.items() if len(data) < len(inhoud)}


def _geaccepteerd(accept_encoding: str) -> set[str]:
    codes = set()
    for deel in accept_encoding.split(","):
        naam, *parameters = (s.strip() for s in deel.split(";"))
        if any(re.fullmatch(r"q=0(\.0*)?", p) for p in parameters):
            continue
        codes.add(naam.lower())
    return codes


def kies_codering(request, varianten: dict[str, bytes]) -> str | None:
    """The best coding of ``varianten`` that the client accepts (brotli first), or None."""
    geaccepteerd = _geaccepteerd(request.headers.get("Accept-Encoding", ""))
    for codering in ("br", "gzip"):
        if codering in varianten and (codering in geaccepteerd or "*" in geaccepteerd):
            return codering
    return None


def zet_inhoud(request, response, inhoud: bytes, varianten: dict[str, bytes]) -> None:
    """Give ``response`` the variant of ``inhoud`` that ``request`` accepts (a HEAD request
    gets the headers of the same variant)."""
    codering = kies_codering(request, varianten)
    response.content = varianten[codering] if codering else inhoud
    if codering:
        response.headers["Content-Encoding"] = codering
    else:
        response.headers.pop("Content-Encoding", None)
    response.headers["Content-Length"] = str(len(response.content))
    if varianten:
        patch_vary_headers(response, ("Accept-Encoding",))
