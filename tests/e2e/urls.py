"""URLconf for the 500-page test: the site's own URLs plus one view that raises.

Used only through ``settings.ROOT_URLCONF = "tests.e2e.urls"`` in the accessibility gate, so
Django renders templates/500.html through the project's ``handler500``.
"""

from django.urls import include, path

from portal.urls import handler403, handler404, handler500

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def serverfout(request):
    raise RuntimeError("Deliberate error: the e2e test of the 500 page")


urlpatterns = [
    path("e2e/serverfout/", serverfout),
    path("", include("portal.urls")),
]
