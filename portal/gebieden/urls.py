from django.urls import path

from . import views

app_name = "gebieden"

urlpatterns = [
    path("wijken.geojson", views.wijken_geojson, name="wijken_geojson"),
    path("wijken/<slug:slug>.geojson", views.wijk_geojson, name="wijk_geojson"),
    path("buurt-bij-punt/", views.buurt_bij_punt, name="buurt_bij_punt"),
]
