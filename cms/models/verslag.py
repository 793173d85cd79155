"""The yearly district report (wijkverslag): results per programme activity, what was
achieved and the figures, linked back to its programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from ..blokken import CijferBlokken
from .basis import RICHTEXT_FEATURES, BasePage
from .programma import ActiviteitStatus, ProgrammaActiviteit, WijkprogrammaPage


class WijkverslagPage(BasePage):
    jaar = models.PositiveSmallIntegerField(_("year"))
    programma = models.ForeignKey(
        WijkprogrammaPage,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verslagen",
    )
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)
    behaald = RichTextField(_("what was achieved"), features=RICHTEXT_FEATURES, blank=True)
    cijfers = StreamField(CijferBlokken(), verbose_name=_("figures"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("jaar"),
        FieldPanel("programma"),
        FieldPanel("intro"),
        InlinePanel("resultaten", label=_("Results per activity")),
        FieldPanel("behaald"),
        FieldPanel("cijfers"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("behaald"),
    ]
    parent_page_types = ["cms.WijkPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("district report")

    def get_context(self, request, *args, **kwargs):
        # A fixed number of queries: the results with their activity and its programme page
        # in one query, the programme this report belongs to in another.
        context = super().get_context(request, *args, **kwargs)
        context["resultaten"] = list(
            self.resultaten.select_related("activiteit__pagina").order_by("sort_order")
        )
        programma = self.programma
        context["programma"] = programma if programma is not None and programma.live else None
        return context


class VerslagResultaat(Orderable):
    pagina = ParentalKey(WijkverslagPage, on_delete=models.CASCADE, related_name="resultaten")
    activiteit = models.ForeignKey(
        ProgrammaActiviteit,
        verbose_name=_("programme activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resultaten",
    )
    status = models.CharField(
        _("status at the end of the year"), max_length=12, choices=ActiviteitStatus.choices
    )
    resultaat = models.TextField(_("result"))

    panels = [FieldPanel("activiteit"), FieldPanel("status"), FieldPanel("resultaat")]

    class Meta(Orderable.Meta):
        verbose_name = _("result")
