"""What pages and feeds may ask about news (NieuwsPage) and events (AgendaPage).

The one place that says which items the public sees (live and not behind a view restriction),
in which order, and which fields a list loads. The listings, the feeds, the iCalendar export
and the district page all ask here, so they never disagree.

Invariant: every function returns specific-typed pages from one query on the concrete model
(plus Wagtail's one query for view restrictions) and loads only the fields a list item shows;
the StreamField content is never loaded for a list. A list of 3 and of 3,000 items costs the
same number of queries.
"""

from datetime import datetime, time

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from portal.gebieden.models import Wijk

from .models.berichten import AgendaPage, NieuwsPage

# Page fields a link needs (Page.get_url reads url_path), plus what an item shows. Lists
# select the district too (its name is shown; its slug links to the filtered listing).
_PAGINA_VELDEN = ("title", "slug", "url_path", "last_published_at", "wijk__naam", "wijk__slug")
NIEUWS_LIJST_VELDEN = (*_PAGINA_VELDEN, "datum", "samenvatting")
AGENDA_LIJST_VELDEN = (
    *_PAGINA_VELDEN,
    "samenvatting",
    "begin",
    "einde",
    "plaats",
    "adres",
    "toegankelijkheid",
    "toegankelijkheid_toelichting",
)


def nieuws(wijk: Wijk | int | None = None):
    """Public news, newest first: of one district, or (``wijk=None``) of the whole city."""
    berichten = (
        NieuwsPage.objects.live()
        .public()
        .select_related("wijk")
        .only(*NIEUWS_LIJST_VELDEN)
        .order_by("-datum", "-pk")
    )
    return berichten.filter(wijk=wijk) if wijk is not None else berichten


def begin_van_vandaag() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def komende_agenda(wijk: Wijk | int | None = None, vanaf: datetime | None = None):
    """Public events that have not ended before ``vanaf`` (default: the start of today), by
    start: of one district or all. An event without an end counts as ending when it starts;
    one that started yesterday and ends tomorrow is still coming."""
    vanaf = vanaf or begin_van_vandaag()
    activiteiten = (
        AgendaPage.objects.live()
        .public()
        .filter(Q(begin__gte=vanaf) | Q(einde__gte=vanaf))
        .select_related("wijk")
        .only(*AGENDA_LIJST_VELDEN)
        .order_by("begin", "pk")
    )
    return activiteiten.filter(wijk=wijk) if wijk is not None else activiteiten


def laatste_nieuws(wijk: Wijk | int, aantal: int = 3) -> list[NieuwsPage]:
    """The newest ``aantal`` public news items of a district (a Wijk or its id), for the
    district page."""
    return list(nieuws(wijk)[:aantal])


def komende_activiteiten(
    wijk: Wijk | int, aantal: int = 3, vanaf: datetime | None = None
) -> list[AgendaPage]:
    """The next ``aantal`` public events of a district (a Wijk or its id), for the district
    page; ``vanaf`` as in ``komende_agenda``."""
    return list(komende_agenda(wijk, vanaf)[:aantal])


def wijken_voor_filter() -> list[Wijk]:
    """The districts a listing can be filtered by, in their usual order."""
    return list(Wijk.objects.only("pk", "slug", "naam"))


def gekozen_wijk(slug: str | None, wijken: list[Wijk] | None = None) -> Wijk | None:
    """The district of ``?wijk=<slug>``: None when empty, 404 when unknown (never a 500).
    Pass the filter's ``wijken`` to pick from them without another query."""
    if not slug:
        return None
    if wijken is not None:
        wijk = next((w for w in wijken if w.slug == slug), None)
    else:
        wijk = Wijk.objects.only("pk", "slug", "naam").filter(slug=slug).first()
    if wijk is None:
        raise Http404("Unknown district")
    return wijk
