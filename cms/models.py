"""Wagtail pages of the public site.

Pages may show objects of the other apps (districts now; applications later through their
``queries`` modules); the other apps never import page models.
"""

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from participatie.constants import BijlageSoort
from participatie.models import Regeling
from participatie.queries import (
    goedgekeurde_initiatieven,
    open_regelingen,
    verantwoording_url,
)
from portal.gebieden.geojson import wijken_collection
from portal.gebieden.models import Gemeente, Wijk

RICHTEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BasePage(Page):
    """Common behaviour of our pages: breadcrumb items from the ancestors."""

    class Meta:
        abstract = True

    def breadcrumb_items(self):
        return [
            page
            for page in self.get_ancestors(inclusive=True).live().specific(defer=True)
            if page.depth > 1
        ]


class HomePage(RoutablePageMixin, BasePage):
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    subpage_types = ["cms.WijkPage", "cms.ContentPage", "cms.RegelingPage"]
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
        return self.render(request)

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

    # Wagtail serves only [\w-] path components, hence no ".geojson" suffix here.
    @path("kaart-geojson/", name="kaart_geojson")
    def kaart_geojson(self, request):
        """The districts with links to their pages, for the map on this page."""
        pagina_per_wijk = self.wijk_pagina_per_wijk()

        def url_voor(wijk):
            pagina = pagina_per_wijk.get(wijk.pk)
            return pagina.get_url(request) if pagina else None

        response = JsonResponse(
            wijken_collection(Wijk.objects.all(), url_voor), content_type="application/geo+json"
        )
        response["Cache-Control"] = "public, max-age=300"
        return response


class WijkPage(BasePage):
    wijk = models.OneToOneField(
        Wijk, verbose_name=_("district"), on_delete=models.PROTECT, related_name="pagina"
    )
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)
    body = RichTextField(_("body"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("wijk"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("district page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        wijk = Wijk.objects.met_kerncijfers().get(pk=self.wijk_id)
        context["wijk"] = wijk
        context["buurten"] = list(wijk.buurten.defer("grens").order_by("naam"))
        context["initiatieven"], context["meer_initiatieven"] = goedgekeurde_initiatieven(wijk)
        context["regelingen"] = regelingen_met_pagina(wijk)
        context["jaar"] = timezone.localdate().year
        context["verantwoording_url"] = verantwoording_url(wijk, context["jaar"])
        return context


class RegelingPage(BasePage):
    """The public page of a scheme, with its rules and the "Aanvragen" entry."""

    regeling = models.ForeignKey(
        "participatie.Regeling",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="paginas",
    )
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("regeling"), FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("scheme page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regeling = Regeling.objects.prefetch_related("wijken").get(pk=self.regeling_id)
        context["regeling"] = regeling
        context["is_open"] = regeling.is_open()
        labels = dict(BijlageSoort.choices)
        context["verplichte_bijlagen"] = [labels[s] for s in regeling.verplichte_bijlagen()]
        return context


class ContentPage(BasePage):
    """A plain page: accessibility statement, privacy statement, background information."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="link")
class SiteLinks(BaseSiteSetting):
    """Pages the footer links to on every page, chosen by editors."""

    toegankelijkheidsverklaring = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacyverklaring = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("toegankelijkheidsverklaring"), FieldPanel("privacyverklaring")]

    class Meta:
        verbose_name = _("footer links")


SITE_LINKS_CACHE_KEY = "cms:site-links:{site_id}"


@receiver(post_save, sender=SiteLinks)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete, sender=Page)
def vergeet_site_links(sender, **kwargs):
    """Footer links are cached; a change to the setting or to any page's URL forgets them."""
    cache.delete_many(
        [
            SITE_LINKS_CACHE_KEY.format(site_id=pk)
            for pk in Site.objects.values_list("pk", flat=True)
        ]
    )


def regelingen_met_pagina(wijk=None) -> list[dict]:
    """Open schemes (for ``wijk`` when given) that have a live public page: where to apply.
    One query: the pages, filtered by a subquery on the open schemes."""
    paginas = (
        RegelingPage.objects.live()
        .filter(regeling__in=open_regelingen(wijk))
        .select_related("regeling")
        .order_by("regeling__titel", "path")
    )
    gezien, resultaat = set(), []
    for pagina in paginas:  # one page per scheme (the first in the tree)
        if pagina.regeling_id not in gezien:
            gezien.add(pagina.regeling_id)
            resultaat.append({"regeling": pagina.regeling, "pagina": pagina})
    return resultaat
