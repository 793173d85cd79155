"""The figures of the admin report (``rapport_admin``): per district, this year."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from ..models import Aanvraag
from ..statemachine import LOPEND
from ..wijkbudget import NUL, Boeking, Wijkbudget
from .behandeltijd import Behandeltijd, behandeltijden
from .cijfers import _ledger_sommen, _positie


@dataclass
class WijkOverzicht:
    wijk_id: int
    naam: str
    slug: str
    lopend: int = 0
    behandeltijd: Behandeltijd = field(default_factory=Behandeltijd)
    budget: Decimal = NUL
    gebruikt: Decimal = NUL  # reserved + paid, of the budgets covering the district

    @property
    def pk(self) -> int:
        return self.wijk_id

    @property
    def gebruikt_pct(self) -> float | None:
        if not self.budget:
            return None
        return float(self.gebruikt / self.budget * 100)


def wijkoverzicht(wijken: QuerySet, jaar: int | None = None) -> list[WijkOverzicht]:
    """Per district of ``wijken``: open applications (any year), handling times of the
    applications submitted in ``jaar`` and the use of the budgets of ``jaar`` covering it.
    A constant number of queries (5, 6 on SQLite)."""
    jaar = jaar or timezone.localdate().year
    rijen = {
        wijk.pk: WijkOverzicht(wijk.pk, wijk.naam, wijk.slug)
        for wijk in wijken.only("pk", "naam", "slug", "volgorde").order_by("volgorde", "naam")
    }
    if not rijen:
        return []
    ids = list(rijen)

    lopend = (
        Aanvraag.objects.filter(wijk__in=ids, status__in=LOPEND)
        .order_by()
        .values("wijk")
        .annotate(n=Count("pk"))
    )
    for rij in lopend:
        rijen[rij["wijk"]].lopend = rij["n"]

    aanvragen = Aanvraag.objects.filter(wijk__in=ids, ingediend_op__year=jaar)
    for wijk_id, tijd in behandeltijden(aanvragen, "wijk").items():
        rijen[wijk_id].behandeltijd = tijd

    budgetten = (
        Wijkbudget.objects.filter(jaar=jaar, wijken__in=ids)
        .order_by()
        .values("wijken")
        .annotate(totaal=Sum("bedrag"))
    )
    for rij in budgetten:
        rijen[rij["wijken"]].budget = rij["totaal"]

    gebruik = (
        Boeking.objects.filter(budget__jaar=jaar, budget__wijken__in=ids)
        .order_by()
        .values("budget__wijken")
        .annotate(**_ledger_sommen())
    )
    for rij in gebruik:
        positie = _positie(NUL, rij)
        rijen[rij["budget__wijken"]].gebruikt = positie.gereserveerd + positie.betaald
    return list(rijen.values())
