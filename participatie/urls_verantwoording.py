"""Public accountability pages, mounted at /verantwoording/ (see portal/urls.py)."""

from django.urls import path

from . import views_verantwoording as views

app_name = "verantwoording"

urlpatterns = [
    path("<slug:wijk>/", views.index, name="index"),
    path("<slug:wijk>/<int:jaar>/", views.jaar, name="jaar"),
    path("<slug:wijk>/<int:jaar>.csv", views.jaar_csv, name="csv"),
]
