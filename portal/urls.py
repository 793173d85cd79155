from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.core import views as core_views

urlpatterns = [
    # Staff log in and out through allauth (with MFA); Wagtail's own forms are not reachable.
    path("admin/login/", core_views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/logout/", RedirectView.as_view(pattern_name="account_logout", query_string=True)),
    path("django-admin/login/", core_views.admin_login_redirect),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("gebieden/", include("portal.gebieden.urls")),
    path("mijn-gegevens/", include("portal.accounts.urls")),
    path("aanvragen/", include("participatie.urls")),
    path("gezond/", core_views.gezond, name="gezond"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "portal.core.views.geen_toegang"
handler404 = "portal.core.views.niet_gevonden"
handler500 = "portal.core.views.serverfout"
