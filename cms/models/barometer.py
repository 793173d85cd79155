"""The district barometer (wijkbarometer): indicators per district over the years and across
districts. Series come from the CBS key figures already loaded and from indicator series that
administrators import from CSV (cms/barometer/import_csv.py documents the format)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from portal.gebieden.models import Wijk

from .basis import RICHTEXT_FEATURES, BasePage


class Indicator(models.Model):
    """A series of figures per district and year, e.g. "residents who feel safe (%)"."""

    naam = models.CharField(_("name"), max_length=160, unique=True)
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    eenheid = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. % or €"))
    omschrijving = models.TextField(_("description"), blank=True)
    bron = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class IndicatorWaarde(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="waarden")
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("year"))
    waarde = models.DecimalField(_("value"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicator value")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "wijk", "jaar"], name="een_waarde_per_wijk_per_jaar"
            )
        ]
        ordering = ["indicator", "jaar", "wijk"]

    def __str__(self):
        return f"{self.indicator_id} {self.wijk_id} {self.jaar}: {self.waarde}"


class BarometerPage(BasePage):
    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("district barometer")

    def get_context(self, request, *args, **kwargs):
        """The chosen indicator compared across districts and over the years
        (``cms/barometer/pagina.py``); the choice is a GET form, so it works without JavaScript."""
        from cms.barometer.pagina import barometer_context  # imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(barometer_context(request.GET))
        return context
