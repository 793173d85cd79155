"""Who counts as a resident who may act: logged in *and* with a verified e-mail address.

allauth's mandatory verification keeps unverified accounts from logging in through its own
forms, but "logged in" is not the rule we rely on: an account created by an administrator, an
older session, or a login path a future package adds may carry an unverified address. Every view
where a resident starts, saves or submits something asks ``bewoner_vereist`` instead of
``login_required``, so the portal never acts for (or mails attacker-chosen text to) an address
nobody has proven to own.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

_CACHE_ATTR = "_heeft_geverifieerd_email"


def heeft_geverifieerd_email(user) -> bool:
    """The account's own address (``user.email``) is verified; computed once per request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def bewoner_vereist(view):
    """Logged in with a verified e-mail address; otherwise to the e-mail page to verify it."""

    @login_required
    @wraps(view)
    def _view(request, *args, **kwargs):
        if not heeft_geverifieerd_email(request.user):
            messages.warning(
                request,
                _(
                    "Confirm your e-mail address first. We have sent you a message with a "
                    "confirmation code; you can send it again on this page."
                ),
            )
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return _view
