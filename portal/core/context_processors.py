from django.conf import settings

from .urls import publieke_url


def site(request):
    """Values the base template needs on every page: attributions, map tiles and the canonical
    URL (the public address of this path, without the query string)."""
    return {
        "canonical_url": publieke_url(request.path),
        "attributie": {"cbs": settings.CBS_ATTRIBUTION, "kaart": settings.MAP_TILES_ATTRIBUTION},
        "kaart": {
            "tiles_url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "center_lat": settings.LEAFLET_CONFIG["DEFAULT_CENTER"][0],
            "center_lon": settings.LEAFLET_CONFIG["DEFAULT_CENTER"][1],
            "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        },
    }
