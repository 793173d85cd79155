"""The district page (WijkPage): everything of one district, from its key figures to its
schemes and initiatives."""

from datetime import datetime, time

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from portal.core.wijkblokken import wijkblokken
from portal.gebieden.models import Wijk

from ..berichten_queries import komende_activiteiten, laatste_nieuws
from ..inhoudsversie import inhoudsversie
from .basis import RICHTEXT_FEATURES, BasePage
from .regeling import regelingen_met_pagina


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
    subpage_types = [
        "cms.ContentPage",
        "cms.WijkprogrammaPage",
        "cms.WijkverslagPage",
        "cms.NieuwsPage",
        "cms.AgendaPage",
    ]

    class Meta:
        verbose_name = _("district page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        wijk = Wijk.objects.met_kerncijfers().get(pk=self.wijk_id)
        context["wijk"] = wijk
        context["buurten"] = list(wijk.buurten.defer("grens").order_by("naam"))
        context["regelingen"] = regelingen_met_pagina(wijk)
        context.update(self.overzicht(request))
        context["blokken"] = wijkblokken(wijk, request)
        return context

    def overzicht(self, request) -> dict:
        """The current programme, the latest news, coming events and the other sub-pages:
        published content only, cached per content version (cms/inhoudsversie.py) and day."""
        vandaag = timezone.localdate()
        key = f"cms:wijk-overzicht:{self.pk}:{inhoudsversie()}:{vandaag.isoformat()}"
        overzicht = cache.get(key)
        if overzicht is None:
            overzicht = self._bouw_overzicht(request, vandaag)
            cache.set(key, overzicht, 60 * 60)
        return overzicht

    def _bouw_overzicht(self, request, vandaag) -> dict:
        from .berichten import AgendaPage, NieuwsPage
        from .programma import WijkprogrammaPage

        programma = (
            WijkprogrammaPage.objects.child_of(self)
            .live()
            .filter(eerste_jaar__lte=vandaag.year)
            .order_by("-eerste_jaar")
            .only("title", "url_path", "path", "eerste_jaar")
            .first()
        )
        begin_van_vandaag = timezone.make_aware(datetime.combine(vandaag, time.min))
        return {
            "programma": programma
            and {
                "titel": programma.title,
                "url": programma.get_url(request),
                "van": programma.eerste_jaar,
                "tot": programma.eerste_jaar + 1,
            },
            "nieuws": [
                {"titel": n.title, "url": n.get_url(request), "datum": n.datum}
                for n in laatste_nieuws(self.wijk_id)
            ],
            "activiteiten": [
                {"titel": a.title, "url": a.get_url(request), "begin": a.begin, "plaats": a.plaats}
                for a in komende_activiteiten(self.wijk_id, vanaf=begin_van_vandaag)
            ],
            "subpaginas": [
                {"titel": p.title, "url": p.get_url(request)}
                for p in self.get_children()
                .live()
                .not_type(NieuwsPage, AgendaPage)
                .only("title", "url_path", "path")
            ],
        }


@receiver(post_save, sender=WijkPage)
def wijkredactie_voor_nieuwe_wijkpagina(sender, instance, created, raw=False, **kwargs):
    """Every district page gets its district editors' group (cms/redactie.py)."""
    if created and not raw:
        from ..redactie import zorg_voor_wijkredactie

        zorg_voor_wijkredactie(instance)
