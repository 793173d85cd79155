"""The public play-space map: the map page with its list, a play space's page, the map's
GeoJSON and the open-data downloads.

The page, its list and its map show the same play spaces: one form validates the filters
(speelkaart/filters.py), the list is that queryset paginated in SQL, and the map fetches the
GeoJSON with exactly the filters the list applied. The list, the GeoJSON and the downloads
read dicts (``.values()``), not model instances, and every view makes the same number of
queries however many play spaces, photos or comments there are (tests/speelkaart/).

The GeoJSON and the downloads are Django views, not Wagtail pages, so the page cache
(cms/paginacache.py) does not serve them: they carry their own HTTP caching (ETag,
Last-Modified, 304, ``Cache-Control: public, max-age=300``) and their bodies are kept in the
cache per data state (speelkaart/geojson.py).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.core.compressie import zet_inhoud
from portal.gebieden.lookup import afstand_m

from . import opendata
from .constants import CRITERIA, LEEFTIJDEN, VOORZIENINGEN, Bron, OpmerkingStatus, SpeelplekStatus
from .filters import FilterForm, KaartFilterForm
from .geojson import (
    bewaarde_payload,
    serialiseer,
    speelplekken_collection,
    stand_speelplekken,
    stand_wensen,
    wensen_collection,
)
from .models import Speelplek, SpeelplekFoto, Waardering
from .queries import (
    LIJST_VELDEN,
    Labels,
    afstand_tekst,
    kenmerken,
    openbare_wensen,
    wens_kenmerken,
)

PER_PAGINA = 20
OPMERKINGEN_PER_PAGINA = 10
# Browsers and a CDN may keep the map data this long, then ask again (and get a 304).
MAX_AGE = 300
GEOJSON = "application/geo+json"


def _kruimels(*items) -> list[dict]:
    return [{"title": _("Home"), "url": "/"}, *items]


@require_safe
def kaart(request):
    """The map and the list of play spaces, filtered by the query string (works without
    JavaScript: the form is a GET form, the list is the whole result)."""
    form = KaartFilterForm(request.GET)
    form.is_valid()
    labels = Labels()
    pagina = Paginator(form.speelplekken().values(*LIJST_VELDEN), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    rijen = []
    for rij in pagina.object_list:
        speelplek = kenmerken(rij, labels)
        speelplek["buurt"], speelplek["wijk"] = rij["buurt__naam"], rij["wijk__naam"]
        if form.punt is not None:
            meter = afstand_m(*form.punt, float(rij["lat"]), float(rij["lon"]))
            speelplek["afstand"] = afstand_tekst(meter)
        rijen.append(speelplek)

    wijk = form.gekozen_wijk()
    wijk_id = wijk[0] if wijk else None
    params = form.params()
    wijk_params = [(k, v) for k, v in params if k == "wijk"]
    geojson_url = reverse("speelkaart:geojson")
    wensen_url = reverse("speelkaart:wensen_geojson")
    # "Use my location" (static/js/speelkaart.js) may ask the browser, on this page only.
    request.permissions_policy = {"geolocation": ["self"]}
    return render(
        request,
        "speelkaart/kaart.html",
        {
            "form": form,
            "pagina": pagina,
            "rijen": rijen,
            "gefilterd": bool(params),
            "punt": form.punt,
            "punt_omschrijving": form.punt_omschrijving,
            "geojson_url": f"{geojson_url}?{urlencode(params)}" if params else geojson_url,
            "wensen_url": f"{wensen_url}?{urlencode(wijk_params)}" if wijk_params else wensen_url,
            "wensen": [wens_kenmerken(w, labels) for w in openbare_wensen(wijk_id)],
            "gekozen_wijk": wijk[2] if wijk else "",
            "licentie": opendata.LICENTIE,
            "breadcrumb_items": _kruimels({"title": _("Play-space map"), "url": request.path}),
        },
    )


@require_safe
def detail(request, slug):
    """Everything about one play space: its data, photos, place on a small map, the averages
    per criterion and the published comments (never a resident's name)."""
    speelplek = get_object_or_404(
        Speelplek.objects.select_related("buurt", "wijk")
        .defer("buurt__grens", "wijk__grens")
        .prefetch_related(
            Prefetch(
                "fotos",
                queryset=SpeelplekFoto.objects.select_related("afbeelding").prefetch_related(
                    "afbeelding__renditions"
                ),
            )
        ),
        slug=slug,
    )
    opmerkingen = Paginator(
        Waardering.objects.filter(
            speelplek=speelplek, opmerking_status=OpmerkingStatus.GEPUBLICEERD
        )
        .exclude(opmerking="")
        .order_by("-aangemaakt", "-pk")
        .values("pk", "opmerking", "aangemaakt"),
        OPMERKINGEN_PER_PAGINA,
    ).get_page(request.GET.get("pagina"))
    labels = Labels()
    rij = {veld: getattr(speelplek, veld) for veld in ("slug", "naam", "soort", "status", "bron")}
    rij |= {veld: getattr(speelplek, veld) for veld in (*LEEFTIJDEN, *VOORZIENINGEN)}
    rij |= {f"gem_{c}": getattr(speelplek, f"gem_{c}") for c in CRITERIA}
    rij |= {"pk": speelplek.pk, "aantal_waarderingen": speelplek.aantal_waarderingen}
    kaart_url = reverse("speelkaart:kaart")
    return render(
        request,
        "speelkaart/detail.html",
        {
            "speelplek": speelplek,
            "kenmerken": kenmerken(rij, labels),
            "criteria": [
                {
                    "label": label,
                    "gemiddelde": getattr(speelplek, f"gem_{criterium}"),
                    "aantal": speelplek.aantal_waarderingen,
                }
                for criterium, label in CRITERIA.items()
            ],
            "toestellen": [t.strip() for t in speelplek.toestellen.splitlines() if t.strip()],
            "opmerkingen": opmerkingen,
            "is_voorbeeld": speelplek.bron == Bron.VOORBEELD,
            "is_open": speelplek.status == SpeelplekStatus.OPEN,
            "wijk_url": f"{kaart_url}?{urlencode({'wijk': speelplek.wijk.slug})}",
            "breadcrumb_items": _kruimels(
                {"title": _("Play-space map"), "url": kaart_url},
                {"title": speelplek.naam, "url": request.path},
            ),
        },
    )


def _bewaard_antwoord(request, payload: dict, content_type: str, **headers) -> HttpResponse:
    """A cached body with its validators: 304 when the client's copy is current
    (https://docs.djangoproject.com/en/5.2/topics/conditional-view-processing/)."""
    gewijzigd = payload["gewijzigd"]
    laatst = int(gewijzigd.timestamp()) if gewijzigd else None
    response = get_conditional_response(request, etag=payload["etag"], last_modified=laatst)
    if response is None:
        response = HttpResponse(content_type=content_type)
        zet_inhoud(request, response, payload["inhoud"], payload["varianten"])
        for naam, waarde in headers.items():
            response.headers[naam.replace("_", "-")] = waarde
    elif payload["varianten"]:
        patch_vary_headers(response, ("Accept-Encoding",))
    response.headers["ETag"] = payload["etag"]
    if laatst is not None:
        response.headers["Last-Modified"] = http_date(laatst)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def geojson(request):
    """The filtered play spaces as a FeatureCollection (the page's filters; 400 with a Dutch
    message for values the form refuses)."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {
                "fout": _("These filters cannot be used."),
                "velden": {veld: [str(f) for f in fouten] for veld, fouten in form.errors.items()},
            },
            status=400,
        )
    payload = bewaarde_payload(
        "speelplekken",
        stand_speelplekken(),
        form.params(),
        lambda: serialiseer(speelplekken_collection(form.speelplekken())),
    )
    return _bewaard_antwoord(request, payload, GEOJSON)


@require_safe
def wensen_geojson(request):
    """Published wishes with a place, optionally of one district (``?wijk=<slug>``)."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"fout": _("These filters cannot be used.")}, status=400)
    wijk = form.gekozen_wijk()
    params = [("wijk", wijk[1])] if wijk else []
    payload = bewaarde_payload(
        "wensen",
        stand_wensen(),
        params,
        lambda: serialiseer(wensen_collection(wijk[0] if wijk else None)),
    )
    return _bewaard_antwoord(request, payload, GEOJSON)


def _licentie_link() -> str:
    return f'<{opendata.LICENTIE["url"]}>; rel="license"'


@require_safe
def opendata_geojson(request):
    payload = bewaarde_payload("open-geojson", stand_speelplekken(), [], opendata.als_geojson)
    return _bewaard_antwoord(
        request,
        payload,
        GEOJSON,
        Content_Disposition='attachment; filename="speelplekken-delft.geojson"',
        Link=_licentie_link(),
    )


@require_safe
def opendata_csv(request):
    payload = bewaarde_payload("open-csv", stand_speelplekken(), [], opendata.als_csv)
    return _bewaard_antwoord(
        request,
        payload,
        "text/csv; charset=utf-8",
        Content_Disposition='attachment; filename="speelplekken-delft.csv"',
        Link=_licentie_link(),
    )
