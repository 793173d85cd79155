"""The home page: districts, the map, the schemes overview (/initiatief-aanvragen/)."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from participatie.raadplegingen.queries import open_raadplegingen
from portal.gebieden.models import Buurt, Gemeente, Wijk

from .basis import RICHTEXT_FEATURES, BasePage
from .regeling import regelingen_met_pagina
from .wijk import WijkPage


class HomePage(RoutablePageMixin, BasePage):
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    subpage_types = [
        "cms.WijkPage",
        "cms.ContentPage",
        "cms.RegelingPage",
        "cms.NieuwsIndexPage",
        "cms.AgendaIndexPage",
        "cms.BarometerPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def wijk_pagina_per_wijk(self) -> dict[int, "WijkPage"]:
        pages = WijkPage.objects.child_of(self).live().only("id", "path", "url_path", "wijk_id")
        return {page.wijk_id: page for page in pages}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pagina_per_wijk = self.wijk_pagina_per_wijk()
        wijken = list(Wijk.objects.met_kerncijfers())
        context["wijken"] = [
            {"wijk": wijk, "pagina": pagina_per_wijk.get(wijk.pk)} for wijk in wijken
        ]
        context["gemeente"] = Gemeente.objects.first()
        context["regelingen"] = regelingen_met_pagina()
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        # Open consultations only here: the other routes render other templates.
        return self.render(request, context_overrides={"raadplegingen": open_raadplegingen()})

    @path("initiatief-aanvragen/", name="regelingen")
    def regelingen_route(self, request):
        """The open schemes, for the visitor's district when they choose one (GET ?wijk=)."""
        wijken = list(Wijk.objects.order_by("volgorde").only("slug", "naam"))
        gekozen = next((w for w in wijken if w.slug == request.GET.get("wijk")), None)
        return self.render(
            request,
            context_overrides={
                "regelingen": regelingen_met_pagina(gekozen),
                "wijken": wijken,
                "gekozen_wijk": gekozen,
                "kruimels": [
                    {"title": self.title, "url": self.url},
                    {"title": _("Apply for an initiative"), "url": request.path},
                ],
            },
            template="cms/regelingen_overzicht.html",
        )

    @path("mijn-wijk/", name="mijn_wijk")
    def mijn_wijk_route(self, request):
        """Find "my district" by a district or neighbourhood name (no postcode, no address:
        nothing personal is asked). One match: straight to the district page; several: a
        choice; none: the list of districts, with a message."""
        zoekterm = request.GET.get("q", "").strip()[:100]
        pagina_per_wijk = self.wijk_pagina_per_wijk()
        treffers = []
        if zoekterm:
            for wijk in Wijk.objects.filter(naam__icontains=zoekterm).only("naam"):
                treffers.append({"naam": wijk.naam, "wijk": wijk, "buurt": None})
            for buurt in (
                Buurt.objects.filter(naam__icontains=zoekterm)
                .select_related("wijk")
                .only("naam", "wijk__naam", "wijk__slug")
                .order_by("naam")[:20]
            ):
                treffers.append({"naam": buurt.naam, "wijk": buurt.wijk, "buurt": buurt})
        for treffer in treffers:
            pagina = pagina_per_wijk.get(treffer["wijk"].pk)
            treffer["url"] = pagina.get_url(request) if pagina else None
        treffers = [t for t in treffers if t["url"]]
        if len({t["url"] for t in treffers}) == 1:
            return redirect(treffers[0]["url"])
        return self.render(
            request,
            context_overrides={
                "zoekterm": zoekterm,
                "treffers": treffers,
                "wijken": [
                    {"wijk": w, "pagina": pagina_per_wijk.get(w.pk)}
                    for w in Wijk.objects.order_by("volgorde").only("naam", "slug")
                ],
                "kruimels": [
                    {"title": self.title, "url": self.url},
                    {"title": _("Find your district"), "url": request.path},
                ],
            },
            template="cms/mijn_wijk.html",
        )
