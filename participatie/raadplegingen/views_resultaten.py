"""The public results page of a consultation: ``/raadplegingen/<slug>/resultaten/``.

Drafts answer 404. Before closing the page says when the results come (no numbers: partial
results could sway those who still respond). After closing: the number of respondents, per
question a chart with the same numbers in a table (``grafiek.py``), the breakdown per
district, the approved quotes (never with a name) and, once published, "Wat hebben we ermee
gedaan" with links to the district programmes it fed.

No personal data; a fixed number of queries whatever the number of questions and responses
(``resultaten.bereken_resultaten``). Those GROUP BY queries read every answer row (half a
second at 10,000 responses on SQLite), so the figures of a closed consultation are kept in the
cache for ``PAGINACACHE_SECONDEN``: the portal's one setting for how old anonymous content may
be (a quote approved in the queue shows within that time).
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .grafiek import grafiek_voor
from .models import Raadpleging
from .resultaten import bereken_resultaten


def _programmas(raadpleging, request) -> list[dict]:
    """The linked district programme pages that are live and public, with their URL."""
    paginas = raadpleging.opvolging_programmas.live().public().order_by("title")
    links = [{"titel": p.title, "url": p.get_url(request)} for p in paginas]
    return [link for link in links if link["url"]]


def _resultaten_van(raadpleging):
    seconden = settings.PAGINACACHE_SECONDEN
    if not seconden:
        return bereken_resultaten(raadpleging)
    sleutel = f"raadpleging:resultaten:{raadpleging.pk}:{raadpleging.gewijzigd.timestamp()}"
    uitkomst = cache.get(sleutel)
    if uitkomst is None:
        uitkomst = bereken_resultaten(raadpleging)
        cache.set(sleutel, uitkomst, seconden)
    return uitkomst


def resultaten(request, slug):
    raadpleging = get_object_or_404(Raadpleging.objects.gepubliceerd(), slug=slug)
    context = {
        "raadpleging": raadpleging,
        "gesloten": raadpleging.is_gesloten,
        "breadcrumb_items": [
            {"title": _("Home"), "url": "/"},
            {"title": _("Consultations"), "url": reverse("raadplegingen:lijst")},
            {"title": raadpleging.titel, "url": raadpleging.get_absolute_url()},
            {"title": _("Results"), "url": request.path},
        ],
    }
    if context["gesloten"]:
        uitkomst = _resultaten_van(raadpleging)
        context.update(
            resultaten=uitkomst,
            vragen=[
                {"resultaat": vraag, "grafiek": grafiek_voor(vraag)} for vraag in uitkomst.vragen
            ],
            wijkvragen=[vraag for vraag in uitkomst.vragen if vraag.per_wijk],
        )
        if raadpleging.opvolging_gepubliceerd_op:
            context["programmas"] = _programmas(raadpleging, request)
    return render(request, "participatie/raadplegingen/resultaten.html", context)
