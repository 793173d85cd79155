"""The staff export of a consultation's responses: CSV or XLSX, one row per sent response.

Columns: response number, the respondent's district, when it was sent, then one column per
question in the consultation's order: a choice; multiple choices joined with "; " in the
options' order; a scale value; a ranking as "1. x; 2. y"; an open answer's text. No account,
name or e-mail column: what a resident answered is enough to analyse it.

Scope: the responses whose district (``Reactie.wijk``) the user acts for (coordinators their
districts, administrators all: ``rechten.reacties_in_scope``); the view checks who may export
at all (``rechten.mag_reacties_exporteren``) and the consultation against its policy.

Every text cell, headings included, goes through ``participatie.wachtrij.ontwapen`` (a cell a
spreadsheet would read as a formula is neutralised). Responses are read in chunks with their
answers per chunk: memory stays flat, queries grow with the chunks, not with the rows.
"""

import csv
import io
from collections import defaultdict

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatie.wachtrij import ontwapen

from .constants import ReactieStatus, VraagSoort
from .models import Antwoord, Reactie
from .rechten import reacties_in_scope
from .vragen import vragen_van

PER_KEER = 500
FORMATEN = ("csv", "xlsx")


def koppen(vragen) -> list[str]:
    return [_("Response number"), _("District"), _("Sent at")] + [v.tekst for v in vragen]


def _cel(vraag, waarden) -> str | int:
    """One question's answer in a cell; ``waarden``: (keuze, getal, tekst) rows."""
    if not waarden:
        return ""
    if vraag.soort == VraagSoort.SCHAAL:
        return waarden[0][1]
    if vraag.soort == VraagSoort.OPEN:
        return waarden[0][2]
    if vraag.soort == VraagSoort.RANGORDE:
        volgorde = sorted(waarden, key=lambda w: (w[1] is None, w[1] or 0, w[0]))
        return "; ".join(f"{getal}. {keuze}" for keuze, getal, _tekst in volgorde)
    positie = {optie: i for i, optie in enumerate(vraag.opties)}
    keuzes = sorted((w[0] for w in waarden), key=lambda k: (positie.get(k, len(positie)), k))
    return "; ".join(keuzes)


def rijen(raadpleging, user):
    """The heading row, then one row per sent response in the user's scope."""
    vragen = vragen_van(raadpleging)
    yield [ontwapen(kop) for kop in koppen(vragen)]
    reacties = reacties_in_scope(
        Reactie.objects.filter(raadpleging=raadpleging, status=ReactieStatus.INGEDIEND), user
    ).order_by("ingediend_op", "pk")
    stapel = []
    for reactie in reacties.values_list("pk", "wijk__naam", "ingediend_op").iterator(
        chunk_size=PER_KEER
    ):
        stapel.append(reactie)
        if len(stapel) >= PER_KEER:
            yield from _stapel(stapel, vragen)
            stapel = []
    yield from _stapel(stapel, vragen)


def _stapel(reacties, vragen):
    if not reacties:
        return
    antwoorden = defaultdict(lambda: defaultdict(list))
    for reactie_id, vraag_id, keuze, getal, tekst in (
        Antwoord.objects.filter(reactie_id__in=[r[0] for r in reacties], geteld=True)
        .order_by("pk")
        .values_list("reactie_id", "vraag", "keuze", "getal", "tekst")
    ):
        antwoorden[reactie_id][vraag_id].append((keuze, getal, tekst))
    for pk, wijk, ingediend_op in reacties:
        moment = timezone.localtime(ingediend_op).replace(tzinfo=None) if ingediend_op else ""
        rij = [pk, wijk or "", moment]
        rij += [_cel(vraag, antwoorden[pk].get(vraag.id, [])) for vraag in vragen]
        yield [ontwapen(cel) for cel in rij]


def bestandsnaam(raadpleging, formaat: str) -> str:
    datum = timezone.localdate().isoformat()
    return f"reacties-{slugify(raadpleging.slug)[:60]}-{datum}.{formaat}"


def als_csv(raadpleging, user) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    schrijver = csv.writer(buffer)
    for rij in rijen(raadpleging, user):
        schrijver.writerow(
            [cel.strftime("%Y-%m-%d %H:%M") if hasattr(cel, "strftime") else cel for cel in rij]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(raadpleging, "csv")}"'
    return response


def als_xlsx(raadpleging, user) -> HttpResponse:
    from openpyxl import Workbook

    boek = Workbook(write_only=True)
    blad = boek.create_sheet(_("Responses")[:31])
    for rij in rijen(raadpleging, user):
        blad.append(rij)
    buffer = io.BytesIO()
    boek.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(raadpleging, "xlsx")}"'
    return response


def exporteer(raadpleging, user, formaat: str) -> HttpResponse:
    return als_xlsx(raadpleging, user) if formaat == "xlsx" else als_csv(raadpleging, user)
