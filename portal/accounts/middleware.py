"""Staff reach the Wagtail admin only with two-factor authentication.

Wagtail's own login is replaced by allauth's (``WAGTAILADMIN_LOGIN_URL``), which asks for the
TOTP code of users who have one. This middleware closes the remaining gaps for admin URLs:

- a staff user without an authenticator is sent to set one up first;
- a staff user whose session was not authenticated with a second factor (for example: logged in
  by e-mail code, or set up TOTP during this session) is asked for the code again.

``TweedeFactorVoorAuthenticatorsMiddleware`` guards the other direction: whoever has an
authenticator can remove, replace or read the recovery codes of it only with a second factor
given in the last few minutes. allauth's own reauthentication accepts the password for these
views, so a stolen password alone could swap the victim's authenticator for the attacker's.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

ADMIN_PREFIXES = ("/admin/",)

# allauth.mfa views that remove, replace or reveal a second factor (URL names).
AUTHENTICATOR_BEHEER = frozenset(
    {
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
    }
)


def is_staff_gebruiker(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def sessie_heeft_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def sessie_heeft_recente_mfa(request) -> bool:
    """A second factor was given in this session within ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    venster = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "mfa" and time.time() - record.get("at", 0) < venster
        for record in records
    )


def sessie_heeft_recente_login(request) -> bool:
    """This session logged in with a password or e-mail code within the reauthentication
    window (ACCOUNT_REAUTHENTICATION_TIMEOUT)."""
    venster = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") in ("password", "code") and time.time() - record.get("at", 0) < venster
        for record in records
    )


def heeft_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user).exists()


def heeft_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = getattr(settings, "STAFF_MFA_PATH_PREFIXES", ADMIN_PREFIXES)

    def __call__(self, request):
        if request.path.startswith(self.prefixes) and request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        user = request.user
        if not is_staff_gebruiker(user):
            return None  # Wagtail itself refuses non-staff users.
        volgende = urlencode({"next": request.get_full_path()})
        if not heeft_totp(user):
            messages.info(
                request,
                _("Set up two-factor authentication with an authenticator app to use the admin."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{volgende}")
        if not sessie_heeft_mfa(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?{volgende}")
        return None


class TweedeFactorVoorAuthenticatorsMiddleware:
    """Removing, replacing or revealing a second factor needs a fresh second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in AUTHENTICATOR_BEHEER:
            return None
        if not request.user.is_authenticated or not heeft_authenticator(request.user):
            return None  # first set-up: allauth asks for the password (nothing to steal yet)
        if sessie_heeft_recente_mfa(request):
            return None
        volgende = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{volgende}")
