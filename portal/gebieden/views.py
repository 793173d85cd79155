from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .geojson import wijk_met_buurten_collection, wijken_collection
from .models import Wijk

# Boundaries change at most once a year; let browsers and a CDN keep them for an hour.
geojson_cache = cache_control(public=True, max_age=3600)


def _geojson_response(data: dict) -> JsonResponse:
    return JsonResponse(data, content_type="application/geo+json")


@require_GET
@geojson_cache
def wijken_geojson(request):
    return _geojson_response(wijken_collection(Wijk.objects.all()))


@require_GET
@geojson_cache
def wijk_geojson(request, slug):
    wijk = get_object_or_404(Wijk, slug=slug)
    return _geojson_response(wijk_met_buurten_collection(wijk))
