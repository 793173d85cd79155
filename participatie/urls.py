from django.urls import path

from . import views

app_name = "participatie"

urlpatterns = [
    path("", views.mijn_aanvragen, name="mijn_aanvragen"),
    path("initiatieven/<slug:wijk>/", views.initiatieven, name="initiatieven"),
    path("<int:pk>/verwijderen/", views.concept_verwijderen, name="concept_verwijderen"),
    path("nieuw/<int:regeling_pk>/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stap/<int:stap>/", views.stap, name="stap"),
    path("<int:pk>/controleren/", views.controleren, name="controleren"),
    path("<int:pk>/indienen/", views.indienen, name="indienen"),
    path("<int:pk>/intrekken/", views.intrekken, name="intrekken"),
    path("<int:pk>/aanpassen/", views.aanpassen, name="aanpassen"),
    path("<int:pk>/verantwoording/", views.verantwoording, name="verantwoording"),
    path("<int:pk>/bijlagen/<int:bijlage_pk>/", views.bijlage, name="bijlage"),
    path(
        "<int:pk>/bijlagen/<int:bijlage_pk>/verwijderen/",
        views.bijlage_verwijderen,
        name="bijlage_verwijderen",
    ),
]
