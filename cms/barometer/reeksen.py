"""The barometer's data: series of figures per district and year, and the rows one chart shows.

A series (``Reeks``) is one indicator: a label, a unit, a source and ``{wijk: {jaar: waarde}}``.
Two kinds feed the barometer:

- a few CBS key figures per policy district (``Wijk.kerncijfers`` aggregates them from the CBS
  wijken, see ``portal/gebieden/kerncijfers.py``), for the one year of CBS data that is loaded;
- every ``Indicator`` with the values administrators imported (``import_csv.py``).

``reeksen()`` reads them in a fixed number of queries, however many values there are: the
districts with their CBS wijken (2), the indicators (1) and all indicator values (1).

The chart and its table get the *same* rows (``Rij``): ``rijen_per_wijk`` for the comparison
across districts, ``rijen_per_jaar`` for one district over the years. Each row carries its value
already rounded to what is shown and its Dutch text, so the bar length, the label in the chart
and the table cell cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.gebieden.models import Wijk

# Keys of the CBS series start with this prefix; indicator codes may not (formulieren.py), so
# the key in the page's query string names one series.
CBS_PREFIX = "cbs-"

# (key, field of Kerncijfers, label, unit, decimals shown). The labels are the msgids of the key
# figures on the district page (templates/components/kerncijfers.html), rounded the same way.
CBS_KERNCIJFERS = (
    ("inwoners", "aantal_inwoners", gettext_noop("Inhabitants"), "", 0),
    ("pct-65plus", "pct_65plus", gettext_noop("Inhabitants aged 65 and over"), "%", 0),
    ("pct-0-15", "pct_0_15", gettext_noop("Inhabitants aged 0 to 15"), "%", 0),
    ("huishoudens", "huishoudens", gettext_noop("Households"), "", 0),
    ("huishoudensgrootte", "gem_huishoudensgrootte", gettext_noop("Average household size"), "", 1),
    ("dichtheid", "bevolkingsdichtheid", gettext_noop("Population density"), "per km²", 0),
)


@dataclass(frozen=True)
class Reeks:
    """One indicator: ``waarden`` maps a district to its values per year."""

    sleutel: str
    label: str
    eenheid: str
    bron: str
    waarden: dict[Wijk, dict[int, Decimal]] = field(default_factory=dict)
    decimalen: int = 0
    omschrijving: str = ""

    @property
    def jaren(self) -> list[int]:
        """Every year with at least one value, oldest first."""
        return sorted({jaar for per_jaar in self.waarden.values() for jaar in per_jaar})

    @property
    def laatste_jaar(self) -> int | None:
        jaren = self.jaren
        return jaren[-1] if jaren else None

    @property
    def heeft_verloop(self) -> bool:
        """Two years or more: a development over time can be shown."""
        return len(self.jaren) >= 2

    def wijken_met_waarden(self) -> list[Wijk]:
        return [wijk for wijk, per_jaar in self.waarden.items() if per_jaar]


@dataclass(frozen=True)
class Rij:
    """One row of a chart and of its table: the label (district or year), the value as shown
    (rounded; None when there is none) and that value as Dutch text with its unit."""

    label: str
    waarde: Decimal | None
    tekst: str


def afgerond(waarde, decimalen: int) -> Decimal:
    return Decimal(waarde).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)


def als_tekst(waarde: Decimal, decimalen: int, eenheid: str = "") -> str:
    """Dutch number formatting (thousands separator, decimal comma) with the unit."""
    getal = number_format(waarde, decimal_pos=decimalen, use_l10n=True, force_grouping=True)
    if not eenheid:
        return getal
    if eenheid == "%":
        return f"{getal}%"
    if eenheid == "€":
        return f"€ {getal}"
    return f"{getal} {eenheid}"


def _rij(label: str, waarde, reeks: Reeks) -> Rij:
    if waarde is None:
        return Rij(label=label, waarde=None, tekst=_("no value"))
    getoond = afgerond(waarde, reeks.decimalen)
    return Rij(
        label=label, waarde=getoond, tekst=als_tekst(getoond, reeks.decimalen, reeks.eenheid)
    )


def rijen_per_wijk(reeks: Reeks, jaar: int, wijken: list[Wijk]) -> list[Rij]:
    """One row per district for ``jaar``: highest value first, districts without one last
    (in district order)."""
    rijen = [_rij(wijk.naam, reeks.waarden.get(wijk, {}).get(jaar), reeks) for wijk in wijken]
    met = sorted((r for r in rijen if r.waarde is not None), key=lambda r: r.waarde, reverse=True)
    return met + [r for r in rijen if r.waarde is None]


def rijen_per_jaar(reeks: Reeks, wijk: Wijk) -> list[Rij]:
    """One row per year of the series (oldest first) for one district; a year in which the
    district has no value stays in as a row without one."""
    per_jaar = reeks.waarden.get(wijk, {})
    return [_rij(str(jaar), per_jaar.get(jaar), reeks) for jaar in reeks.jaren]


def _decimalen(waarden) -> int:
    """The decimals a series needs: 0, 1 or 2 (what the values actually use)."""
    nodig = 0
    for waarde in waarden:
        exponent = waarde.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            nodig = max(nodig, -exponent)
    return min(nodig, 2)


def cbs_reeksen(wijken: list[Wijk]) -> list[Reeks]:
    """The CBS key figures per district (``wijken`` with their CBS wijken prefetched)."""
    kerncijfers = {wijk: wijk.kerncijfers for wijk in wijken}
    jaren = {kc.jaar for kc in kerncijfers.values() if kc.jaar is not None}
    bron = (
        _("CBS, Key figures districts and neighbourhoods %(jaar)s") % {"jaar": max(jaren)}
        if jaren
        else _("CBS, Key figures districts and neighbourhoods")
    )
    reeksen = []
    for sleutel, veld, label, eenheid, decimalen in CBS_KERNCIJFERS:
        waarden = {}
        for wijk, kc in kerncijfers.items():
            waarde = getattr(kc, veld)
            waarden[wijk] = {kc.jaar: Decimal(waarde)} if waarde is not None and kc.jaar else {}
        reeksen.append(
            Reeks(
                sleutel=CBS_PREFIX + sleutel,
                label=_(label),
                eenheid=eenheid,
                bron=bron,
                waarden=waarden,
                decimalen=decimalen,
            )
        )
    return reeksen


def indicator_reeksen(wijken: list[Wijk]) -> list[Reeks]:
    """Every indicator with its imported values: two queries, whatever their number."""
    from cms.models import Indicator, IndicatorWaarde

    per_id = {wijk.pk: wijk for wijk in wijken}
    indicatoren = list(Indicator.objects.order_by("naam"))
    waarden: dict[int, dict[Wijk, dict[int, Decimal]]] = {i.pk: {} for i in indicatoren}
    # Only the columns needed; the districts are the ones already loaded (no join on their
    # large boundary column).
    rijen = IndicatorWaarde.objects.order_by().values_list(
        "indicator_id", "wijk_id", "jaar", "waarde"
    )
    for indicator_id, wijk_id, jaar, waarde in rijen:
        wijk = per_id.get(wijk_id)
        if wijk is not None and indicator_id in waarden:
            waarden[indicator_id].setdefault(wijk, {})[jaar] = waarde
    return [
        Reeks(
            sleutel=indicator.slug,
            label=indicator.naam,
            eenheid=indicator.eenheid,
            bron=indicator.bron,
            waarden=waarden[indicator.pk],
            decimalen=_decimalen(
                w for per_jaar in waarden[indicator.pk].values() for w in per_jaar.values()
            ),
            omschrijving=indicator.omschrijving,
        )
        for indicator in indicatoren
    ]


@dataclass(frozen=True)
class Barometer:
    """Everything the page shows: the districts (in their order) and every series."""

    wijken: list[Wijk]
    reeksen: list[Reeks]

    def reeks(self, sleutel: str | None) -> Reeks | None:
        return next((r for r in self.reeksen if r.sleutel == sleutel), None)

    def wijk(self, slug: str | None) -> Wijk | None:
        return next((w for w in self.wijken if w.slug == slug), None)


def reeksen() -> Barometer:
    """The districts and all series: four queries, constant in the number of values."""
    wijken = list(Wijk.objects.met_kerncijfers().order_by("volgorde", "naam"))
    return Barometer(wijken=wijken, reeksen=cbs_reeksen(wijken) + indicator_reeksen(wijken))
