"""Handling time: days from the (latest) submission to the first decision, with its average,
median and 90th percentile (``percentile_cont`` on PostgreSQL, the same interpolation in Python
on SQLite)."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import NotSupportedError, connections
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
)

from ..constants import Status
from ..models import StatusWijziging

# The first of these status changes ends the handling time.
BESLUITEN = frozenset({Status.GOEDGEKEURD, Status.AFGEWEZEN})

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
