"""Mijn gegevens: export all personal data, delete the account; retention rules."""

import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from django_q.models import Schedule

from portal.accounts import privacy, retentie
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def herauthenticeer(client, wachtwoord):
    client.post(reverse("account_reauthenticate"), {"password": wachtwoord})


def test_my_data_needs_login(client):
    response = client.get(reverse("accounts:mijn_gegevens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_data_page_shows_download_and_delete(client, bewoner):
    client.force_login(bewoner)
    html = client.get(reverse("accounts:mijn_gegevens")).content.decode()
    assert "Mijn gegevens" in html
    assert reverse("accounts:download") in html
    assert reverse("accounts:verwijderen") in html


def test_download_contains_the_account_and_no_secrets(client, bewoner):
    from tests.accounts.helpers import activeer_totp

    activeer_totp(bewoner)
    client.force_login(bewoner)
    response = client.get(reverse("accounts:download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    account = data["gegevens"]["account"]
    assert account["e-mailadres"] == bewoner.email
    assert account["e-mailadressen"] == [
        {"adres": bewoner.email, "geverifieerd": True, "primair": True}
    ]
    assert account["tweestapsverificatie"] == ["recovery_codes", "totp"] or account[
        "tweestapsverificatie"
    ] == ["totp"]
    assert "secret" not in response.content.decode().lower()
    assert "password" not in response.content.decode().lower()


def test_download_holds_only_the_requesting_users_data(client, bewoner, bewoner_b):
    client.force_login(bewoner_b)
    inhoud = client.get(reverse("accounts:download")).content.decode()
    assert bewoner.email not in inhoud


def test_every_registered_source_is_exported(client, bewoner):
    privacy.registreer_gegevens("proef", exporteer=lambda user: {"id": user.pk})
    try:
        client.force_login(bewoner)
        data = client.get(reverse("accounts:download")).json()
        assert data["gegevens"]["proef"] == {"id": bewoner.pk}
    finally:
        privacy._bronnen.pop("proef")


def test_deleting_requires_recent_password_and_a_ticked_box(client, bewoner, wachtwoord):
    client.force_login(bewoner)
    response = client.post(reverse("accounts:verwijderen"), {"bevestig": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=bewoner.pk).exists()

    herauthenticeer(client, wachtwoord)
    response = client.post(reverse("accounts:verwijderen"), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vink het vakje aan" in html and 'aria-invalid="true"' in html
    assert User.objects.filter(pk=bewoner.pk).exists()


def test_deleting_runs_the_erasers_and_removes_the_account(client, bewoner, wachtwoord):
    gewist = []
    privacy.registreer_gegevens(
        "proef", exporteer=lambda u: None, wis=lambda u: gewist.append(u.pk)
    )
    try:
        client.force_login(bewoner)
        herauthenticeer(client, wachtwoord)
        response = client.post(reverse("accounts:verwijderen"), {"bevestig": "on"})
    finally:
        privacy._bronnen.pop("proef")
    assert response.status_code == 302
    assert gewist == [bewoner.pk]
    assert not User.objects.filter(pk=bewoner.pk).exists()
    assert not EmailAddress.objects.filter(email=bewoner.email).exists()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_their_own_account_here(client, coordinator_tanthof, wachtwoord):
    client.force_login(coordinator_tanthof)
    herauthenticeer(client, wachtwoord)
    response = client.post(reverse("accounts:verwijderen"), {"bevestig": "on"})
    assert response.status_code == 403
    assert User.objects.filter(pk=coordinator_tanthof.pk).exists()


def test_unverified_accounts_are_deleted_after_the_retention_period(settings):
    settings.RETENTIE_ONBEVESTIGD_DAGEN = 14
    oud = User.objects.create_user("oud@example.org", "x" * 12)
    User.objects.filter(pk=oud.pk).update(date_joined=timezone.now() - timedelta(days=15))
    EmailAddress.objects.create(user=oud, email=oud.email, verified=False, primary=True)
    nieuw = User.objects.create_user("nieuw@example.org", "x" * 12)
    bevestigd = User.objects.create_user("bevestigd@example.org", "x" * 12)
    User.objects.filter(pk=bevestigd.pk).update(date_joined=timezone.now() - timedelta(days=400))
    EmailAddress.objects.create(user=bevestigd, email=bevestigd.email, verified=True, primary=True)
    medewerker = User.objects.create_user("medewerker@example.org", "x" * 12, is_staff=True)
    User.objects.filter(pk=medewerker.pk).update(date_joined=timezone.now() - timedelta(days=400))

    resultaat = retentie.pas_bewaarregels_toe()

    assert resultaat["niet-bevestigde accounts"] == 1
    assert not User.objects.filter(pk=oud.pk).exists()
    assert User.objects.filter(pk__in=[nieuw.pk, bevestigd.pk, medewerker.pk]).count() == 3


def test_retention_runs_daily_as_a_scheduled_task():
    schedule = Schedule.objects.get(name=retentie.SCHEDULE_NAAM)
    assert schedule.func == "portal.accounts.retentie.pas_bewaarregels_toe"
    assert schedule.schedule_type == Schedule.DAILY
    retentie.plan_bewaarregels()
    assert Schedule.objects.filter(name=retentie.SCHEDULE_NAAM).count() == 1
