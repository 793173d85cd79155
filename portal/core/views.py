from urllib.parse import urlencode

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token


def admin_login_redirect(request):
    """/admin/login/ goes through the same allauth login (with MFA) as every other login."""
    volgende = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        volgende = "/admin/"
    return redirect(f"{reverse('account_login')}?{urlencode({'next': volgende})}")


@never_cache
def gezond(request):
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@requires_csrf_token
def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def serverfout(request):
    # No context processors: whatever broke may be what they need.
    return HttpResponseServerError(loader.get_template("500.html").render())
