"""The site search (/zoeken/): published pages, filtered by district and by kind of page.

Wagtail's database backend through the project's safe wrapper (portal.core.zoeken), with the
Dutch text-search configuration on PostgreSQL (settings WAGTAILSEARCH_BACKENDS). Pages of a
district are its district page and everything under it, plus news and events elsewhere that
an editor assigned to it (their ``wijk``).
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from portal.core.zoeken import ZOEKFOUT_MELDING, zoek_veilig
from portal.gebieden.models import Wijk

from .models import (
    AgendaPage,
    BarometerPage,
    ContentPage,
    NieuwsPage,
    RegelingPage,
    WijkPage,
    WijkprogrammaPage,
    WijkverslagPage,
)

PER_PAGINA = 10
MAX_ZOEKTERM = 200

# Kind of page → (label, models); the filter's options in this order.
SOORTEN = {
    "nieuws": (_("News"), [NieuwsPage]),
    "agenda": (_("Events"), [AgendaPage]),
    "wijk": (_("District pages"), [WijkPage]),
    "programma": (_("District programmes and reports"), [WijkprogrammaPage, WijkverslagPage]),
    "regeling": (_("Schemes"), [RegelingPage]),
    "overig": (_("Other pages"), [ContentPage, BarometerPage]),
}


def _in_wijk(wijk) -> Q:
    paden = list(WijkPage.objects.filter(wijk=wijk).values_list("path", flat=True))
    toegewezen = [
        *NieuwsPage.objects.filter(wijk=wijk).values_list("pk", flat=True),
        *AgendaPage.objects.filter(wijk=wijk).values_list("pk", flat=True),
    ]
    filter_ = Q(id__in=toegewezen)
    for pad in paden:
        filter_ |= Q(path__startswith=pad)
    return filter_


@require_GET
def zoeken(request):
    zoekterm = request.GET.get("q", "").strip()[:MAX_ZOEKTERM]
    wijken = list(Wijk.objects.order_by("volgorde").only("naam", "slug"))
    wijk = next((w for w in wijken if w.slug == request.GET.get("wijk")), None)
    soort = request.GET.get("soort") if request.GET.get("soort") in SOORTEN else ""
    pagina = fout = None
    if zoekterm:
        paginas = Page.objects.live().public().filter(depth__gt=1)
        if soort:
            paginas = paginas.type(*SOORTEN[soort][1])
        if wijk:
            paginas = paginas.filter(_in_wijk(wijk))
        resultaten, fout = zoek_veilig(paginas, zoekterm)
        pagina = Paginator(resultaten, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "cms/zoeken.html",
        {
            "zoekterm": zoekterm,
            "wijken": wijken,
            "gekozen_wijk": wijk,
            "soorten": [(sleutel, label) for sleutel, (label, _m) in SOORTEN.items()],
            "gekozen_soort": soort,
            "pagina": pagina,
            "zoekfout": ZOEKFOUT_MELDING if fout else None,
            "kruimels": [{"title": _("Search"), "url": request.path}],
        },
    )
