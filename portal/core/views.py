from urllib.parse import urlencode

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token


def naar_allauth(request, doel="account_login", standaard="/"):
    """Another framework's login or password URL: go to allauth's (the one login path), keeping
    a safe ``next``. Never authenticates anyone itself, whatever the method (a POST with a
    password is answered with the same redirect)."""
    volgende = request.GET.get("next", standaard)
    if not url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        volgende = standaard
    return redirect(f"{reverse(doel)}?{urlencode({'next': volgende})}")


@never_cache
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
