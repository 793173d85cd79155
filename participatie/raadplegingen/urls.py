from django.urls import path

from . import views, views_resultaten

app_name = "raadplegingen"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("bevestigen/<str:token>/", views.bevestigen, name="bevestigen"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/resultaten/", views_resultaten.resultaten, name="resultaten"),
]
