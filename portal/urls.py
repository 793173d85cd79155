from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.sitemap import PaginaSitemap
from portal.core import views as core_views
from portal.core import waarneming

urlpatterns = [
    # Every login goes through allauth (verified e-mail, rate limits, lockout, MFA for staff).
    # Wagtail's admin login and its front-end login for private pages (/_util/login/, a plain
    # Django LoginView inside wagtail.urls) are shadowed here by redirects to allauth's login.
    # Django's own admin is not served at all (tests/accounts/test_inlogpaden.py).
    path("admin/login/", core_views.naar_allauth, {"standaard": "/admin/"}, name="admin_login"),
    path("admin/logout/", RedirectView.as_view(pattern_name="account_logout", query_string=True)),
    re_path(
        r"^admin/password_reset/",
        core_views.naar_allauth,
        {"doel": "account_reset_password"},
        name="admin_password_reset",
    ),
    path("_util/login/", core_views.naar_allauth, name="wagtail_frontend_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("gebieden/", include("portal.gebieden.urls")),
    path("mijn-gegevens/", include("portal.accounts.urls")),
    path("aanvragen/", include("participatie.urls")),
    path("verantwoording/", include("participatie.urls_verantwoording")),
    path("zoeken/", include("cms.urls")),
    path("speelkaart/", include("speelkaart.urls")),
    path("raadplegingen/", include("participatie.raadplegingen.urls")),
    path("signaal/", include("participatie.signalen.urls")),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"paginas": PaginaSitemap}},
        name="sitemap",
    ),
    path("gezond/", waarneming.gezond, name="gezond"),
    path("gezond/leeft/", waarneming.leeft, name="leeft"),
    path("gezond/metrieken/", waarneming.metrieken, name="metrieken"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "portal.core.views.geen_toegang"
handler404 = "portal.core.views.niet_gevonden"
handler500 = "portal.core.views.serverfout"
