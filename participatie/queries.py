"""What other apps (the cms pages) may ask of participation. No personal data leaves here."""

from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .models import Aanvraag, Regeling
from .statemachine import TOEGEKEND

# A district page shows this many approved initiatives; the rest are on the full list.
INITIATIEVEN_OP_WIJKPAGINA = 8


def _initiatieven(wijk):
    """Approved initiatives of a district for the coming twelve months: activities (or play
    street periods) that take place between today and a year ahead, and initiatives without
    a date (self-management) approved in the past twelve months. Titles, scheme, neighbourhood
    and dates only."""
    vandaag = timezone.localdate()
    over_een_jaar, een_jaar_terug = vandaag + timedelta(days=365), vandaag - timedelta(days=365)
    return (
        Aanvraag.objects.filter(wijk=wijk, status__in=TOEGEKEND)
        .filter(
            Q(activiteit_datum__lte=over_een_jaar)
            & (Q(activiteit_datum__gte=vandaag) | Q(einddatum__gte=vandaag))
            | Q(activiteit_datum=None, gewijzigd__date__gte=een_jaar_terug)
        )
        .order_by(F("activiteit_datum").asc(nulls_last=True), "titel", "pk")
        .values("titel", "regeling__titel", "buurt__naam", "activiteit_datum", "einddatum")
    )


def als_rij(rij: dict) -> dict:
    return {
        "titel": rij["titel"],
        "regeling": rij["regeling__titel"],
        "buurt": rij["buurt__naam"],
        "datum": rij["activiteit_datum"],
        "einddatum": rij["einddatum"],
    }


def goedgekeurde_initiatieven(wijk, limiet: int | None = INITIATIEVEN_OP_WIJKPAGINA):
    """(the first ``limiet`` initiatives as dicts, whether there are more)."""
    rijen = _initiatieven(wijk)
    if limiet is None:
        return [als_rij(r) for r in rijen], False
    eerste = list(rijen[: limiet + 1])
    return [als_rij(r) for r in eerste[:limiet]], len(eerste) > limiet


def alle_initiatieven(wijk):
    """The full list (a queryset of dicts, for a paginator; ``als_rij`` shapes a row)."""
    return _initiatieven(wijk)


def open_regelingen(wijk=None):
    """Schemes open today (for ``wijk`` when given: those that apply to that district), as a
    lazy queryset a page can use in a subquery."""
    vandaag = timezone.localdate()
    regelingen = Regeling.objects.filter(
        Q(open_van__isnull=True) | Q(open_van__lte=vandaag),
        Q(open_tot__isnull=True) | Q(open_tot__gte=vandaag),
    )
    if wijk is not None:
        regelingen = regelingen.filter(Q(wijken=None) | Q(wijken=wijk))
    return regelingen.values("pk")


def verantwoording_url(wijk, jaar: int | None = None) -> str:
    """The public spending page of a district (aggregates only): a year's, or the index."""
    if jaar is None:
        return reverse("verantwoording:index", kwargs={"wijk": wijk.slug})
    return reverse("verantwoording:jaar", kwargs={"wijk": wijk.slug, "jaar": jaar})


def wijkblok_initiatieven(wijk, request) -> dict:
    """The district page's block (portal.core.wijkblokken): approved initiatives for the
    coming twelve months and the link to this year's budget accountability."""
    initiatieven, meer = goedgekeurde_initiatieven(wijk)
    jaar = timezone.localdate().year
    return {
        "initiatieven": initiatieven,
        "meer": meer,
        "jaar": jaar,
        "verantwoording_url": verantwoording_url(wijk, jaar),
    }
