"""GeoJSON FeatureCollections of districts and neighbourhoods, for maps."""

from collections.abc import Callable, Iterable

from .models import Buurt, Wijk


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


def wijken_collection(
    wijken: Iterable[Wijk], url_voor: Callable[[Wijk], str | None] = lambda wijk: None
) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [wijk_feature(wijk, url_voor(wijk)) for wijk in wijken],
    }


def wijk_met_buurten_collection(wijk: Wijk) -> dict:
    """The district outline followed by its neighbourhoods."""
    buurten = wijk.buurten.order_by("naam")
    return {
        "type": "FeatureCollection",
        "features": [wijk_feature(wijk)] + [buurt_feature(buurt) for buurt in buurten],
    }
