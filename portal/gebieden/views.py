from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from portal.core.compressie import zet_inhoud

from .geojson import bewaarde_geojson, wijk_met_buurten_collection, wijken_collection
from .lookup import PuntBuitenDelft, buurt_voor_punt
from .models import Wijk

# Boundaries change at most once a year; let browsers and a CDN keep them for an hour, then ask
# again with If-None-Match / If-Modified-Since and get a 304 while nothing changed.
geojson_cache = cache_control(public=True, max_age=3600)


def _geojson(request, slug: str | None = None) -> dict:
    """The cached payload for this request (portal/gebieden/geojson.py), looked up once."""
    if not hasattr(request, "_geojson"):
        if slug is None:
            request._geojson = bewaarde_geojson(
                "wijken", lambda: wijken_collection(Wijk.objects.all())
            )
        else:
            request._geojson = bewaarde_geojson(
                f"wijk:{slug}",
                lambda: wijk_met_buurten_collection(get_object_or_404(Wijk, slug=slug)),
            )
    return request._geojson


# ETag and Last-Modified, and 304 Not Modified when the client's copy is current.
# https://docs.djangoproject.com/en/5.2/topics/conditional-view-processing/
geojson_condition = condition(
    etag_func=lambda request, **kwargs: _geojson(request, **kwargs)["etag"],
    last_modified_func=lambda request, **kwargs: _geojson(request, **kwargs)["gewijzigd"],
)


def _geojson_response(request, payload: dict) -> HttpResponse:
    response = HttpResponse(content_type="application/geo+json")
    zet_inhoud(request, response, payload["inhoud"], payload["varianten"])
    return response


@require_GET
@geojson_cache
@geojson_condition
def wijken_geojson(request):
    return _geojson_response(request, _geojson(request))


@require_GET
@geojson_cache
@geojson_condition
def wijk_geojson(request, slug):
    return _geojson_response(request, _geojson(request, slug))


@require_GET
@geojson_cache  # the answer depends on the query string only
def buurt_bij_punt(request):
    """``?lat=..&lon=..`` → ``{"buurt": .., "wijk": ..}``: the location picker names the place a
    resident clicked. Outside Delft 404, unusable coordinates 400, each with a Dutch ``fout``."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        lat = lon = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also refuses nan and infinity
        melding = _("Give the place as a latitude and a longitude in degrees.")
        return JsonResponse({"fout": melding}, status=400)
    try:
        locatie = buurt_voor_punt(lat, lon)
    except PuntBuitenDelft as fout:
        return JsonResponse({"fout": fout.messages[0]}, status=404)
    return JsonResponse({"buurt": locatie.buurt.naam, "wijk": locatie.wijk.naam})
