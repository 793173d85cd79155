"""Security review, finding 3: django-q2's tables kept e-mail bodies, addresses of deleted
accounts, password-reset links and login codes. Tasks now carry outbox ids only, successful
tasks are not stored, and an outbox row loses its content once sent."""

import re

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest
from django_q.models import OrmQ, Task

from portal.mail.models import Email
from tests.accounts.helpers import code_uit_mail, laatste_mail_aan, link_uit_mail

from .conftest import dien_in, start, vul_in

pytestmark = pytest.mark.django_db

ADRES = "sporen.test@example.org"
WACHTWOORD = "Kanaal-Brug-Tulp-42"


def alles_in_de_takentabellen() -> str:
    """Every stored task and queued payload, as text (arguments, kwargs, results, names)."""
    delen = []
    for taak in Task.objects.all():
        delen += [repr(taak.args), repr(taak.kwargs), repr(taak.result), taak.name or ""]
    for item in OrmQ.objects.all():
        delen.append(repr(item.task()))
    return "\n".join(delen)


def alles_in_de_uitgaande_post() -> str:
    return "\n".join(f"{e.onderwerp}\n{e.tekst}\n{e.html}" for e in Email.objects.all())


def test_no_address_reset_key_or_code_survives_in_task_rows_or_the_outbox(
    client, straatfeest, django_capture_on_commit_callbacks
):
    geheimen = []
    # Sign up and verify with the code from the e-mail.
    client.post(
        reverse("account_signup"),
        {"email": ADRES, "password1": WACHTWOORD, "password2": WACHTWOORD},
    )
    code = code_uit_mail(laatste_mail_aan(ADRES))
    geheimen.append(code)
    client.post(reverse("account_email_verification_sent"), {"code": code})
    assert "_auth_user_id" in client.session

    # Apply for a street-party cheque: a confirmation e-mail with the application's text.
    aanvraag = start(client, straatfeest)
    vul_in(client, aanvraag)
    with django_capture_on_commit_callbacks(execute=True):
        dien_in(client, aanvraag)
    aanvraag.refresh_from_db()
    assert aanvraag.referentie in mail.outbox[-1].subject

    # Reset the password: a link with a secret key.
    client.logout()
    cache.clear()
    client.post(reverse("account_reset_password"), {"email": ADRES})
    link = link_uit_mail(laatste_mail_aan(ADRES))
    geheimen.append(re.search(r"/key/([^/]+)/", link).group(1))

    # Log in by e-mail code, then delete the account.
    cache.clear()
    client.post(reverse("account_request_login_code"), {"email": ADRES})
    geheimen.append(code_uit_mail(laatste_mail_aan(ADRES)))

    from portal.accounts.models import User
    from portal.accounts.privacy import verwijder_account

    verwijder_account(User.objects.get(email=ADRES))

    assert len(mail.outbox) >= 4
    taken = alles_in_de_takentabellen()
    post = alles_in_de_uitgaande_post()
    for geheim in [ADRES, *geheimen]:
        assert geheim not in taken, geheim
        assert geheim not in post, geheim
    assert not Email.objects.filter(aan__iexact=ADRES).exists()  # erased with the account
