"""URLs of residents' ratings, defect reports, wishes and support.

These come before the map's URLs (urls.py), so the fixed paths below win over a play space's
``<slug>/`` page.
"""

from django.urls import path

from . import views_bewoner as views

urlpatterns = [
    path("mijn-meldingen/", views.mijn_meldingen, name="mijn_meldingen"),
    path("meldingen/<int:pk>/foto/", views.melding_foto, name="melding_foto"),
    path("wensen/nieuw/", views.wens_nieuw_los, name="wens_nieuw_los"),
    path("wensen/<int:pk>/steunen/", views.wens_steunen, name="wens_steunen"),
    path("<slug:slug>/waarderen/", views.waarderen, name="waarderen"),
    path("<slug:slug>/melden/", views.melden, name="melden"),
    path("<slug:slug>/wens/", views.wens_nieuw, name="wens_nieuw"),
]
