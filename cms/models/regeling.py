"""The public page of a scheme, and which schemes have one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from participatie.models import Regeling
from participatie.queries import (
    open_regelingen,
)

from .basis import RICHTEXT_FEATURES, BasePage


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
        regeling = (
            Regeling.objects.select_related("sjabloon_instemming", "sjabloon_overeenkomst")
            .prefetch_related("wijken")
            .get(pk=self.regeling_id)
        )
        context["regeling"] = regeling
        context["is_open"] = regeling.is_open()
        context["verplichte_bijlagen"] = regeling.te_downloaden()
        return context


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
