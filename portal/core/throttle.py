"""Throttling of public POST requests, per IP address and per account.

Every POST outside the admin counts against two fixed-window budgets in the cache (shared by
all web processes when REDIS_URL is set): one per client IP, one per logged-in account. Going
over either answers 429 with the Dutch "te veel verzoeken" page and a Retry-After header.
allauth keeps its own, finer limits for login, signup and password reset on top of this
(``ACCOUNT_RATE_LIMITS``); views with stricter needs use ``@throttle(...)``.

Rates are "<count>/<period>" with period s, m, h or d, e.g. "30/m". Settings:
``THROTTLE_POST_PER_IP``, ``THROTTLE_POST_PER_ACCOUNT`` (empty disables that budget) and
``THROTTLE_TRUST_X_FORWARDED_FOR`` (only behind a proxy that sets it).

When the cache is down the counters cannot be read. ``THROTTLE_ZONDER_CACHE`` decides:
"toestaan" (default) lets the request through and logs it; "weigeren" answers the Dutch 503
"try again" page. This is a security trade-off: refusing every POST during a Redis outage takes
applications, logins and consultations down for every resident, while allowing them leaves only
allauth's lockout and these budgets off for the outage (allauth's limits fail open too). The
default favours residents; a deployment under active attack can switch to "weigeren".

Why our own code and not django-ratelimit: this is one middleware for *every* public POST with
two budgets and the Dutch 429 page, plus a decorator for stricter views; django-ratelimit is
per-view decorators and would need the same middleware around it.
"""

import functools
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from .cache import CacheNietBeschikbaar

logger = logging.getLogger(__name__)

PERIODES = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Tempo:
    aantal: int
    seconden: int

    @classmethod
    def parse(cls, waarde: str | None) -> "Tempo | None":
        if not waarde:
            return None
        aantal, _, periode = waarde.partition("/")
        return cls(int(aantal), PERIODES[periode.strip()])


def client_ip(request) -> str:
    if getattr(settings, "THROTTLE_TRUST_X_FORWARDED_FOR", False):
        doorgestuurd = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if doorgestuurd:
            # The proxy appends the address it saw last; that is the one we can trust.
            return doorgestuurd.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def verbruik(sleutel: str, tempo: Tempo) -> tuple[bool, int]:
    """Count one hit on ``sleutel``; returns (allowed, seconds until the window resets)."""
    venster = int(time.time() // tempo.seconden)
    cache_sleutel = f"throttle:{sleutel}:{tempo.seconden}:{venster}"
    # add() is atomic and a no-op when the key exists; incr() is atomic in Redis and locmem.
    cache.add(cache_sleutel, 0, timeout=tempo.seconden + 1)
    try:
        teller = cache.incr(cache_sleutel)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_sleutel, 1, timeout=tempo.seconden + 1)
        teller = 1
    resterend = tempo.seconden - int(time.time()) % tempo.seconden
    return teller <= tempo.aantal, resterend


def te_veel_verzoeken(request, retry_after: int):
    response = HttpResponse(render_to_string("429.html", request=request), status=429)
    response["Retry-After"] = str(retry_after)
    return response


def controleer(request, scope: str, per_ip: Tempo | None, per_account: Tempo | None):
    """None if allowed, else a 429 response."""
    budgetten = []
    if per_ip:
        budgetten.append((f"{scope}:ip:{client_ip(request)}", per_ip))
    user = getattr(request, "user", None)
    if per_account and user is not None and user.is_authenticated:
        budgetten.append((f"{scope}:user:{user.pk}", per_account))
    for sleutel, tempo in budgetten:
        try:
            toegestaan, resterend = verbruik(sleutel, tempo)
        except CacheNietBeschikbaar:
            if settings.THROTTLE_ZONDER_CACHE == "weigeren":
                return probeer_later(request)
            logger.warning("throttle %s: cache unavailable, request allowed", scope)
            return None
        if not toegestaan:
            return te_veel_verzoeken(request, resterend)
    return None


def probeer_later(request, retry_after: int = 30):
    """The Dutch 503 "busy, try again" page; standalone (no database, no cache needed)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(retry_after)
    return response


def throttle(scope: str, per_ip: str | None = None, per_account: str | None = None):
    """Decorator for a view with its own budget, on top of the site-wide POST budget."""
    ip_tempo, account_tempo = Tempo.parse(per_ip), Tempo.parse(per_account)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                geweigerd = controleer(request, scope, ip_tempo, account_tempo)
                if geweigerd is not None:
                    return geweigerd
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class PostThrottleMiddleware:
    """The site-wide budget for POST requests outside the admin."""

    uitgezonderd = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path.startswith(self.uitgezonderd):
            geweigerd = controleer(
                request,
                "post",
                Tempo.parse(settings.THROTTLE_POST_PER_IP),
                Tempo.parse(settings.THROTTLE_POST_PER_ACCOUNT),
            )
            if geweigerd is not None:
                return geweigerd
        return self.get_response(request)
