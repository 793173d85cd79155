"""What other apps (the cms pages) may ask of participation. No personal data leaves here."""

from django.utils import timezone

from .models import Aanvraag
from .statemachine import TOEGEKEND


def goedgekeurde_initiatieven(wijk, jaar: int | None = None) -> list[dict]:
    """Approved initiatives of a district in a year: title, scheme, neighbourhood, date only."""
    jaar = jaar or timezone.localdate().year
    rijen = (
        Aanvraag.objects.filter(wijk=wijk, status__in=TOEGEKEND)
        .filter(activiteit_datum__year=jaar)
        .order_by("activiteit_datum", "titel")
        .values("titel", "regeling__titel", "buurt__naam", "activiteit_datum")
    )
    return [
        {
            "titel": rij["titel"],
            "regeling": rij["regeling__titel"],
            "buurt": rij["buurt__naam"],
            "datum": rij["activiteit_datum"],
        }
        for rij in rijen
    ]
