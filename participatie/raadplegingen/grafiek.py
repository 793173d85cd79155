"""Horizontal bar charts of a consultation's results, drawn on the server as accessible SVG.

Every chart is made from the same rows (``resultaten.Rij``) as the HTML table that always
follows it (``templates/participatie/raadplegingen/_grafiek.html``), so chart and table show
the same numbers; the table carries the content for screen readers and without CSS.

- The ``<svg>`` has ``role="img"``, is labelled by its ``<title>`` (``aria-labelledby``) and
  described by its ``<desc>``; every bar carries its number as text, so nothing is told by
  length or colour alone.
- A label sits above its bar across the full width, wrapped over lines (``<tspan>``): options
  may be long and must not be cut off.
- No ``style`` attribute (CSP): only SVG presentation attributes. Colours are the theme's on a
  white background: text ``#0a2240`` (15.96:1), bars ``#1d4f91`` (8.14:1).
- Coordinates are plain numbers (never localised); labels are escaped by the template.

Choice and scale questions: bar length = the share of the respondents who answered the
question (0–100 %). Ranking: bar length = how high the option came on average (an option
always ranked first fills the width), with the mean rank as its number.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .constants import VraagSoort
from .resultaten import VraagResultaat

TEKST_KLEUR = "#0a2240"
BALK_KLEUR = "#1d4f91"
ACHTERGROND = "#ffffff"

BREEDTE = 640
MARGE = 12
LETTERGROOTTE = 15
TEKENBREEDTE = 9.0  # a generous average glyph width at 15 px
REGEL = 20  # label line height
BALKHOOGTE = 24
RUIMTE = 14
TEKENS_PER_REGEL = 64


def _getal(x: float) -> str:
    """A coordinate for an SVG attribute: plain, unlocalised, one decimal at most."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Balk:
    label: str
    lengte: float  # 0..1 of the drawing's width for bars
    tekst: str  # the number shown after the bar


def regels(label: str) -> list[str]:
    """A label wrapped over lines; joined with spaces they give the label again."""
    return textwrap.wrap(label, TEKENS_PER_REGEL, break_on_hyphens=False) or [label]


def staafdiagram(balken: list[Balk], *, id: str, titel: str, beschrijving: str) -> SafeString:
    reserve = max((len(b.tekst) for b in balken), default=0) * TEKENBREEDTE + 2 * MARGE
    x_begin = MARGE
    volle_lengte = max(BREEDTE - MARGE - reserve - x_begin, 80)
    y = MARGE
    getekend = []
    for balk in balken:
        lijnen = regels(balk.label)
        breedte = volle_lengte * min(max(balk.lengte, 0.0), 1.0)
        balk_y = y + REGEL * len(lijnen) + 4
        getekend.append(
            {
                "regels": [
                    {"tekst": tekst, "y": _getal(y + REGEL * (i + 1) - 5)}
                    for i, tekst in enumerate(lijnen)
                ],
                "label_x": _getal(x_begin),
                "x": _getal(x_begin),
                "y": _getal(balk_y),
                "breedte": _getal(breedte),
                "hoogte": _getal(BALKHOOGTE),
                "tekst": balk.tekst,
                "tekst_x": _getal(x_begin + breedte + 6),
                "tekst_y": _getal(balk_y + BALKHOOGTE / 2),
            }
        )
        y = balk_y + BALKHOOGTE + RUIMTE
    hoogte = y - RUIMTE + MARGE
    return render_to_string(
        "participatie/raadplegingen/_grafiek_svg.html",
        {
            "id": id,
            "titel": titel,
            "beschrijving": beschrijving,
            "breedte": _getal(BREEDTE),
            "hoogte": _getal(hoogte),
            "lettergrootte": LETTERGROOTTE,
            "tekstkleur": TEKST_KLEUR,
            "balkkleur": BALK_KLEUR,
            "achtergrond": ACHTERGROND,
            "balken": getekend,
            "as_x": _getal(x_begin),
            "as_y1": _getal(MARGE / 2),
            "as_y2": _getal(hoogte - MARGE / 2),
        },
    )


@dataclass(frozen=True)
class Grafiek:
    """A question's chart and its table: one set of rows for both."""

    id: str
    titel: str
    beschrijving: str
    kolommen: tuple[str, ...]  # the table's headings after the first
    eerste_kolom: str
    rijen: list[tuple[str, tuple[str, ...]]]  # (label, cells)
    svg: SafeString


def _keuze_tekst(rij) -> str:
    return f"{rij.aantal} ({rij.percentage_tekst})"


def grafiek_voor(resultaat: VraagResultaat) -> Grafiek | None:
    """The chart and table of a choice, scale or ranking question; None for open questions."""
    soort = resultaat.soort
    if soort == VraagSoort.OPEN:
        return None
    id = f"vraag-{resultaat.nummer}-grafiek"
    titel = _("Question %(nummer)s: %(vraag)s") % {
        "nummer": resultaat.nummer,
        "vraag": resultaat.vraag.tekst,
    }
    n = resultaat.beantwoord
    if soort == VraagSoort.RANGORDE:
        aantal = len(resultaat.rijen) or 1
        balken = [
            Balk(
                label=rij.label,
                lengte=0.0
                if rij.gemiddelde is None
                else (aantal + 1 - float(rij.gemiddelde)) / aantal,
                tekst=rij.gemiddelde_tekst,
            )
            for rij in resultaat.rijen
        ]
        beschrijving = _(
            "Horizontal bar chart with one bar per option, the most important first. The number "
            "is the average rank (1 = most important); a longer bar means a higher place on "
            "average. %(n)s respondents ranked the options. The table below the chart gives the "
            "same numbers."
        ) % {"n": n}
        kolommen = (_("Average rank"), _("Times ranked first"))
        rijen = [(r.label, (r.gemiddelde_tekst, str(r.eerste))) for r in resultaat.rijen]
    else:
        balken = [
            Balk(label=r.label, lengte=(r.aantal / n) if n else 0.0, tekst=_keuze_tekst(r))
            for r in resultaat.rijen
        ]
        beschrijving = _(
            "Horizontal bar chart with one bar per answer: the number of respondents who gave "
            "it, and in brackets their share of the %(n)s respondents who answered this "
            "question. The table below the chart gives the same numbers."
        ) % {"n": n}
        if soort == VraagSoort.SCHAAL and resultaat.gemiddelde is not None:
            beschrijving = " ".join(
                [
                    beschrijving,
                    _("Average: %(gemiddelde)s.") % {"gemiddelde": resultaat.gemiddelde_tekst},
                ]
            )
        kolommen = (_("Number"), _("Percentage"))
        rijen = [(r.label, (str(r.aantal), r.percentage_tekst)) for r in resultaat.rijen]
    eerste_kolom = _("Value") if soort == VraagSoort.SCHAAL else _("Option")
    return Grafiek(
        id=id,
        titel=titel,
        beschrijving=beschrijving,
        kolommen=kolommen,
        eerste_kolom=eerste_kolom,
        rijen=rijen,
        svg=staafdiagram(balken, id=id, titel=titel, beschrijving=beschrijving),
    )
