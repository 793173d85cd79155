"""The admin report of failed e-mails: administrators see failed and repeatedly failing rows,
other staff are refused."""

from django.urls import reverse

import pytest

from portal.mail.models import Email, EmailStatus
from tests.accounts.helpers import activeer_totp, totp_code

pytestmark = pytest.mark.django_db


def log_in_met_tweede_factor(client, user, wachtwoord):
    secret = activeer_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})


def test_administrators_see_failed_and_struggling_e_mails(client, beheerder, wachtwoord):
    Email.objects.create(
        aan="mislukt@example.org",
        onderwerp="Mislukt",
        status=EmailStatus.MISLUKT,
        pogingen=8,
        laatste_fout="SMTPServerDisconnected: weg",
    )
    Email.objects.create(aan="moeite@example.org", onderwerp="Moeite", pogingen=3)
    Email.objects.create(aan="vers@example.org", onderwerp="Vers", pogingen=1)
    Email.objects.create(aan="goed@example.org", onderwerp="Goed", status=EmailStatus.VERZONDEN)
    log_in_met_tweede_factor(client, beheerder, wachtwoord)
    html = client.get(reverse("mail_mislukt")).content.decode()
    assert "mislukt@example.org" in html and "SMTPServerDisconnected" in html
    assert "moeite@example.org" in html
    assert "vers@example.org" not in html and "goed@example.org" not in html


def test_coordinators_and_editors_are_refused(client, coordinator_tanthof, redacteur, wachtwoord):
    for user in (coordinator_tanthof, redacteur):
        client.logout()
        log_in_met_tweede_factor(client, user, wachtwoord)
        assert client.get(reverse("mail_mislukt")).status_code == 403
