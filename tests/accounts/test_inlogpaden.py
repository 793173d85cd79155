"""One login path: every way to authenticate goes through allauth (security review, finding 1).

Wagtail's front-end login (``/_util/login/``, a plain Django ``LoginView`` inside
``wagtail.urls``) skipped allauth's second factor, rate limits, lockout and verified-e-mail rule;
Django's admin offered its own login and password change. These tests walk the whole URL tree,
so a package upgrade that adds a login view fails here until someone routes it through allauth.
"""

import re

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetConfirmView
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import Page, PageViewRestriction

import pytest

from .helpers import activeer_totp, totp_code

pytestmark = pytest.mark.django_db

# Django's own view classes that authenticate a user or change their password.
_INLOG_KLASSEN = (LoginView, PasswordChangeView, PasswordResetConfirmView)
_INLOG_FORMULIEREN = (AuthenticationForm, PasswordChangeForm)


def _alle_patronen(resolver=None, prefix=""):
    """(route as a regex string, callback) for every URL pattern in the tree."""
    resolver = resolver or get_resolver()
    for patroon in resolver.url_patterns:
        route = prefix + patroon.pattern.regex.pattern.lstrip("^").rstrip("$")
        if isinstance(patroon, URLResolver):
            yield from _alle_patronen(patroon, route)
        elif isinstance(patroon, URLPattern):
            yield route, patroon.callback


def _authenticeert(callback) -> bool:
    """Does this view log a user in (or change a password) itself?"""
    klasse = getattr(callback, "view_class", None)
    if klasse is not None:
        if issubclass(klasse, _INLOG_KLASSEN):
            return True
        formulier = getattr(klasse, "form_class", None)
        if isinstance(formulier, type) and issubclass(formulier, _INLOG_FORMULIEREN):
            return True
    naam = getattr(callback, "__qualname__", "")
    # django.contrib.admin's AdminSite.login / password_change, and Wagtail's admin LoginView.
    return naam.startswith(("AdminSite.login", "AdminSite.password_change")) or (
        getattr(callback, "__module__", "").startswith("wagtail.admin.views.account")
        and "login" in naam.lower()
    )


def _voorbeeld_pad(route: str) -> str:
    """A concrete path for a route regex: fill every group with a plausible value."""
    pad = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    pad = re.sub(r"\([^)]*\)", "x/", pad)
    pad = pad.replace("\\Z", "").replace("\\", "")
    return "/" + pad


def _is_allauth_of_onze_omleiding(callback) -> bool:
    module = getattr(callback, "__module__", "") or ""
    klasse = getattr(callback, "view_class", None)
    if klasse is not None:
        module = klasse.__module__
    return module.startswith("allauth.") or callback.__name__ == "naar_allauth"


def test_the_url_tree_has_login_views_to_check():
    """Guard for the walk below: it must see Wagtail's and allauth's login views."""
    gevonden = [route for route, callback in _alle_patronen() if _authenticeert(callback)]
    assert any("_util/login" in route for route in gevonden), gevonden


def test_every_reachable_view_that_authenticates_a_user_is_allauths():
    for route, callback in _alle_patronen():
        if not _authenticeert(callback):
            continue
        pad = _voorbeeld_pad(route)
        bereikt = resolve(pad).func
        # Either allauth's own view answers there, or the pattern is shadowed by a redirect
        # to allauth's login (our urls.py comes before wagtail.urls).
        assert _is_allauth_of_onze_omleiding(bereikt), (
            f"{pad} is served by {bereikt.__module__}.{bereikt.__name__}, not by allauth"
        )


def test_wagtail_front_end_login_redirects_to_allauth(client):
    response = client.get("/_util/login/?next=/buitenhof/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fbuitenhof%2F"


def test_a_password_posted_to_wagtails_front_end_login_logs_nobody_in(
    client, coordinator_tanthof, wachtwoord
):
    response = client.post(
        "/_util/login/", {"username": coordinator_tanthof.email, "password": wachtwoord}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_private_page_sends_visitors_to_allauths_login(client):
    pagina = Page.objects.get(depth=2).get_children().live().first()
    PageViewRestriction.objects.create(page=pagina, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(pagina.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize(
    "pad",
    [
        "/django-admin/",
        "/django-admin/login/",
        "/django-admin/password_change/",
        "/django-admin/r/1/1/",
    ],
)
def test_djangos_admin_is_not_served(client, beheerder, pad):
    client.force_login(beheerder)
    assert client.get(pad).status_code == 404


# --- Removing or replacing a second factor needs the second factor --------------------------


@pytest.fixture
def met_wachtwoord_herbevestigd(client, redacteur, wachtwoord):
    """A session that knows only the password (logged in, then reauthenticated by password)."""
    secret = activeer_totp(redacteur)
    client.force_login(redacteur)
    response = client.post(reverse("account_reauthenticate"), {"password": wachtwoord})
    assert response.status_code == 302
    return secret


@pytest.mark.parametrize(
    "url_naam",
    ["mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"],
)
def test_the_password_alone_cannot_remove_or_replace_an_authenticator(
    client, met_wachtwoord_herbevestigd, url_naam
):
    response = client.get(reverse(url_naam))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_deactivating_totp_by_post_with_only_the_password_changes_nothing(
    client, redacteur, met_wachtwoord_herbevestigd
):
    from allauth.mfa.models import Authenticator

    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=redacteur, type="totp").exists()


def test_after_a_fresh_second_factor_the_authenticator_can_be_managed(
    client, met_wachtwoord_herbevestigd
):
    response = client.post(
        reverse("mfa_reauthenticate"), {"code": totp_code(met_wachtwoord_herbevestigd)}
    )
    assert response.status_code == 302
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 200
