"""In-process measurement with Django's test client: the status, SQL queries of the first
request after ``cache.clear()`` (cold) and of the second (warm), and the median server time.

Every request is a fresh visitor without cookies, except that a URL with a ``user`` is
requested logged in as that account (``log_in``): it carries only that session cookie. Query
counts are deterministic; timings are not.
"""

import statistics
import time

from .omgeving import PAGINACACHE_SECONDEN, REQUEST_HEADERS


def user_for(email: str):
    from portal.accounts.models import User

    return User.objects.get(email=email)


def log_in(client, email: str) -> str:
    """Log ``client`` in as the account with address ``email``; returns the session key.

    ``Client.force_login``, and for an account with a TOTP authenticator (staff) also the
    authentication records allauth keeps in the session after a password and TOTP login:
    the admin's ``StaffMFAMiddleware`` sends a session without a second factor to the
    reauthentication page."""
    from django.conf import settings
    from django.http import HttpRequest

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    user = user_for(email)
    client.force_login(user)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        request = HttpRequest()
        request.session = client.session  # a new SessionStore of the cookie's session
        record_authentication(request, user, "password", email=email)
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
        request.session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def measure_in_process(
    path: str, requests: int, user: str | None = None, paginacache: bool = False
) -> dict:
    """Status, queries cold/warm and the median in-process time (ms) of GET ``path``,
    anonymous or logged in as the account with e-mail address ``user``. The status is the
    first one that is not 200, else 200. With ``paginacache`` the page cache is on
    (cold: the miss that renders and stores the page; warm and the timings: hits), else off."""
    from django.conf import settings
    from django.test.utils import override_settings

    seconden = PAGINACACHE_SECONDEN if paginacache else 0
    with override_settings(PAGINACACHE_SECONDEN=seconden):
        return _measure(path, requests, user, settings.SESSION_COOKIE_NAME)


def _measure(path: str, requests: int, user: str | None, session_cookie_name: str) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=REQUEST_HEADERS, raise_request_exception=False)
    cache.clear()  # first: with REDIS_URL (tests) the sessions live in the cache
    session = None
    if user:
        session = log_in(client, user)

    statuses = []

    def get():
        client.cookies.clear()  # every request is a first-time visitor, or ...
        if session:  # ... one that only brings the session cookie of its login
            client.cookies[session_cookie_name] = session
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # read (and close) files as a server would
        statuses.append(response.status_code)

    queries = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            get()
        queries.append(len(captured))
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        timings.append(time.perf_counter() - started)
    return {
        "status": next((status for status in statuses if status != 200), 200),
        "queries_cold": queries[0],
        "queries_warm": queries[1],
        "median_ms": statistics.median(timings) * 1000 if timings else None,
    }
