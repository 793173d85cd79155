"""Staff reach the Wagtail admin only with two-factor authentication.

Wagtail's own login is replaced by allauth's (``WAGTAILADMIN_LOGIN_URL``), which asks for the
TOTP code of users who have one. This middleware closes the remaining gaps for admin URLs:

- a staff user without an authenticator is sent to set one up first;
- a staff user whose session was not authenticated with a second factor (for example: logged in
  by e-mail code, or set up TOTP during this session) is asked for the code again.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def is_staff_gebruiker(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def sessie_heeft_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


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
