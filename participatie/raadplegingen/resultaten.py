"""The results of a consultation, aggregated in the database.

Answers are stored one row per answer value (``Antwoord``, see ``models.py``), with copies of
the consultation, the respondent's district and ``geteld`` (the response was sent), so every
figure here is a GROUP BY over one table: a fixed number of queries whatever the number of
questions and responses, and never a loop over answer rows. Only sent responses count.

Per question, in the order of ``Raadpleging.vragen`` (a question's identity is its block id):

- single and multiple choice: the count per option (every option, also 0) and its percentage
  of the respondents who answered that question;
- scale 1–5: the count per value, the mean and n;
- ranking: the mean rank per option (1 = most important) and how often it was put first,
  best first;
- open: the number of answers and at most ``MAX_CITATEN`` approved quotes, without a name.

And per district: the respondents, and for choice and scale questions the counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.gebieden.models import Wijk

from .constants import CitaatStatus, ReactieStatus, VraagSoort
from .models import Antwoord, Raadpleging, Reactie
from .vragen import Vraag, vragen_van

MAX_CITATEN = 10
KEUZEVRAGEN = (VraagSoort.ENKELE_KEUZE, VraagSoort.MEERKEUZE)
SCHAAL = range(1, 6)


def vraagtekst(raadpleging: Raadpleging, vraag_id: str) -> str:
    """A question's text by its block id, from the stored data (no blocks are built)."""
    for ruw in raadpleging.vragen.raw_data:
        if ruw.get("id") == vraag_id:
            return (ruw.get("value") or {}).get("vraag", "")
    return ""


def _procent(deel: int, geheel: int) -> Decimal | None:
    if not geheel:
        return None
    return (Decimal(deel) * 100 / geheel).quantize(Decimal("1"), ROUND_HALF_UP)


def _een_decimaal(waarde) -> Decimal | None:
    if waarde is None:
        return None
    return Decimal(str(waarde)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def getal_tekst(waarde: Decimal | None) -> str:
    """A mean as Dutch text (one decimal), or a dash."""
    return "–" if waarde is None else number_format(waarde, decimal_pos=1)


@dataclass
class Rij:
    """One option (or scale value) of a question: a bar in the chart, a row in the table."""

    label: str
    aantal: int = 0
    percentage: Decimal | None = None
    gemiddelde: Decimal | None = None  # ranking: the mean rank
    eerste: int = 0  # ranking: how often put first

    @property
    def percentage_tekst(self) -> str:
        return "–" if self.percentage is None else f"{self.percentage}%"

    @property
    def gemiddelde_tekst(self) -> str:
        return getal_tekst(self.gemiddelde)


@dataclass
class WijkRij:
    naam: str
    aantallen: list[int]
    totaal: int


@dataclass
class VraagResultaat:
    vraag: Vraag
    nummer: int
    beantwoord: int = 0  # respondents who answered this question
    rijen: list[Rij] = field(default_factory=list)
    gemiddelde: Decimal | None = None  # scale
    citaten: list[str] = field(default_factory=list)
    per_wijk: list[WijkRij] = field(default_factory=list)

    @property
    def soort(self) -> str:
        return self.vraag.soort

    @property
    def heeft_grafiek(self) -> bool:
        return self.soort != VraagSoort.OPEN

    @property
    def gemiddelde_tekst(self) -> str:
        return getal_tekst(self.gemiddelde)


@dataclass
class Resultaten:
    aantal_reacties: int
    per_wijk: list[tuple[str, int]]
    vragen: list[VraagResultaat]


def _schaal_label(vraag: Vraag, waarde: int) -> str:
    if waarde == 1 and vraag.label_laag:
        return f"1 – {vraag.label_laag}"
    if waarde == 5 and vraag.label_hoog:
        return f"5 – {vraag.label_hoog}"
    return str(waarde)


def _opties_met_extra(opties, geteld) -> list[str]:
    """The defined options, then any stored choice no longer among them (a renamed option):
    the counts stay equal to the responses."""
    extra = sorted(k for k in geteld if k not in opties)
    return [*opties, *extra]


def bereken_resultaten(raadpleging: Raadpleging) -> Resultaten:
    """Every figure of the results page, in six queries."""
    vragen = vragen_van(raadpleging)
    antwoorden = Antwoord.objects.filter(raadpleging=raadpleging, geteld=True).order_by()

    # 1. Respondents per district (their total is the number of respondents).
    per_wijk_ids = dict(
        Reactie.objects.filter(raadpleging=raadpleging, status=ReactieStatus.INGEDIEND)
        .order_by()
        .values_list("wijk_id")
        .annotate(n=Count("pk"))
    )
    # 2. Respondents who answered each question.
    beantwoord = dict(
        antwoorden.exclude(soort=VraagSoort.OPEN, tekst="")
        .values_list("vraag")
        .annotate(n=Count("reactie", distinct=True))
    )
    # 3. Choice and scale answers per option/value and district.
    telling = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # vraag→waarde→wijk→n
    for vraag_id, keuze, getal, wijk_id, n in (
        antwoorden.filter(soort__in=(*KEUZEVRAGEN, VraagSoort.SCHAAL))
        .values_list("vraag", "keuze", "getal", "wijk_id")
        .annotate(n=Count("pk"))
    ):
        telling[vraag_id][keuze if getal is None else getal][wijk_id] += n
    # 4. Ranking: mean rank and first places per option.
    rangorde = defaultdict(dict)
    for vraag_id, keuze, gemiddelde, eerste in (
        antwoorden.filter(soort=VraagSoort.RANGORDE)
        .values_list("vraag", "keuze")
        .annotate(gemiddelde=Avg("getal"), eerste=Count("pk", filter=Q(getal=1)))
    ):
        rangorde[vraag_id][keuze] = (gemiddelde, eerste)
    # 5. Approved quotes, at most MAX_CITATEN per question.
    citaten = defaultdict(list)
    for vraag_id, tekst in (
        antwoorden.filter(soort=VraagSoort.OPEN, citaat_status=CitaatStatus.GOEDGEKEURD)
        .exclude(tekst="")
        .annotate(rang=Window(RowNumber(), partition_by=[F("vraag")], order_by=F("pk").asc()))
        .filter(rang__lte=MAX_CITATEN)
        .order_by("pk")
        .values_list("vraag", "tekst")
    ):
        citaten[vraag_id].append(tekst)
    # 6. District names, in their usual order.
    wijken = [
        (pk, naam)
        for pk, naam in Wijk.objects.filter(pk__in=[i for i in per_wijk_ids if i is not None])
        .order_by("volgorde", "naam")
        .values_list("pk", "naam")
    ]
    if None in per_wijk_ids:
        wijken.append((None, _("District unknown")))

    resultaten = [
        _vraag_resultaat(vraag, i, beantwoord.get(vraag.id, 0), telling, rangorde, citaten, wijken)
        for i, vraag in enumerate(vragen, start=1)
    ]
    return Resultaten(
        aantal_reacties=sum(per_wijk_ids.values()),
        per_wijk=[(naam, per_wijk_ids[pk]) for pk, naam in wijken],
        vragen=resultaten,
    )


def _vraag_resultaat(vraag, nummer, n, telling, rangorde, citaten, wijken) -> VraagResultaat:
    resultaat = VraagResultaat(vraag=vraag, nummer=nummer, beantwoord=n)
    if vraag.soort in KEUZEVRAGEN or vraag.soort == VraagSoort.SCHAAL:
        per_waarde = telling.get(vraag.id, {})
        if vraag.soort == VraagSoort.SCHAAL:
            waarden = list(SCHAAL)
            labels = [_schaal_label(vraag, w) for w in waarden]
        else:
            waarden = _opties_met_extra(vraag.opties, per_waarde)
            labels = waarden
        totalen = [sum(per_waarde.get(w, {}).values()) for w in waarden]
        resultaat.rijen = [
            Rij(label=label, aantal=aantal, percentage=_procent(aantal, n))
            for label, aantal in zip(labels, totalen, strict=True)
        ]
        if vraag.soort == VraagSoort.SCHAAL and sum(totalen):
            som = sum(w * a for w, a in zip(waarden, totalen, strict=True))
            resultaat.gemiddelde = _een_decimaal(Decimal(som) / sum(totalen))
        resultaat.per_wijk = [
            WijkRij(
                naam=naam,
                aantallen=[per_waarde.get(w, {}).get(pk, 0) for w in waarden],
                totaal=0,
            )
            for pk, naam in wijken
        ]
        for rij in resultaat.per_wijk:
            rij.totaal = sum(rij.aantallen)
        resultaat.per_wijk = [r for r in resultaat.per_wijk if r.totaal]
    elif vraag.soort == VraagSoort.RANGORDE:
        per_optie = rangorde.get(vraag.id, {})
        rijen = [
            Rij(
                label=optie,
                gemiddelde=_een_decimaal(per_optie.get(optie, (None, 0))[0]),
                eerste=per_optie.get(optie, (None, 0))[1],
                aantal=per_optie.get(optie, (None, 0))[1],
                percentage=_procent(per_optie.get(optie, (None, 0))[1], n),
            )
            for optie in _opties_met_extra(vraag.opties, per_optie)
        ]
        exact = {optie: waarden[0] for optie, waarden in per_optie.items()}
        volgorde = {optie: i for i, optie in enumerate(vraag.opties)}
        rijen.sort(
            key=lambda r: (
                exact.get(r.label) is None,
                exact.get(r.label) or 0,
                -r.eerste,
                volgorde.get(r.label, len(volgorde)),
            )
        )
        resultaat.rijen = rijen
    else:
        resultaat.citaten = citaten.get(vraag.id, [])
    return resultaat
