"""The walk over every URL of admin viewsets, shared by the review queue's item types.

A test module gives the viewsets and, per viewset, the item whose URLs are walked; the URLs come
from the viewsets' own ``get_urlpatterns()`` (checked against the project's resolver by
``dekt_de_resolver``), so a view that a Wagtail upgrade or a later change adds is walked too and
cannot leak. Every URL is requested with GET and with POST (decisions are POST forms), and the
listing's CSV and XLSX exports are walked as well.

Usage::

    urls = wandel_urls(VIEWSETS, lambda viewset: items[viewset.name])
    wandel(client, urls, als_andere_wijk(GEHEIM), post_data=POST_DATA)
    niets_veranderd(items)  # the module's own check afterwards
"""

from collections.abc import Callable, Iterable

from django.urls import URLPattern, URLResolver, get_resolver, reverse

LIJST_VIEWS = ("index", "index_results")


def wandel_urls(viewsets: Iterable, item_voor: Callable) -> list[tuple[str, str]]:
    """(name, url) for every pattern of every viewset, plus the exports of the listings."""
    urls = []
    for viewset in viewsets:
        item = item_voor(viewset)
        for patroon in viewset.get_urlpatterns():
            naam = viewset.get_url_name(patroon.name)
            pad = reverse(naam, kwargs=dict.fromkeys(patroon.pattern.converters, item.pk))
            urls.append((naam, pad))
            if patroon.name in LIJST_VIEWS:
                for formaat in ("csv", "xlsx"):
                    urls.append((f"{naam}?export={formaat}", f"{pad}?export={formaat}"))
    return urls


def resolver_namen(namespace: str) -> set[str]:
    """Every URL name the project's resolver knows in ``namespace``."""

    def loop(patronen, ns):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                sub = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
                yield from loop(patroon.url_patterns, sub)
            elif isinstance(patroon, URLPattern) and patroon.name:
                yield f"{ns}{patroon.name}"

    return {n for n in loop(get_resolver().url_patterns, "") if n.startswith(f"{namespace}:")}


def dekt_de_resolver(viewsets: Iterable, urls: list[tuple[str, str]]) -> None:
    """The walk covers every URL the resolver knows of these viewsets, and every decision."""
    gewandeld = {naam for naam, _pad in urls if "?" not in naam}
    for viewset in viewsets:
        assert resolver_namen(viewset.url_namespace) <= gewandeld, viewset.name
        for besluit in getattr(viewset, "besluiten", ()):
            assert viewset.get_url_name(besluit.naam) in gewandeld, besluit.naam


def inhoud(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def wandel(client, urls, controleer: Callable, *, post_data: dict, minimum: int = 10) -> None:
    """GET and POST every URL; ``controleer(naam, methode, response)`` asserts each answer."""
    bezocht = 0
    for naam, pad in urls:
        for methode in ("get", "post"):
            response = getattr(client, methode)(pad, post_data if methode == "post" else None)
            controleer(naam, methode, response)
            bezocht += 1
    assert bezocht > minimum


# --- The usual checks -------------------------------------------------------------------------


def als_andere_wijk(*geheimen: str) -> Callable:
    """A coordinator of another district: listings may answer (without the item), every other
    URL is 403 or 404, nothing is a 500, no secret appears."""

    def controleer(naam, methode, response):
        tekst = inhoud(response)
        assert response.status_code < 500, (naam, methode)
        assert not any(g in tekst for g in geheimen), (naam, methode)
        if naam.split("?")[0].endswith(tuple(f":{v}" for v in LIJST_VIEWS)):
            assert response.status_code in (200, 403, 404, 405), (naam, methode)
        else:
            assert response.status_code in (403, 404), (naam, methode, response.status_code)

    return controleer


def naar(url: str, *geheimen: str) -> Callable:
    """Every URL redirects to ``url`` (the login, or the second-factor screen)."""

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(url), (naam, methode, response["Location"])
        assert not any(g in inhoud(response) for g in geheimen), (naam, methode)

    return controleer


def geweigerd(*geheimen: str) -> Callable:
    """Every URL answers 403 (a role without the model permission)."""

    def controleer(naam, methode, response):
        assert response.status_code == 403, (naam, methode, response.status_code)
        assert not any(g in inhoud(response) for g in geheimen), (naam, methode)

    return controleer
