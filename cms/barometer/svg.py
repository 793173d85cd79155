"""Charts of the barometer as server-rendered, accessible SVG.

Two charts, each drawn from the rows its table shows (``reeksen.Rij``), so chart and table
have one source and the same numbers:

- ``staafdiagram``: a horizontal bar chart of one indicator in one year across the districts
  (comparison in space);
- ``lijndiagram``: a line chart of one indicator for one district across the years
  (comparison in time), drawn when the series has two years or more.

Accessibility: the ``<svg>`` has ``role="img"``, is labelled by its ``<title>`` and described
by its ``<desc>``; every bar and point carries its value as text, so nothing is told by colour
alone; colours are the theme's (``static/css/delft-theme.css``) on a white background: text
``#0a2240`` (15.96:1) and marks ``#1d4f91`` (8.14:1), well above the 3:1 for graphics. The
geometry is computed here and written as plain numbers (never localised: ``12.5``, not
``12,5``); the templates escape every label. No ``style`` attribute (CSP): only SVG
presentation attributes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.gebieden.models import Wijk

from .reeksen import Reeks, Rij, afgerond, als_tekst, rijen_per_jaar, rijen_per_wijk

TEKST_KLEUR = "#0a2240"
MARKERING_KLEUR = "#1d4f91"
ACHTERGROND = "#ffffff"
# Grid lines only help reading: every point carries its value as text (WCAG 1.4.11).
RASTER_KLEUR = "#9dbfe3"

# Narrow on purpose: the SVG scales down to the column (site.css), and at 390 px a narrow
# drawing keeps its text readable.
BREEDTE = 480
LETTERGROOTTE = 15
TEKENBREEDTE = 9.0  # a generous average glyph width at 15 px, to reserve room for labels
MARGE = 12
BALKHOOGTE = 26
BALKRUIMTE = 12
LIJN_HOOGTE = 280


def _getal(x: float) -> str:
    """A coordinate for an SVG attribute: plain, unlocalised, one decimal at most."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _tekstbreedte(tekst: str) -> float:
    return len(tekst) * TEKENBREEDTE


def _schaal(waarden: list[Decimal]) -> tuple[float, float]:
    """The value range drawn: always including zero, so bar lengths compare honestly."""
    laagste = min([0.0, *(float(w) for w in waarden)])
    hoogste = max([0.0, *(float(w) for w in waarden)])
    if hoogste == laagste:
        hoogste = laagste + 1
    return laagste, hoogste


def staafdiagram(rijen: list[Rij], *, id: str, titel: str, beschrijving: str) -> SafeString:
    """A horizontal bar per row: label left, bar from zero, the value as text after it."""
    labelbreedte = min(max((_tekstbreedte(r.label) for r in rijen), default=0) + 16, 200)
    waardebreedte = max((_tekstbreedte(r.tekst) for r in rijen), default=0) + 16
    x_begin = labelbreedte
    x_eind = max(BREEDTE - MARGE - waardebreedte, x_begin + 80)
    laagste, hoogste = _schaal([r.waarde for r in rijen if r.waarde is not None])

    def x(waarde: float) -> float:
        return x_begin + (waarde - laagste) / (hoogste - laagste) * (x_eind - x_begin)

    x_nul = x(0.0)
    balken = []
    for i, rij in enumerate(rijen):
        y = MARGE + i * (BALKHOOGTE + BALKRUIMTE)
        midden = y + BALKHOOGTE / 2
        balk = {
            "label": rij.label,
            "tekst": rij.tekst,
            "heeft_waarde": rij.waarde is not None,
            "label_x": _getal(labelbreedte - 8),
            "tekst_y": _getal(midden),
        }
        if rij.waarde is None:
            balk["tekst_x"] = _getal(x_nul + 6)
        else:
            x_waarde = x(float(rij.waarde))
            balk.update(
                {
                    "x": _getal(min(x_nul, x_waarde)),
                    "y": _getal(y),
                    "breedte": _getal(abs(x_waarde - x_nul)),
                    "hoogte": _getal(BALKHOOGTE),
                    "tekst_x": _getal(max(x_nul, x_waarde) + 6),
                }
            )
        balken.append(balk)
    hoogte = 2 * MARGE + len(rijen) * (BALKHOOGTE + BALKRUIMTE) - BALKRUIMTE
    return render_to_string(
        "cms/barometer/staafdiagram.svg.html",
        {
            **_basis(id, titel, beschrijving, BREEDTE, hoogte),
            "balken": balken,
            "nullijn": {
                "x": _getal(x_nul),
                "y1": _getal(MARGE / 2),
                "y2": _getal(hoogte - MARGE / 2),
            },
        },
    )


def nette_schaal(laagste: float, hoogste: float, aantal: int = 4) -> tuple[list[Decimal], int]:
    """Round axis ticks around the values (a step of 1, 2, 2.5 or 5 times a power of ten) and
    the decimals their labels need. Positive values close to zero get an axis from zero."""
    if laagste == hoogste == 0:
        hoogste = 1.0
    elif laagste == hoogste:
        marge = abs(laagste) * 0.1
        laagste, hoogste = laagste - marge, hoogste + marge
    else:  # a little room, so no point sits on the edge of the drawing
        marge = (hoogste - laagste) * 0.05
        laagste = max(laagste - marge, 0.0) if laagste >= 0 else laagste - marge
        hoogste = hoogste + marge
    ruw = Decimal(repr((hoogste - laagste) / aantal))
    macht = Decimal(10) ** math.floor(math.log10(ruw))
    stap = next(
        f * macht
        for f in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if f * macht >= ruw
    )
    onder = (Decimal(repr(laagste)) / stap).to_integral_value(ROUND_FLOOR) * stap
    boven = (Decimal(repr(hoogste)) / stap).to_integral_value(ROUND_CEILING) * stap
    if laagste >= 0 and onder <= stap:
        onder = Decimal(0)
    stappen = int((boven - onder) / stap)
    decimalen = max(0, -stap.normalize().as_tuple().exponent)
    return [onder + i * stap for i in range(stappen + 1)], min(decimalen, 2)


def lijndiagram(rijen: list[Rij], *, id: str, titel: str, beschrijving: str) -> SafeString:
    """Years along the horizontal axis (spaced by year, so a missing year shows as a gap), a
    point with its value as text per year, lines between consecutive years with a value. The
    vertical axis fits the values (a line chart need not start at zero) and is labelled, so
    its range is never hidden."""
    waarden = [float(r.waarde) for r in rijen if r.waarde is not None]
    ticks, tick_decimalen = nette_schaal(min(waarden, default=0.0), max(waarden, default=1.0))
    laagste, hoogste = float(ticks[0]), float(ticks[-1])
    tick_teksten = [als_tekst(afgerond(t, tick_decimalen), tick_decimalen) for t in ticks]
    links = max(_tekstbreedte(t) for t in tick_teksten) + 36
    rechts = 36
    boven, onder = 36, 44
    jaren = [int(r.label) for r in rijen]
    eerste, laatste = (min(jaren), max(jaren)) if jaren else (0, 1)
    spreiding = (laatste - eerste) or 1
    y_basis = LIJN_HOOGTE - onder

    def x(jaar: int) -> float:
        if laatste == eerste:
            return (links + BREEDTE - rechts) / 2
        return links + (jaar - eerste) / spreiding * (BREEDTE - links - rechts)

    def y(waarde: float) -> float:
        return boven + (hoogste - waarde) / (hoogste - laagste) * (y_basis - boven)

    rasterlijnen = [
        {"y": _getal(y(float(t))), "tekst": tekst, "x_tekst": _getal(links - 12)}
        for t, tekst in zip(ticks, tick_teksten, strict=True)
    ]
    # Thin out the year labels below the axis when there are many; the value labels stay.
    stap = max(1, math.ceil(len(rijen) / 12))
    punten, lijnen, huidige = [], [], []
    for i, (jaar, rij) in enumerate(zip(jaren, rijen, strict=True)):
        punt = {
            "label": rij.label,
            "tekst": rij.tekst,
            "heeft_waarde": rij.waarde is not None,
            "x": _getal(x(jaar)),
            "jaarlabel": i % stap == 0 or i == len(rijen) - 1,
        }
        if rij.waarde is None:
            punt["tekst_y"] = _getal(y_basis - 10)
            if len(huidige) > 1:
                lijnen.append(" ".join(huidige))
            huidige = []
        else:
            y_waarde = y(float(rij.waarde))
            punt["y"] = _getal(y_waarde)
            punt["tekst_y"] = _getal(y_waarde - 12)
            huidige.append(f"{_getal(x(jaar))},{_getal(y_waarde)}")
        punten.append(punt)
    if len(huidige) > 1:
        lijnen.append(" ".join(huidige))
    # The axis need not start at zero: say where it runs, for those who do not see it.
    beschrijving = " ".join(
        [
            beschrijving,
            _("The vertical axis runs from %(van)s to %(tot)s.")
            % {"van": tick_teksten[0], "tot": tick_teksten[-1]},
        ]
    )
    return render_to_string(
        "cms/barometer/lijndiagram.svg.html",
        {
            **_basis(id, titel, beschrijving, BREEDTE, LIJN_HOOGTE),
            "punten": punten,
            "lijnen": lijnen,
            "raster": rasterlijnen,
            "raster_x1": _getal(links - 6),
            "raster_x2": _getal(BREEDTE - rechts / 2),
            "as": {
                "x1": _getal(links - 6),
                "x2": _getal(BREEDTE - rechts / 2),
                "y": _getal(y_basis),
            },
            "jaar_y": _getal(LIJN_HOOGTE - onder / 2 + 4),
            "rasterkleur": RASTER_KLEUR,
        },
    )


def _basis(id: str, titel: str, beschrijving: str, breedte: int, hoogte: float) -> dict:
    return {
        "id": id,
        "titel": titel,
        "beschrijving": beschrijving,
        "breedte": _getal(breedte),
        "hoogte": _getal(hoogte),
        "lettergrootte": LETTERGROOTTE,
        "tekstkleur": TEKST_KLEUR,
        "markeringkleur": MARKERING_KLEUR,
        "achtergrond": ACHTERGROND,
    }


@dataclass(frozen=True)
class Grafiek:
    """A chart with its table: one set of rows for both (templates/cms/barometer/_grafiek.html)."""

    id: str
    soort: str  # "staaf" or "lijn"
    titel: str
    beschrijving: str
    kolomkop: str
    waardekop: str
    rijen: list[Rij]
    bron: str

    @property
    def heeft_waarden(self) -> bool:
        return any(r.waarde is not None for r in self.rijen)

    def svg(self) -> SafeString:
        teken = staafdiagram if self.soort == "staaf" else lijndiagram
        return teken(self.rijen, id=self.id, titel=self.titel, beschrijving=self.beschrijving)


def _waardekop(reeks: Reeks) -> str:
    return f"{reeks.label} ({reeks.eenheid})" if reeks.eenheid else reeks.label


def vergelijking_wijken(reeks: Reeks, jaar: int, wijken: list[Wijk]) -> Grafiek:
    """The districts compared in one year (space)."""
    rijen = rijen_per_wijk(reeks, jaar, wijken)
    met_waarde = [r for r in rijen if r.waarde is not None]
    titel = _("%(indicator)s per district in %(jaar)s") % {"indicator": reeks.label, "jaar": jaar}
    if met_waarde:
        hoogste, laagste = met_waarde[0], met_waarde[-1]
        beschrijving = _(
            "Horizontal bar chart with one bar per district. Highest: %(hoogste)s "
            "(%(hoogste_waarde)s); lowest: %(laagste)s (%(laagste_waarde)s). The table below the "
            "chart gives every value."
        ) % {
            "hoogste": hoogste.label,
            "hoogste_waarde": hoogste.tekst,
            "laagste": laagste.label,
            "laagste_waarde": laagste.tekst,
        }
    else:
        beschrijving = _("No district has a value in this year.")
    return Grafiek(
        id="grafiek-wijken",
        soort="staaf",
        titel=titel,
        beschrijving=beschrijving,
        kolomkop=_("District"),
        waardekop=_waardekop(reeks),
        rijen=rijen,
        bron=reeks.bron,
    )


def verloop_wijk(reeks: Reeks, wijk: Wijk) -> Grafiek:
    """One district across the years (time)."""
    rijen = rijen_per_jaar(reeks, wijk)
    met_waarde = [r for r in rijen if r.waarde is not None]
    jaren = reeks.jaren
    titel = _("%(indicator)s in %(wijk)s, %(van)s to %(tot)s") % {
        "indicator": reeks.label,
        "wijk": wijk.naam,
        "van": jaren[0],
        "tot": jaren[-1],
    }
    if met_waarde:
        eerste, laatste = met_waarde[0], met_waarde[-1]
        beschrijving = _(
            "Line chart with one point per year. %(eerste_jaar)s: %(eerste)s; %(laatste_jaar)s: "
            "%(laatste)s. The table below the chart gives every value."
        ) % {
            "eerste_jaar": eerste.label,
            "eerste": eerste.tekst,
            "laatste_jaar": laatste.label,
            "laatste": laatste.tekst,
        }
    else:
        beschrijving = _("This district has no values in these years.")
    return Grafiek(
        id="grafiek-verloop",
        soort="lijn",
        titel=titel,
        beschrijving=beschrijving,
        kolomkop=_("Year"),
        waardekop=_waardekop(reeks),
        rijen=rijen,
        bron=reeks.bron,
    )
