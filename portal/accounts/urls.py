from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.mijn_gegevens, name="mijn_gegevens"),
    path("download/", views.download, name="download"),
    path("verwijderen/", views.verwijderen, name="verwijderen"),
]
