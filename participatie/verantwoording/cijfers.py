"""The figures of the public page: one district, one year (budgets and schemes)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from portal.gebieden.models import Wijk

from ..constants import BoekingSoort
from ..models import Aanvraag
from ..statemachine import TOEGEKEND
from ..wijkbudget import NUL, Boeking, Positie, Wijkbudget
from .behandeltijd import Behandeltijd, behandeltijden

# Years a public page may exist for: the note's budgets start in 2009; a budget for next year
# may be entered in advance. Outside this range the pages answer 404 without a query.
EERSTE_JAAR = 2000

CENT = Decimal("0.01")


def jaar_in_bereik(jaar: int) -> bool:
    return EERSTE_JAAR <= jaar <= timezone.localdate().year + 1


def _ledger_sommen(prefix: str = "") -> dict:
    """Sum per kind of ledger entry; ``prefix`` is the path to ``Boeking`` ("boekingen__")."""
    return {
        soort.value: Sum(f"{prefix}bedrag", filter=Q(**{f"{prefix}soort": soort}), default=NUL)
        for soort in BoekingSoort
    }


def _positie(bedrag: Decimal, sommen) -> Positie:
    """``Wijkbudget.positie()`` from sums already computed (see ``_ledger_sommen``)."""
    # SQLite's sums lose the scale (Decimal("100") for 100.00): back to cents.
    reservering, vrijgave, betaling = (
        Decimal(sommen[soort.value]).quantize(CENT)
        for soort in (BoekingSoort.RESERVERING, BoekingSoort.VRIJGAVE, BoekingSoort.BETALING)
    )
    bedrag = Decimal(bedrag).quantize(CENT)
    return Positie(
        budget=bedrag,
        gereserveerd=reservering - vrijgave - betaling,
        betaald=betaling,
        resterend=bedrag - reservering + vrijgave,
    )


# --- The public page: one district, one year --------------------------------------------------


@dataclass(frozen=True)
class BudgetCijfers:
    naam: str
    jaar: int
    is_voorbeeld: bool
    wijken: list[str]  # the districts the budget covers (several for a shared budget)
    positie: Positie

    @property
    def is_gedeeld(self) -> bool:
        return len(self.wijken) > 1


@dataclass
class RegelingCijfers:
    regeling_id: int
    titel: str
    is_voorbeeld: bool
    ingediend: int = 0
    toegekend: int = 0
    gereserveerd: Decimal = NUL
    betaald: Decimal = NUL
    behandeltijd: Behandeltijd = field(default_factory=Behandeltijd)


@dataclass(frozen=True)
class Verantwoording:
    wijk: Wijk
    jaar: int
    budgetten: list[BudgetCijfers]
    regelingen: list[RegelingCijfers]

    @property
    def heeft_gegevens(self) -> bool:
        return bool(self.budgetten or self.regelingen)

    @property
    def heeft_voorbeeld(self) -> bool:
        """Some figures are demo content (an example budget or scheme)."""
        return any(b.is_voorbeeld for b in self.budgetten) or any(
            r.is_voorbeeld for r in self.regelingen
        )


def budgetten_van(wijk, jaar: int) -> list[BudgetCijfers]:
    """The budgets covering ``wijk`` in ``jaar`` with their ledger position (2 queries)."""
    budgetten = (
        Wijkbudget.objects.filter(wijken=wijk, jaar=jaar)
        .annotate(**_ledger_sommen("boekingen__"))
        .prefetch_related(Prefetch("wijken", queryset=Wijk.objects.only("naam", "volgorde")))
        .order_by("naam", "pk")
    )
    return [
        BudgetCijfers(
            naam=budget.naam,
            jaar=budget.jaar,
            is_voorbeeld=budget.is_voorbeeld,
            wijken=[w.naam for w in budget.wijken.all()],
            positie=_positie(
                budget.bedrag, {s.value: getattr(budget, s.value) for s in BoekingSoort}
            ),
        )
        for budget in budgetten
    ]


def regelingen_van(wijk, jaar: int) -> list[RegelingCijfers]:
    """Per scheme: submitted, granted, handling time (applications submitted in ``jaar``) and
    reserved/paid (ledger entries against budgets of ``jaar``). 2 queries, 3 on SQLite."""
    aanvragen = Aanvraag.objects.filter(wijk=wijk, ingediend_op__year=jaar)
    per_regeling: dict[int, RegelingCijfers] = {}

    def regel(regeling_id, titel, is_voorbeeld) -> RegelingCijfers:
        if regeling_id not in per_regeling:
            per_regeling[regeling_id] = RegelingCijfers(regeling_id, titel, is_voorbeeld)
        return per_regeling[regeling_id]

    tellingen = (
        aanvragen.order_by()
        .values("regeling", "regeling__titel", "regeling__is_voorbeeld")
        .annotate(
            ingediend=Count("pk"),
            toegekend=Count("pk", filter=Q(status__in=TOEGEKEND)),
        )
    )
    for rij in tellingen:
        cijfers = regel(rij["regeling"], rij["regeling__titel"], rij["regeling__is_voorbeeld"])
        cijfers.ingediend, cijfers.toegekend = rij["ingediend"], rij["toegekend"]

    bedragen = (
        Boeking.objects.filter(aanvraag__wijk=wijk, budget__jaar=jaar)
        .order_by()
        .values(
            "aanvraag__regeling", "aanvraag__regeling__titel", "aanvraag__regeling__is_voorbeeld"
        )
        .annotate(**_ledger_sommen())
    )
    for rij in bedragen:
        cijfers = regel(
            rij["aanvraag__regeling"],
            rij["aanvraag__regeling__titel"],
            rij["aanvraag__regeling__is_voorbeeld"],
        )
        positie = _positie(NUL, rij)
        cijfers.gereserveerd, cijfers.betaald = positie.gereserveerd, positie.betaald

    if per_regeling:
        for regeling_id, tijd in behandeltijden(aanvragen, "regeling").items():
            per_regeling[regeling_id].behandeltijd = tijd
    return sorted(per_regeling.values(), key=lambda r: (r.titel.casefold(), r.regeling_id))


def verantwoording(wijk, jaar: int) -> Verantwoording:
    """Everything the public page of ``wijk`` in ``jaar`` shows: a constant number of queries."""
    return Verantwoording(
        wijk=wijk,
        jaar=jaar,
        budgetten=budgetten_van(wijk, jaar),
        regelingen=regelingen_van(wijk, jaar),
    )


def jaren_met_gegevens(wijk) -> list[int]:
    """Years with a budget for ``wijk`` or an application submitted in it, newest first."""
    budgetjaren = Wijkbudget.objects.filter(wijken=wijk).order_by().values_list("jaar")
    aanvraagjaren = (
        Aanvraag.objects.filter(wijk=wijk, ingediend_op__isnull=False)
        .order_by()
        .annotate(jaar=ExtractYear("ingediend_op"))
        .values_list("jaar")
    )
    jaren = {jaar for (jaar,) in budgetjaren.union(aanvraagjaren)}
    return sorted((jaar for jaar in jaren if jaar_in_bereik(jaar)), reverse=True)
