"""Residents sign up, verify, log in, reset their password and change their e-mail, in Dutch."""

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from portal.accounts.models import User

from .helpers import code_uit_mail, laatste_mail_aan, link_uit_mail

pytestmark = pytest.mark.django_db

NIEUW = "nieuwe.bewoner@example.org"
STERK = "Kanaal-Brug-Tulp-42"


def meld_aan(client, email=NIEUW, wachtwoord=STERK):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": wachtwoord, "password2": wachtwoord},
    )


def test_signup_requires_e_mail_verification_before_login(client):
    response = meld_aan(client)
    assert response.status_code == 302
    user = User.objects.get(email=NIEUW)
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in yet: a protected page sends to login.
    assert "_auth_user_id" not in client.session

    bericht = laatste_mail_aan(NIEUW)
    assert bericht.subject.startswith("[Wijkportaal Delft]")
    assert "Bevestig" in bericht.subject or "bevestig" in bericht.body.lower()
    html = {mime: inhoud for inhoud, mime in bericht.alternatives}["text/html"]
    assert 'lang="nl"' in html

    code = code_uit_mail(bericht)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unverified_account_cannot_log_in(client):
    meld_aan(client)
    client.logout()
    mail.outbox.clear()
    cache.clear()  # allauth sends one verification code per 3 minutes; let them pass
    response = client.post(reverse("account_login"), {"login": NIEUW, "password": STERK})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    # A new verification code is sent instead.
    assert laatste_mail_aan(NIEUW)


def test_weak_password_is_refused_with_a_dutch_message(client):
    response = meld_aan(client, wachtwoord="12345678")
    assert response.status_code == 200
    assert not User.objects.filter(email=NIEUW).exists()
    tekst = response.content.decode()
    assert "Dit wachtwoord is te kort" in tekst or "te algemeen" in tekst


def test_duplicate_email_is_refused(client, bewoner):
    response = meld_aan(client, email=bewoner.email.upper())
    assert User.objects.filter(email__iexact=bewoner.email).count() == 1
    # The same answer as for a new address (no enumeration): on to the code page.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_login_with_password(client, bewoner, wachtwoord):
    response = client.post(
        reverse("account_login"), {"login": bewoner.email, "password": wachtwoord}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bewoner.pk)


def test_login_by_e_mail_code(client, bewoner):
    response = client.post(reverse("account_request_login_code"), {"email": bewoner.email})
    assert response.status_code == 302
    code = code_uit_mail(laatste_mail_aan(bewoner.email))
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bewoner.pk)


def test_password_reset_end_to_end(client, bewoner):
    response = client.post(reverse("account_reset_password"), {"email": bewoner.email})
    assert response.status_code == 302
    link = link_uit_mail(laatste_mail_aan(bewoner.email))
    response = client.get(link, follow=True)
    assert response.status_code == 200
    formulier_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    nieuw = "Nieuw-Wachtwoord-Delft-7"
    response = client.post(formulier_url, {"password1": nieuw, "password2": nieuw})
    assert response.status_code == 302
    bewoner.refresh_from_db()
    assert bewoner.check_password(nieuw)


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})
    assert response.status_code == 302


def test_change_e_mail_address_after_verification(client, bewoner):
    client.force_login(bewoner)
    nieuw = "verhuisd@example.org"
    response = client.post(reverse("account_email"), {"action_add": "", "email": nieuw})
    assert response.status_code == 302
    bericht = laatste_mail_aan(nieuw)
    code = code_uit_mail(bericht)
    client.post(reverse("account_email_verification_sent"), {"code": code})
    bewoner.refresh_from_db()
    assert bewoner.email == nieuw
    assert EmailAddress.objects.get(user=bewoner, email=nieuw).verified


def test_repeated_failed_logins_lock_the_account_for_a_while(client, bewoner, wachtwoord):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": bewoner.email, "password": "fout"})
    # After five failures even the right password is refused, with a Dutch explanation.
    response = client.post(
        reverse("account_login"), {"login": bewoner.email, "password": wachtwoord}
    )
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in response.content.decode()


def test_login_page_is_dutch(client):
    response = client.get(reverse("account_login"))
    tekst = response.content.decode()
    assert '<html lang="nl"' in tekst
    assert "Inloggen" in tekst
