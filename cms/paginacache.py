"""Anonymous page responses from the cache: a burst of visitors costs one rendering per page.

The invariant: **a response is served from the cache, or stored in it, only for a visitor
without any state** — no session cookie (so not logged in, no message in the session, no page
password passed, no login in progress), no messages cookie, no ``Authorization`` header. Such a
visitor sees exactly what every other such visitor sees, so one rendering can serve them all.
Everyone else always gets a fresh rendering, and never a cached one.

What is stored: GET responses of Wagtail's page view (``wagtail.views.serve``: pages and their
routes, not Django views such as the search page) with status 200 that

- set no cookie (no session started, no CSRF cookie, no message left for the next page),
- contain no CSRF token (a form with ``{% csrf_token %}`` is only ever shown to logged-in
  visitors, e.g. a scheme's "Apply" button and the logout form),
- show no message, were not rendered for a logged-in user,
- do not forbid shared caching (Wagtail sends ``Cache-Control: private, no-cache`` for pages
  with view restrictions), and vary on nothing but Cookie and Accept-Encoding.

GET and HEAD requests are served from it. Responses to anonymous page requests carry
``X-Cache: HIT`` or ``MISS`` (the tests and ``make bench`` read it).

The key holds the scheme, host, path, query string, language and the content version
(``cms/inhoudsversie.py``): publishing, unpublishing, moving or deleting a page starts a new
version, so the next request renders anew — no second invalidation scheme. Data that change
without a publish (approved initiatives on a district page, schemes that open or close by date,
a district's contacts, schemes edited in the admin) appear after at most
``PAGINACACHE_SECONDEN`` (default 60; 0 switches the cache off, as the dev and test settings
do). That is the trade-off: up to a minute of staleness for those, against one rendering per
page per minute (per web process with the local-memory cache) however many visitors come.

Bodies are stored with gzip and brotli copies (``portal/core/compressie.py``), which is safe
because nothing secret is in them. The cache is Django's default cache: with Redis shared by
every web process; a Redis outage makes every request a miss (``portal/core/cache.py``).
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail.views import serve

from portal.core.compressie import comprimeer, zet_inhoud

from .inhoudsversie import inhoudsversie

SLEUTEL = "cms:pagina:{versie}:{hash}"
# Set again on every response served from the cache, never copied from the stored one.
EIGEN_HEADERS = {"content-length", "content-encoding", "x-cache"}
# A response that varies on another request header than these cannot share one entry.
VARY_TOEGESTAAN = {"", "cookie", "accept-encoding"}
NIET_GEDEELD = {"private", "no-cache", "no-store"}


def zonder_toestand(request) -> bool:
    """The visitor brings no state: no session, no messages, no credentials."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_paginaverzoek(request) -> bool:
    """GET or HEAD of a path that Wagtail's page view answers."""
    if request.method not in ("GET", "HEAD"):
        return False
    try:
        return resolve(request.path_info).func is serve
    except Resolver404:
        return False


def sleutel(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # CommonMiddleware answers 400 further down
    delen = "\n".join(
        [
            request.scheme,
            host,
            request.path,
            request.META.get("QUERY_STRING", ""),
            translation.get_language() or "",
        ]
    )
    return SLEUTEL.format(
        versie=inhoudsversie(), hash=hashlib.sha256(delen.encode()).hexdigest()[:32]
    )


def mag_bewaren(request, response) -> bool:
    """Whether ``response`` holds nothing of this visitor and may serve every anonymous one."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    gebruiker = getattr(request, "user", None)
    if gebruiker is not None and gebruiker.is_authenticated:
        return False
    if len(getattr(request, "_messages", ())):
        return False
    cache_control = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & NIET_GEDEELD:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if not vary <= VARY_TOEGESTAAN:
        return False
    return b"csrfmiddlewaretoken" not in response.content


class PaginaCacheMiddleware:
    """Serves and stores anonymous page responses (see the module docstring).

    Placed right after WhiteNoise in MIDDLEWARE: a hit skips the session, CSRF, auth and message
    middleware and the database entirely; the security headers (SecurityMiddleware, CSP,
    Permissions-Policy) are added to it on the way out as to any response. On a miss, the
    middleware inside have run when the response comes back here, so their cookies are seen."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconden = settings.PAGINACACHE_SECONDEN
        if not (seconden and zonder_toestand(request) and is_paginaverzoek(request)):
            return self.get_response(request)
        key = sleutel(request)
        if key is None:
            return self.get_response(request)
        bewaard = cache.get(key)
        if bewaard is not None:
            return self.uit_cache(request, bewaard)

        response = self.get_response(request)
        if mag_bewaren(request, response):
            inhoud = response.content
            bewaard = {
                "headers": [(k, v) for k, v in response.items() if k.lower() not in EIGEN_HEADERS],
                "inhoud": inhoud,
                "varianten": comprimeer(inhoud),
            }
            cache.set(key, bewaard, seconden)
            zet_inhoud(request, response, inhoud, bewaard["varianten"])
        response.headers["X-Cache"] = "MISS"
        return response

    @staticmethod
    def uit_cache(request, bewaard: dict) -> HttpResponse:
        response = HttpResponse()
        for naam, waarde in bewaard["headers"]:
            response.headers[naam] = waarde
        zet_inhoud(request, response, bewaard["inhoud"], bewaard["varianten"])
        response.headers["X-Cache"] = "HIT"
        return response
