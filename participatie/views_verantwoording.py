"""Public accountability pages: how a district's budget was spent in a year, also as CSV.

Aggregates only (``participatie.verantwoording``): per budget its position in the ledger, per
scheme the number of applications submitted and granted, the amounts reserved and paid and the
median handling time. No names, addresses or titles of applications.

The CSV is open data: the licence and source on its first line (and in a ``Link`` header),
every text cell neutralised against formula injection (``veilige_cel``).
"""

import csv
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.core.urls import publieke_url
from portal.gebieden.models import Wijk

from .verantwoording import jaar_in_bereik, jaren_met_gegevens, verantwoording

# The licence of the published figures. CC0 is what the government's open-data policy asks
# for; a deployment may state another one in settings.
LICENTIE = getattr(
    settings,
    "OPEN_DATA_LICENTIE",
    ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"),
)

# A cell that starts with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r", "\n")


def veilige_cel(waarde) -> str:
    """One CSV cell: numbers as they are, text with a leading ' when it could be a formula."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, (int, Decimal)):
        return str(waarde)
    if isinstance(waarde, float):
        return f"{waarde:.1f}"
    tekst = str(waarde)
    if tekst.lstrip(" ").startswith(FORMULE_TEKENS):
        return "'" + tekst
    return tekst


def _wijk_of_404(slug: str) -> Wijk:
    try:
        return Wijk.objects.defer("grens").select_related("pagina").get(slug=slug)
    except Wijk.DoesNotExist as exc:
        raise Http404 from exc


def _kruimels(wijk: Wijk, jaar: int | None = None) -> list[dict]:
    """Home → district page (when published) → spending → year."""
    pagina = getattr(wijk, "pagina", None)
    if pagina is not None and pagina.live:
        items = list(pagina.breadcrumb_items())
    else:
        items = [{"title": _("Home"), "url": "/"}]
    items.append(
        {
            "title": _("Budget spending"),
            "url": reverse("verantwoording:index", kwargs={"wijk": wijk.slug}),
        }
    )
    if jaar is not None:
        items.append(
            {
                "title": str(jaar),
                "url": reverse("verantwoording:jaar", kwargs={"wijk": wijk.slug, "jaar": jaar}),
            }
        )
    return items


@require_safe
def index(request, wijk):
    wijk = _wijk_of_404(wijk)
    return render(
        request,
        "participatie/verantwoording/index.html",
        {
            "wijk": wijk,
            "jaren": jaren_met_gegevens(wijk),
            "breadcrumb_items": _kruimels(wijk),
        },
    )


def _cijfers_of_404(wijk_slug: str, jaar: int):
    if not jaar_in_bereik(jaar):
        raise Http404
    wijk = _wijk_of_404(wijk_slug)
    cijfers = verantwoording(wijk, jaar)
    if not cijfers.heeft_gegevens and jaar != timezone.localdate().year:
        raise Http404
    return cijfers


@require_safe
def jaar(request, wijk, jaar):
    cijfers = _cijfers_of_404(wijk, jaar)
    if request.GET.get("formaat") == "csv":
        return _csv(cijfers)
    wijk = cijfers.wijk
    return render(
        request,
        "participatie/verantwoording/jaar.html",
        {
            "wijk": wijk,
            "jaar": jaar,
            "cijfers": cijfers,
            "licentie_naam": LICENTIE[0],
            "licentie_url": LICENTIE[1],
            "csv_url": reverse("verantwoording:csv", kwargs={"wijk": wijk.slug, "jaar": jaar}),
            "breadcrumb_items": _kruimels(wijk, jaar),
        },
    )


@require_safe
def jaar_csv(request, wijk, jaar):
    return _csv(_cijfers_of_404(wijk, jaar))


CSV_KOLOMMEN = [
    "wijk",
    "jaar",
    "onderdeel",
    "naam",
    "voorbeeld",
    "budget_eur",
    "gereserveerd_eur",
    "betaald_eur",
    "resterend_eur",
    "aanvragen_ingediend",
    "aanvragen_toegekend",
    "aanvragen_besloten",
    "mediaan_behandeltijd_dagen",
]


def bronregel(cijfers) -> str:
    pagina = publieke_url(
        reverse("verantwoording:jaar", kwargs={"wijk": cijfers.wijk.slug, "jaar": cijfers.jaar})
    )
    return _(
        "Source: Municipality of Delft, Wijkportaal Delft, %(url)s. Licence: %(licentie)s "
        "(%(licentie_url)s). Totals only, no personal data."
    ) % {"url": pagina, "licentie": LICENTIE[0], "licentie_url": LICENTIE[1]}


def _csv(cijfers) -> HttpResponse:
    wijk, jaar = cijfers.wijk, cijfers.jaar
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wijkbudget-{wijk.slug}-{jaar}.csv"'
    response["Link"] = f'<{LICENTIE[1]}>; rel="license"'
    # The source line as a comment line, unquoted (pandas: comment="#"; R: comment.char="#").
    response.write("# " + " ".join(bronregel(cijfers).split()) + "\r\n")
    schrijver = csv.writer(response, lineterminator="\r\n")
    schrijver.writerow(CSV_KOLOMMEN)
    for budget in cijfers.budgetten:
        p = budget.positie
        rij = [wijk.naam, jaar, "budget", budget.naam, budget.is_voorbeeld]
        rij += [p.budget, p.gereserveerd, p.betaald, p.resterend, None, None, None, None]
        schrijver.writerow([veilige_cel(cel) for cel in rij])
    for regeling in cijfers.regelingen:
        tijd = regeling.behandeltijd
        rij = [wijk.naam, jaar, "regeling", regeling.titel, regeling.is_voorbeeld, None]
        rij += [regeling.gereserveerd, regeling.betaald, None, regeling.ingediend]
        rij += [regeling.toegekend, tijd.besloten, tijd.mediaan]
        schrijver.writerow([veilige_cel(cel) for cel in rij])
    return response
