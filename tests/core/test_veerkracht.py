"""Resilience: a cache outage degrades, a frozen cache costs bounded time, a database wait that
runs out answers a Dutch 503, and a broker outage never hides a resident's reference number."""

import socket
import threading
import time

from django.core.cache import cache
from django.db import connection
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_onbereikbaar(settings):
    """The cache is a Redis nobody listens on (connection refused at once)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.core.cache.VeiligeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_vrije_poort()}/0",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }
    yield
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def redis_bevroren(settings):
    """A Redis that accepts connections and then never answers (frozen, e.g. SIGSTOP)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    open_verbindingen = []
    stop = threading.Event()

    def accepteer():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                verbinding, _ = server.accept()
                open_verbindingen.append(verbinding)  # hold it, say nothing
            except OSError:
                continue

    draad = threading.Thread(target=accepteer, daemon=True)
    draad.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.core.cache.VeiligeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.getsockname()[1]}/0",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }
    yield
    stop.set()
    draad.join(timeout=2)
    for verbinding in open_verbindingen:
        verbinding.close()
    server.close()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("pad", ["/", "/buitenhof/", "/straatfeestcheque/", "/accounts/login/"])
def test_pages_render_while_the_cache_is_down(client, redis_onbereikbaar, pad):
    response = client.get(pad)
    assert response.status_code == 200
    # The footer links fall back to the database.
    assert 'href="/privacy/"' in response.content.decode()


def test_a_logged_in_resident_stays_logged_in_while_the_cache_is_down(
    client, settings, bewoner, redis_onbereikbaar
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(bewoner)
    response = client.get(reverse("participatie:mijn_aanvragen"))
    assert response.status_code == 200


def test_the_post_throttle_allows_and_logs_when_the_cache_is_down(
    client, bewoner, wachtwoord, redis_onbereikbaar, caplog
):
    response = client.post(
        reverse("account_login"), {"login": bewoner.email, "password": wachtwoord}
    )
    assert response.status_code == 302  # logged in: the request went through
    assert "cache unavailable, request allowed" in caplog.text


def test_the_post_throttle_can_be_set_to_refuse_when_the_cache_is_down(
    client, settings, redis_onbereikbaar
):
    settings.THROTTLE_ZONDER_CACHE = "weigeren"
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 503
    assert "Error code: 503" not in response.content.decode()  # Dutch, not English
    assert "Foutcode: 503" in response.content.decode()
    assert response["Retry-After"]


def test_a_frozen_cache_costs_one_timeout_then_is_skipped_for_a_while(redis_bevroren):
    begin = time.monotonic()
    assert cache.get("iets", "standaard") == "standaard"  # waits out the 0.5 s socket timeout
    eerste = time.monotonic() - begin
    begin = time.monotonic()
    for _ in range(20):  # a page's worth of cache calls during the pause
        cache.set("iets", 1)
        assert cache.get("iets", "standaard") == "standaard"
    daarna = time.monotonic() - begin
    assert eerste < 5
    assert daarna < 0.5, daarna  # no socket wait at all while paused


# --- Bounded waits on PostgreSQL ------------------------------------------------------------


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("statement and lock timeouts are PostgreSQL settings (CI's PostgreSQL step)")


def test_connections_carry_the_statement_and_lock_timeouts(postgres, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        slot = cursor.fetchone()[0]
    assert statement == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"
    assert slot == f"{settings.DB_LOCK_TIMEOUT_MS // 1000}s"


def test_a_held_table_lock_answers_503_within_the_lock_timeout(postgres, client):
    vast = threading.Event()
    klaar = threading.Event()

    def houd_slot_vast():
        from django.db import connections, transaction

        try:
            with transaction.atomic():
                with connections["default"].cursor() as cursor:
                    cursor.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
                vast.set()
                klaar.wait(timeout=30)
        finally:
            connections["default"].close()

    draad = threading.Thread(target=houd_slot_vast)
    draad.start()
    try:
        assert vast.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        begin = time.monotonic()
        response = client.get("/buitenhof/")
        duur = time.monotonic() - begin
    finally:
        klaar.set()
        draad.join(timeout=30)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert duur < 5
