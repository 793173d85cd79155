"""Security baseline: headers on public and admin pages, throttling of public POSTs."""

from django.urls import reverse

import pytest

from tests.accounts.helpers import activeer_totp, totp_code

pytestmark = pytest.mark.django_db


def csp_van(response) -> dict[str, list[str]]:
    policy = {}
    for deel in response["Content-Security-Policy"].split(";"):
        naam, *waarden = deel.split()
        policy[naam] = waarden
    return policy


def assert_basiskoppen(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_public_page_has_a_strict_csp_and_the_security_headers(client):
    response = client.get("/buitenhof/")
    assert_basiskoppen(response)
    csp = csp_van(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_admin_page_has_the_headers_and_only_the_documented_csp_exception(
    client, coordinator_tanthof, wachtwoord
):
    secret = activeer_totp(coordinator_tanthof)
    client.post(
        reverse("account_login"), {"login": coordinator_tanthof.email, "password": wachtwoord}
    )
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_basiskoppen(response)
    csp = csp_van(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert not any("gravatar" in v for waarden in csp.values() for v in waarden)


def test_production_settings_enable_hsts_and_secure_cookies():
    from tests.test_settings import laad_productie

    result = laad_productie(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    uitvoer = result.stdout.split()
    assert int(uitvoer[0]) >= 31536000
    assert uitvoer[1:] == ["True", "True", "True", "True"]


@pytest.fixture
def krappe_budgetten(settings):
    settings.THROTTLE_POST_PER_IP = "3/m"
    settings.THROTTLE_POST_PER_ACCOUNT = "2/m"


def test_public_posts_are_throttled_per_ip_with_a_dutch_429(client, krappe_budgetten):
    statussen = [
        client.post(reverse("account_reset_password"), {"email": f"x{i}@example.org"}).status_code
        for i in range(4)
    ]
    assert statussen[:3] == [302, 302, 302]
    response = client.post(reverse("account_reset_password"), {"email": "y@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Te veel verzoeken" in response.content.decode()
    # Reading is never throttled.
    assert client.get("/").status_code == 200


def test_throttle_is_per_ip(client, krappe_budgetten):
    for _ in range(4):
        client.post(reverse("account_reset_password"), {"email": "x@example.org"})
    ander = client.post(
        reverse("account_reset_password"), {"email": "x@example.org"}, REMOTE_ADDR="10.0.0.9"
    )
    assert ander.status_code == 302


def test_throttle_is_also_per_account_across_addresses(client, bewoner, krappe_budgetten):
    client.force_login(bewoner)
    statussen = [
        client.post(
            reverse("account_email"),
            {"action_add": "", "email": f"n{i}@example.org"},
            REMOTE_ADDR=f"10.0.0.{i}",
        ).status_code
        for i in range(3)
    ]
    assert statussen[-1] == 429


def test_forwarded_for_is_ignored_unless_trusted(client, krappe_budgetten, settings):
    for i in range(4):
        laatste = client.post(
            reverse("account_reset_password"),
            {"email": "x@example.org"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert laatste.status_code == 429  # spoofed headers do not buy a fresh budget
    settings.THROTTLE_TRUST_X_FORWARDED_FOR = True
    response = client.post(
        reverse("account_reset_password"),
        {"email": "x@example.org"},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.200",
    )
    assert response.status_code == 302


def test_throttle_decorator_adds_a_stricter_budget(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from portal.core.throttle import throttle

    @throttle("testformulier", per_ip="1/h")
    def view(request):
        return HttpResponse("ok")

    def post():
        request = rf.post("/formulier/")
        request.user = AnonymousUser()
        return view(request)

    assert post().status_code == 200
    assert post().status_code == 429
