"""CSV import of indicator values (administrators, through the Wagtail admin).

File format
-----------

- Encoding UTF-8, with or without a byte order mark (as Excel saves "CSV UTF-8").
- Separator: semicolon or comma, taken from the header line (a semicolon there wins). With a
  comma as separator a value with a decimal comma must be quoted (``"12,5"``).
- The first line names the columns, in any order, case-insensitive:

  ========== ==========================================================================
  column     content
  ========== ==========================================================================
  indicator  the indicator's code (slug), e.g. ``veiligheidsgevoel``. May be left out
             when the import form names the indicator; if the column is there, every
             row must name that indicator.
  wijk       the district: its slug (``hof-van-delft``) or its name (``Hof van Delft``),
             case-insensitive.
  jaar       the year, a whole number from 1900 up to the current year.
  waarde     the value: decimal comma or decimal point, at most two decimals, no
             thousands separator (``1234,5`` not ``1.234,5``); a leading minus is allowed.
  ========== ==========================================================================

- Empty lines are skipped. Other columns are refused (a typo in a header must not go
  unnoticed).

Example::

    indicator;wijk;jaar;waarde
    veiligheidsgevoel;Tanthof;2025;78,5
    veiligheidsgevoel;hof-van-delft;2025;74

Behaviour
---------

Every row is checked before anything is written. If any row is wrong, nothing is imported and
every error is reported with its line number (the header is line 1), e.g. "Line 7: unknown
district 'Tanthoff'." Otherwise all rows are written in one transaction: a value that exists for
(indicator, district, year) is updated, a new one is created (the model's unique constraint),
and the result counts created, updated and unchanged values.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.gebieden.models import Wijk

KOLOMMEN = ("indicator", "wijk", "jaar", "waarde")
VERPLICHT = ("wijk", "jaar", "waarde")
EERSTE_JAAR = 1900
MAX_BYTES = 2 * 1024 * 1024
MAX_REGELS = 20_000
# Whole digits and decimals the model's DecimalField(max_digits=12, decimal_places=2) holds.
MAX_DECIMALEN = 2
MAX_CIJFERS_VOOR_KOMMA = 10

_GETAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class RegelFout:
    """One error: the line in the file (0: the file as a whole), a stable code for tests and
    the message shown to the administrator."""

    regel: int
    code: str
    bericht: str

    def __str__(self):
        if self.regel:
            return _("Line %(regel)s: %(bericht)s") % {"regel": self.regel, "bericht": self.bericht}
        return self.bericht


class ImportFout(Exception):
    """The file was refused; ``fouten`` lists every error. Nothing was imported."""

    def __init__(self, fouten: list[RegelFout]):
        super().__init__("; ".join(str(f) for f in fouten[:5]))
        self.fouten = fouten


@dataclass
class ImportResultaat:
    aangemaakt: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0

    @property
    def totaal(self) -> int:
        return self.aangemaakt + self.bijgewerkt + self.ongewijzigd


@dataclass(frozen=True)
class _Rij:
    regel: int
    indicator_id: int
    wijk_id: int
    jaar: int
    waarde: Decimal


@dataclass
class _Lezer:
    """Checks the rows one by one and collects every error."""

    indicatoren: dict[str, object]
    wijken: dict[str, Wijk]
    gekozen: object | None
    fouten: list[RegelFout] = field(default_factory=list)
    gezien: dict[tuple[int, int, int], int] = field(default_factory=dict)

    def fout(self, regel: int, code: str, bericht: str) -> None:
        self.fouten.append(RegelFout(regel, code, bericht))

    def indicator(self, regel: int, tekst: str | None):
        if tekst is None or not tekst.strip():
            if self.gekozen is not None:
                return self.gekozen
            self.fout(regel, "indicator_leeg", _("no indicator given."))
            return None
        gevonden = self.indicatoren.get(tekst.strip().lower())
        if gevonden is None:
            self.fout(
                regel,
                "indicator_onbekend",
                _("unknown indicator '%(indicator)s'.") % {"indicator": tekst.strip()},
            )
            return None
        if self.gekozen is not None and gevonden.pk != self.gekozen.pk:
            self.fout(
                regel,
                "indicator_anders",
                _(
                    "indicator '%(indicator)s' is not the indicator chosen in the form "
                    "(%(gekozen)s)."
                )
                % {"indicator": tekst.strip(), "gekozen": self.gekozen.slug},
            )
            return None
        return gevonden

    def wijk(self, regel: int, tekst: str) -> Wijk | None:
        if not tekst.strip():
            self.fout(regel, "wijk_leeg", _("no district given."))
            return None
        gevonden = self.wijken.get(" ".join(tekst.split()).lower())
        if gevonden is None:
            self.fout(
                regel,
                "wijk_onbekend",
                _("unknown district '%(wijk)s'.") % {"wijk": tekst.strip()},
            )
        return gevonden

    def jaar(self, regel: int, tekst: str) -> int | None:
        tekst = tekst.strip()
        laatste = timezone.localdate().year
        if not tekst.isdigit():
            self.fout(
                regel,
                "jaar_ongeldig",
                _("the year '%(jaar)s' is not a whole number.") % {"jaar": tekst},
            )
            return None
        jaar = int(tekst)
        if not EERSTE_JAAR <= jaar <= laatste:
            self.fout(
                regel,
                "jaar_buiten_bereik",
                _("the year %(jaar)s is not between %(eerste)s and %(laatste)s.")
                % {"jaar": jaar, "eerste": EERSTE_JAAR, "laatste": laatste},
            )
            return None
        return jaar

    def waarde(self, regel: int, tekst: str) -> Decimal | None:
        schoon = tekst.strip().replace("\u00a0", "").replace(" ", "")
        if not _GETAL.match(schoon):
            self.fout(
                regel,
                "waarde_ongeldig",
                _(
                    "the value '%(waarde)s' is not a number (use a decimal comma or point and "
                    "no thousands separator)."
                )
                % {"waarde": tekst.strip()},
            )
            return None
        try:
            waarde = Decimal(schoon.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern rules this out
            self.fout(regel, "waarde_ongeldig", _("the value is not a number."))
            return None
        heel, _punt, decimalen = schoon.lstrip("+-").replace(",", ".").partition(".")
        if len(decimalen) > MAX_DECIMALEN:
            self.fout(
                regel,
                "waarde_decimalen",
                _(
                    "the value '%(waarde)s' has more than two decimals (or a thousands "
                    "separator, which is not allowed)."
                )
                % {"waarde": tekst.strip()},
            )
            return None
        if len(heel.lstrip("0")) > MAX_CIJFERS_VOOR_KOMMA:
            self.fout(
                regel,
                "waarde_te_groot",
                _("the value '%(waarde)s' is too large.") % {"waarde": tekst.strip()},
            )
            return None
        return waarde

    def dubbel(self, regel: int, sleutel: tuple[int, int, int]) -> bool:
        eerder = self.gezien.get(sleutel)
        if eerder is not None:
            self.fout(
                regel,
                "dubbel",
                _("the same indicator, district and year as line %(eerder)s.") % {"eerder": eerder},
            )
            return True
        self.gezien[sleutel] = regel
        return False


def _tekst(inhoud: bytes) -> str:
    if len(inhoud) > MAX_BYTES:
        raise ImportFout(
            [
                RegelFout(
                    0,
                    "te_groot",
                    _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
                )
            ]
        )
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFout(
            [
                RegelFout(
                    0,
                    "geen_utf8",
                    _('The file is not UTF-8 encoded. Save it as "CSV UTF-8" and try again.'),
                )
            ]
        ) from exc


def _scheidingsteken(kopregel: str) -> str:
    return ";" if ";" in kopregel else ","


def _wijken_per_naam() -> dict[str, Wijk]:
    """Districts by lower-case slug and by lower-case name."""
    per_naam = {}
    for wijk in Wijk.objects.only("pk", "naam", "slug"):
        per_naam[wijk.slug.lower()] = wijk
        per_naam[" ".join(wijk.naam.split()).lower()] = wijk
    return per_naam


def lees_csv(inhoud: bytes, indicator=None) -> list[_Rij]:
    """Check every row of the file; returns the rows or raises ``ImportFout`` with every error.

    ``indicator``: the indicator chosen in the form (rows may then leave out its column).
    """
    from cms.models import Indicator

    tekst = _tekst(inhoud)
    regels = tekst.splitlines()
    kopregel = next((r for r in regels if r.strip()), "")
    if not kopregel:
        raise ImportFout([RegelFout(0, "leeg", _("The file is empty."))])
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(kopregel))

    kop = None
    for rij in reader:
        if any(cel.strip() for cel in rij):
            kop = [cel.strip().lower() for cel in rij]
            break
    if kop is None:
        raise ImportFout([RegelFout(0, "leeg", _("The file is empty."))])
    kopnummer = reader.line_num
    onbekend = [k for k in kop if k not in KOLOMMEN]
    ontbrekend = [k for k in VERPLICHT if k not in kop]
    if indicator is None and "indicator" not in kop:
        ontbrekend.insert(0, "indicator")
    dubbele_kolommen = sorted({k for k in kop if kop.count(k) > 1})
    kopfouten = []
    if ontbrekend:
        kopfouten.append(
            RegelFout(
                kopnummer,
                "kolom_ontbreekt",
                _("missing column(s): %(kolommen)s. Expected: %(verwacht)s.")
                % {"kolommen": ", ".join(ontbrekend), "verwacht": ";".join(KOLOMMEN)},
            )
        )
    if onbekend:
        kopfouten.append(
            RegelFout(
                kopnummer,
                "kolom_onbekend",
                _("unknown column(s): %(kolommen)s. Expected: %(verwacht)s.")
                % {"kolommen": ", ".join(onbekend), "verwacht": ";".join(KOLOMMEN)},
            )
        )
    if dubbele_kolommen:
        kopfouten.append(
            RegelFout(
                kopnummer,
                "kolom_dubbel",
                _("column(s) named twice: %(kolommen)s.")
                % {"kolommen": ", ".join(dubbele_kolommen)},
            )
        )
    if kopfouten:
        raise ImportFout(kopfouten)

    lezer = _Lezer(
        indicatoren={i.slug.lower(): i for i in Indicator.objects.only("pk", "slug", "naam")},
        wijken=_wijken_per_naam(),
        gekozen=indicator,
    )
    rijen: list[_Rij] = []
    for cellen in reader:
        regel = reader.line_num
        if not any(cel.strip() for cel in cellen):
            continue
        if len(rijen) + len(lezer.fouten) >= MAX_REGELS:
            lezer.fout(
                regel,
                "te_veel_regels",
                _("the file has more than %(max)s rows; split it up.") % {"max": MAX_REGELS},
            )
            break
        if len(cellen) != len(kop):
            lezer.fout(
                regel,
                "aantal_kolommen",
                _(
                    "%(gevonden)s columns instead of %(verwacht)s. (With a comma as separator, "
                    "put a value with a decimal comma in quotes.)"
                )
                % {"gevonden": len(cellen), "verwacht": len(kop)},
            )
            continue
        cel = dict(zip(kop, cellen, strict=True))
        aantal_fouten = len(lezer.fouten)
        gevonden_indicator = lezer.indicator(regel, cel.get("indicator"))
        wijk = lezer.wijk(regel, cel["wijk"])
        jaar = lezer.jaar(regel, cel["jaar"])
        waarde = lezer.waarde(regel, cel["waarde"])
        if len(lezer.fouten) > aantal_fouten:
            continue
        sleutel = (gevonden_indicator.pk, wijk.pk, jaar)
        if lezer.dubbel(regel, sleutel):
            continue
        rijen.append(_Rij(regel, *sleutel, waarde))

    if lezer.fouten:
        raise ImportFout(lezer.fouten)
    if not rijen:
        raise ImportFout([RegelFout(0, "geen_rijen", _("The file has no rows with values."))])
    return rijen


def importeer_csv(inhoud: bytes, indicator=None) -> ImportResultaat:
    """Check the whole file, then write every value in one transaction (all or nothing)."""
    from cms.models import Indicator, IndicatorWaarde

    rijen = lees_csv(inhoud, indicator)
    resultaat = ImportResultaat()
    indicator_ids = sorted({r.indicator_id for r in rijen})
    with transaction.atomic():
        # Two imports of the same indicator wait for each other (PostgreSQL; SQLite writes one
        # transaction at a time anyway), so the created/updated counts are right.
        list(Indicator.objects.select_for_update().filter(pk__in=indicator_ids).values_list("pk"))
        bestaand = {
            (w.indicator_id, w.wijk_id, w.jaar): w
            for w in IndicatorWaarde.objects.filter(indicator_id__in=indicator_ids)
        }
        nieuw, gewijzigd = [], []
        for rij in rijen:
            waarde = bestaand.get((rij.indicator_id, rij.wijk_id, rij.jaar))
            if waarde is None:
                nieuw.append(
                    IndicatorWaarde(
                        indicator_id=rij.indicator_id,
                        wijk_id=rij.wijk_id,
                        jaar=rij.jaar,
                        waarde=rij.waarde,
                    )
                )
            elif waarde.waarde != rij.waarde:
                waarde.waarde = rij.waarde
                gewijzigd.append(waarde)
            else:
                resultaat.ongewijzigd += 1
        IndicatorWaarde.objects.bulk_create(nieuw, batch_size=500)
        IndicatorWaarde.objects.bulk_update(gewijzigd, ["waarde"], batch_size=500)
    resultaat.aangemaakt = len(nieuw)
    resultaat.bijgewerkt = len(gewijzigd)
    return resultaat
