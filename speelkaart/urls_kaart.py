"""URLs of the map, list, play-space pages, GeoJSON and open data."""

from django.urls import path

from . import views_kaart

urlpatterns = [
    path("", views_kaart.kaart, name="kaart"),
    path("speelplekken.geojson", views_kaart.geojson, name="geojson"),
    path("wensen.geojson", views_kaart.wensen_geojson, name="wensen_geojson"),
    path("open-data/speelplekken.geojson", views_kaart.opendata_geojson, name="opendata_geojson"),
    path("open-data/speelplekken.csv", views_kaart.opendata_csv, name="opendata_csv"),
    # Last: a slug would otherwise shadow the paths above.
    path("<slug:slug>/", views_kaart.detail, name="detail"),
]
