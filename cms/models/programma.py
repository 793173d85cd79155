"""The two-year district programme (wijkprogramma): the agenda's themes with the analysis
behind them, activities per year with their partners and share of the district budget, and
the partners who co-signed it as a district contract. Reports (verslag.py) record results
per activity; the programme shows each activity's progress from them."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from ..inhoudsversie import inhoudsversie
from .basis import RICHTEXT_FEATURES, BasePage
from .partners import Partner


class ActiviteitStatus(models.TextChoices):
    GEPLAND = "gepland", _("Planned")
    LOPEND = "lopend", _("Running")
    AFGEROND = "afgerond", _("Done")
    VERVALLEN = "vervallen", _("Dropped")


class WijkprogrammaPage(BasePage):
    eerste_jaar = models.PositiveSmallIntegerField(
        _("first year"), help_text=_("A programme covers this year and the next.")
    )
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)
    analyse = RichTextField(
        _("district analysis"),
        features=RICHTEXT_FEATURES,
        blank=True,
        help_text=_("What residents and professionals found: the basis of the agenda's themes."),
    )
    ondertekenaars = ParentalManyToManyField(
        Partner, verbose_name=_("co-signed by"), blank=True, related_name="+"
    )
    ondertekend_op = models.DateField(_("signed on"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("eerste_jaar"),
        FieldPanel("intro"),
        FieldPanel("analyse"),
        InlinePanel("themas", label=_("Agenda themes"), min_num=1),
        InlinePanel("activiteiten", label=_("Activities")),
        MultiFieldPanel(
            [FieldPanel("ondertekenaars"), FieldPanel("ondertekend_op")],
            heading=_("District contract"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("analyse"),
    ]
    parent_page_types = ["cms.WijkPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("district programme")

    @property
    def jaren(self) -> list[int]:
        return [self.eerste_jaar, self.eerste_jaar + 1]

    def get_context(self, request, *args, **kwargs):
        # A fixed number of queries whatever the number of activities and reports: activities
        # with their lead partner, their other partners, and the results of live reports.
        # Published content only changes by publishing: cached per content version
        # (cms/inhoudsversie.py), except in a preview (a revision's content, in memory).
        context = super().get_context(request, *args, **kwargs)
        sleutel = None
        if not getattr(request, "is_preview", False):
            sleutel = f"cms:programma:{self.pk}:{self.latest_revision_id}:{inhoudsversie()}"
        inhoud = cache.get(sleutel) if sleutel else None
        if inhoud is None:
            inhoud = {
                "themas": list(self.themas.all()),
                "jaren": self.activiteiten_per_jaar(),
                "ondertekenaars": list(self.ondertekenaars.all()),
                "verslagen": list(self.verslagen.live().order_by("jaar")),
            }
            if sleutel:
                cache.set(sleutel, inhoud, 60 * 60)
        context.update(inhoud)
        return context

    def activiteiten_per_jaar(self) -> list[dict]:
        """Per year of the programme: its activities, each with ``voortgang`` (the results of
        *live* reports about it, oldest report first), and the total share of the budget.

        The results are fetched by activity id rather than prefetched, so a preview (whose
        activities come from a revision, in memory) renders the same way."""
        from .verslag import VerslagResultaat  # verslag.py imports this module

        activiteiten = list(
            self.activiteiten.select_related("trekker")
            .prefetch_related("partners")
            .order_by("jaar", "sort_order")
        )
        voortgang = {}
        resultaten = (
            VerslagResultaat.objects.filter(
                activiteit_id__in=[a.pk for a in activiteiten if a.pk], pagina__live=True
            )
            .select_related("pagina")
            .order_by("pagina__jaar", "pagina_id", "sort_order")
        )
        for resultaat in resultaten:
            voortgang.setdefault(resultaat.activiteit_id, []).append(resultaat)
        for activiteit in activiteiten:
            activiteit.voortgang = voortgang.get(activiteit.pk, [])
        per_jaar = []
        for jaar in self.jaren:
            van_jaar = [a for a in activiteiten if a.jaar == jaar]
            bedragen = [a.budget_aandeel for a in van_jaar if a.budget_aandeel is not None]
            per_jaar.append(
                {
                    "jaar": jaar,
                    "activiteiten": van_jaar,
                    "budget": sum(bedragen) if bedragen else None,
                }
            )
        return per_jaar

    def clean(self):
        super().clean()
        if self.eerste_jaar is None:
            return
        themas = {t.titel.strip().casefold() for t in self.themas.all()}
        for activiteit in self.activiteiten.all():
            if activiteit.jaar not in self.jaren:
                raise ValidationError(
                    _("Activity “%(titel)s”: the year must be %(a)s or %(b)s.")
                    % {"titel": activiteit.titel, "a": self.jaren[0], "b": self.jaren[1]}
                )
            if activiteit.thema.strip().casefold() not in themas:
                raise ValidationError(
                    _("Activity “%(titel)s”: the theme must be one of the agenda themes.")
                    % {"titel": activiteit.titel}
                )


class AgendaThema(Orderable):
    pagina = ParentalKey(WijkprogrammaPage, on_delete=models.CASCADE, related_name="themas")
    titel = models.CharField(_("theme"), max_length=120)
    analyse = models.TextField(_("why: the analysis behind it"), blank=True)

    panels = [FieldPanel("titel"), FieldPanel("analyse")]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda theme")

    def __str__(self):
        return self.titel


class ProgrammaActiviteit(ClusterableModel, Orderable):
    pagina = ParentalKey(WijkprogrammaPage, on_delete=models.CASCADE, related_name="activiteiten")
    jaar = models.PositiveSmallIntegerField(_("year"))
    titel = models.CharField(_("activity"), max_length=160)
    thema = models.CharField(
        _("theme"), max_length=120, help_text=_("One of the agenda themes above.")
    )
    omschrijving = models.TextField(_("description"), blank=True)
    trekker = models.ForeignKey(
        Partner,
        verbose_name=_("lead partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = ParentalManyToManyField(
        Partner, verbose_name=_("other partners"), blank=True, related_name="+"
    )
    budget_aandeel = models.DecimalField(
        _("share of the district budget (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActiviteitStatus.choices,
        default=ActiviteitStatus.GEPLAND,
    )

    panels = [
        FieldRowPanel([FieldPanel("jaar"), FieldPanel("status")]),
        FieldPanel("titel"),
        FieldPanel("thema"),
        FieldPanel("omschrijving"),
        FieldRowPanel([FieldPanel("trekker"), FieldPanel("budget_aandeel")]),
        FieldPanel("partners"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programme activity")
        verbose_name_plural = _("programme activities")

    def __str__(self):
        return f"{self.jaar}: {self.titel}"
