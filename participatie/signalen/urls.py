"""Public URLs under /signaal/: send a signal or idea, the confirmation, "Mijn signalen", one
signal's page and its photo (residents only; staff work signals in the admin queue)."""

from django.urls import path

from . import views

app_name = "signalen"

urlpatterns = [
    path("", views.nieuw, name="nieuw"),
    path("mijn/", views.mijn, name="mijn"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/verzonden/", views.verzonden, name="verzonden"),
    path("<int:pk>/foto/", views.foto, name="foto"),
]
