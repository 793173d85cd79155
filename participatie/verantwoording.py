"""Accountability figures (verantwoording) of the district budgets: aggregates only.

Used by the public pages (``views_verantwoording``) and the admin report (``rapport_admin``).
No name, address, title, reference or amount of a single application leaves this module: only
counts and sums per scheme, per budget and per district.

Everything is computed in the database: counts and sums with filters, the average handling time
with ``Avg``. Percentiles (median, 90th percentile) use PostgreSQL's ``percentile_cont``; SQLite
has no such aggregate, so there they come from the sorted durations of the same group — one
number per decided application of one district-year (public page) or of one year (admin
report), a bounded list — interpolated exactly as ``percentile_cont`` does.

Definitions (the public page repeats them in plain Dutch):

- An application counts for the year it was submitted (``ingediend_op``, local time). That is
  the latest submission: after "changes requested" the clock restarts, as a statutory term is
  suspended while the applicant amends the application.
- Granted: its status is in ``TOEGEKEND`` now (approved, paid, reported back, closed).
- Handling time: days from ``ingediend_op`` to the first decision (the first status change to
  approved or rejected); applications without a decision yet are left out.
- Amounts come from the ledger (``Boeking``): entries against budgets of the year for
  applications in the district. Reserved = reserved − released − paid (still open), paid =
  payments: the formula of ``Wijkbudget.positie()``.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import NotSupportedError, connections
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from portal.gebieden.models import Wijk

from .constants import BoekingSoort, Status
from .models import Aanvraag, StatusWijziging
from .statemachine import LOPEND, TOEGEKEND
from .wijkbudget import NUL, Boeking, Positie, Wijkbudget

# The first of these status changes ends the handling time.
BESLUITEN = frozenset({Status.GOEDGEKEURD, Status.AFGEWEZEN})

# Years a public page may exist for: the note's budgets start in 2009; a budget for next year
# may be entered in advance. Outside this range the pages answer 404 without a query.
EERSTE_JAAR = 2000

CENT = Decimal("0.01")


def jaar_in_bereik(jaar: int) -> bool:
    return EERSTE_JAAR <= jaar <= timezone.localdate().year + 1


# --- Expressions -----------------------------------------------------------------------------


class DagenTussen(Func):
    """Days (fractional) from ``begin`` to ``eind``, two datetimes: SQLite and PostgreSQL."""

    arity = 2
    output_field = FloatField()

    def __init__(self, begin, eind, **extra):
        super().__init__(eind, begin, **extra)  # rendered as "eind - begin"

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("DagenTussen supports SQLite and PostgreSQL only.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision) / 86400.0)",
            arg_joiner=" - ",
            **extra_context,
        )


class Percentiel(Aggregate):
    """PostgreSQL's ``percentile_cont(fractie) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "Percentiel"
    template = "%(function)s(%(fractie)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fractie: float, **extra):
        fractie = float(fractie)
        if not 0.0 <= fractie <= 1.0:
            raise ValueError("fractie must be between 0 and 1")
        super().__init__(expression, fractie=repr(fractie), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotSupportedError("Percentiel needs PostgreSQL's percentile_cont.")
        return super().as_sql(compiler, connection, **extra_context)


def eerste_besluit_op():
    """The moment of an application's first decision (a subquery on ``StatusWijziging``)."""
    return Subquery(
        StatusWijziging.objects.filter(aanvraag=OuterRef("pk"), naar__in=BESLUITEN)
        .order_by("op", "pk")
        .values("op")[:1]
    )


def behandelduur():
    """Days from (latest) submission to first decision; NULL while undecided."""
    return DagenTussen(F("ingediend_op"), eerste_besluit_op())


def percentiel(gesorteerd: list[float], fractie: float) -> float | None:
    """Linear interpolation between the closest ranks: the same as ``percentile_cont``."""
    if not gesorteerd:
        return None
    positie = fractie * (len(gesorteerd) - 1)
    onder, boven = math.floor(positie), math.ceil(positie)
    return gesorteerd[onder] + (gesorteerd[boven] - gesorteerd[onder]) * (positie - onder)


def _heeft_percentile_cont(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


@dataclass(frozen=True)
class Behandeltijd:
    """Handling-time statistics of a group, in days; None when nothing was decided yet."""

    besloten: int = 0
    gemiddelde: float | None = None
    mediaan: float | None = None
    p90: float | None = None


def behandeltijden(aanvragen: QuerySet, groep: str) -> dict:
    """Handling-time statistics of ``aanvragen`` per value of field ``groep``.

    One query on PostgreSQL; on SQLite a second one fetches the group's sorted durations for
    the percentiles. Pass a queryset bounded to a district-year or a year.
    """
    duur = behandelduur()
    aggregaten = {"besloten": Count(duur), "gemiddelde": Avg(duur)}
    met_percentile_cont = _heeft_percentile_cont(aanvragen)
    if met_percentile_cont:
        aggregaten |= {"mediaan": Percentiel(duur, 0.5), "p90": Percentiel(duur, 0.9)}
    rijen = aanvragen.order_by().values(groep).annotate(**aggregaten)
    sommen = {rij[groep]: rij for rij in rijen}
    if not met_percentile_cont:
        duren = defaultdict(list)
        lijst = (
            aanvragen.annotate(duur=duur)
            .filter(duur__isnull=False)
            .order_by(groep, "duur")
            .values_list(groep, "duur")
        )
        for sleutel, waarde in lijst:
            duren[sleutel].append(waarde)
        for sleutel, rij in sommen.items():
            rij["mediaan"] = percentiel(duren[sleutel], 0.5)
            rij["p90"] = percentiel(duren[sleutel], 0.9)
    return {
        sleutel: Behandeltijd(
            besloten=rij["besloten"],
            gemiddelde=rij["gemiddelde"],
            mediaan=rij["mediaan"],
            p90=rij["p90"],
        )
        for sleutel, rij in sommen.items()
    }


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


# --- The admin report: per district, this year ------------------------------------------------


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
