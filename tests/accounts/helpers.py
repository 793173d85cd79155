"""Helpers for driving allauth's flows in tests."""

import re
import time

from django.core import mail
from django.urls import reverse

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)


def activeer_totp(user) -> str:
    """Give ``user`` a TOTP authenticator; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code of the current 30 s step. (Not the first counter allauth would accept: that is
    the previous step, refused once the clock passes a step boundary before the server checks
    it, which made logins in tests fail now and then.)"""
    from allauth.mfa import app_settings

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def laatste_mail_aan(adres: str):
    berichten = [m for m in mail.outbox if adres in m.to]
    assert berichten, f"no e-mail to {adres}"
    return berichten[-1]


def code_uit_mail(bericht) -> str:
    """The verification or login code in an allauth e-mail (on a line of its own)."""
    match = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4}|[0-9]{6})\s*$", bericht.body, re.MULTILINE)
    assert match, bericht.body
    return match.group(1)


def link_uit_mail(bericht) -> str:
    match = re.search(r"https?://testserver(/\S+)", bericht.body)
    assert match, bericht.body
    return match.group(1)


def inloggen(client, user, wachtwoord):
    """Log in through allauth with password and TOTP, as staff do: a session with a second
    factor."""
    secret = activeer_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302, "login with TOTP failed"
    return client
