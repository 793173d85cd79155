"""Staff reach /admin/ only through allauth's login with a second factor (TOTP)."""

from django.urls import reverse

import pytest

from .helpers import activeer_totp, totp_code

pytestmark = pytest.mark.django_db


def login_met_wachtwoord(client, user, wachtwoord):
    return client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})


def test_anonymous_admin_visit_goes_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wagtails_own_login_url_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"


def test_admin_login_redirect_refuses_foreign_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_staff_without_totp_must_set_it_up_first(client, redacteur, wachtwoord):
    login_met_wachtwoord(client, redacteur, wachtwoord)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_totp_logs_in_with_code_and_reaches_admin(
    client, coordinator_tanthof, wachtwoord
):
    secret = activeer_totp(coordinator_tanthof)
    response = login_met_wachtwoord(client, coordinator_tanthof, wachtwoord)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # password alone is not enough

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_totp_code_is_refused(client, coordinator_tanthof, wachtwoord):
    activeer_totp(coordinator_tanthof)
    login_met_wachtwoord(client, coordinator_tanthof, wachtwoord)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_session_without_second_factor_is_asked_to_reauthenticate(client, redacteur):
    activeer_totp(redacteur)
    client.force_login(redacteur)  # e.g. a session from before TOTP was set up
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_residents_never_reach_the_admin(client, bewoner, wachtwoord):
    login_met_wachtwoord(client, bewoner, wachtwoord)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get("/admin/pages/").status_code == 302


def test_first_admin_visit_sets_up_totp_and_then_reaches_the_admin(
    client, coordinator_buitenhof, wachtwoord, django_capture_on_commit_callbacks
):
    from allauth.mfa.models import Authenticator

    login_met_wachtwoord(client, coordinator_buitenhof, wachtwoord)
    activeer_url = client.get("/admin/")["Location"]
    # Just logged in with the password: the set-up page opens without asking for it again.
    assert client.get(activeer_url).status_code == 200

    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(activeer_url, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator_buitenhof, type="totp").exists()
    # The code just entered counts as this session's second factor.
    assert client.get("/admin/").status_code == 200


def test_setting_up_totp_in_an_older_session_asks_for_the_password(client, coordinator_buitenhof):
    client.force_login(coordinator_buitenhof)  # no recent login in this session
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_coordinator_dashboard_shows_only_own_districts(client, coordinator_tanthof, wachtwoord):
    secret = activeer_totp(coordinator_tanthof)
    login_met_wachtwoord(client, coordinator_tanthof, wachtwoord)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    html = client.get("/admin/").content.decode()
    assert "Tanthof" in html
    assert "Buitenhof" not in html
