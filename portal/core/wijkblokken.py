"""Blocks that apps add to the district page: the extension point of ``WijkPage``.

An app registers its block once, from its ``AppConfig.ready()``; the district page renders the
registered blocks in ``volgorde`` without knowing the app (the kernel names none)::

    from portal.core.wijkblokken import WijkBlok, registreer_wijkblok

    registreer_wijkblok(
        WijkBlok(
            naam="speelplekken",
            volgorde=60,
            sjabloon="speelkaart/wijkblok.html",
            context=speelplekken_voor_wijk,  # (wijk, request) -> dict, or None to leave it out
        )
    )

The template receives the dict under ``blok`` and the district under ``wijk``, and renders one
``<section>`` with an ``h2``. A context function must use a constant number of queries
(the district page's query budget is asserted in tests/test_query_counts.py) and shows no
personal data: the page is cached for anonymous visitors.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class WijkBlok:
    naam: str
    volgorde: int
    sjabloon: str
    context: Callable


_blokken: dict[str, WijkBlok] = {}


def registreer_wijkblok(blok: WijkBlok) -> None:
    """Idempotent per name (``ready()`` may run more than once in tests)."""
    _blokken[blok.naam] = blok


def wijkblokken(wijk, request) -> list[dict]:
    """The blocks for ``wijk`` in order, each {"naam", "sjabloon", "context"}; blocks whose
    context function returns None are left out."""
    resultaat = []
    for blok in sorted(_blokken.values(), key=lambda b: (b.volgorde, b.naam)):
        context = blok.context(wijk, request)
        if context is not None:
            resultaat.append({"naam": blok.naam, "sjabloon": blok.sjabloon, "context": context})
    return resultaat
