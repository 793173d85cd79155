"""Delft's geography: policy districts (Wijk), CBS districts (CbsWijk) and neighbourhoods (Buurt).

Boundaries are GeoJSON geometries (WGS84) in JSON fields; geometry work is done with shapely in
``lookup.py``, so the project needs no GDAL/GEOS system libraries. All data come from CBS (see
``data/SOURCES.md``) and are loaded by ``manage.py laad_gebieden``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.roles import WIJKCOORDINATOR

from .kerncijfers import Kerncijfers, aggregeer


class KerncijferVelden(models.Model):
    """CBS Kerncijfers wijken en buurten (table 85984NED) for one area, as published."""

    kerncijfers_jaar = models.PositiveSmallIntegerField(_("key figures year"), null=True)
    aantal_inwoners = models.PositiveIntegerField(_("inhabitants"), null=True)
    mannen = models.PositiveIntegerField(_("men"), null=True)
    vrouwen = models.PositiveIntegerField(_("women"), null=True)
    pct_0_15 = models.PositiveSmallIntegerField("% 0–15", null=True)
    pct_15_25 = models.PositiveSmallIntegerField("% 15–25", null=True)
    pct_25_45 = models.PositiveSmallIntegerField("% 25–45", null=True)
    pct_45_65 = models.PositiveSmallIntegerField("% 45–65", null=True)
    pct_65plus = models.PositiveSmallIntegerField("% 65+", null=True)
    huishoudens = models.PositiveIntegerField(_("households"), null=True)
    gem_huishoudensgrootte = models.DecimalField(
        _("average household size"), max_digits=4, decimal_places=2, null=True
    )
    bevolkingsdichtheid = models.PositiveIntegerField(_("inhabitants per km² land"), null=True)
    personenautos = models.PositiveIntegerField(_("passenger cars"), null=True)
    woningvoorraad = models.PositiveIntegerField(_("dwellings"), null=True)
    oppervlakte_totaal_ha = models.PositiveIntegerField(_("total area (ha)"), null=True)
    oppervlakte_land_ha = models.PositiveIntegerField(_("land area (ha)"), null=True)
    oppervlakte_water_ha = models.PositiveIntegerField(_("water area (ha)"), null=True)

    class Meta:
        abstract = True

    @property
    def kerncijfers(self) -> Kerncijfers:
        return Kerncijfers.from_object(self)


class Gemeente(KerncijferVelden):
    """The municipality as a whole (one row, GM0503 Delft): totals for comparison."""

    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    naam = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.naam


class WijkQuerySet(models.QuerySet):
    def met_kerncijfers(self):
        """Districts ready for listing with key figures: boundaries left out (they are large
        and only maps need them, through the GeoJSON views), CBS districts prefetched."""
        return self.defer("grens").prefetch_related(
            models.Prefetch("cbs_wijken", queryset=CbsWijk.objects.defer("grens"))
        )


class Wijk(models.Model):
    """A policy district of the programme *Samenwerken in de wijken*.

    It covers one or more CBS wijken; its key figures are aggregated from theirs.
    """

    naam = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=0)
    grens = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), default=dict, blank=True)
    coordinatoren = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("district coordinators"),
        related_name="coordinator_van",
        blank=True,
        # Only users with the coordinator role can be linked (the link alone grants nothing).
        limit_choices_to={"groups__name": WIJKCOORDINATOR},
    )
    # Public contacts on the district page (work addresses, entered by an administrator).
    coordinator_naam = models.CharField(_("district coordinator: name"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("district coordinator: e-mail"), blank=True)
    coordinator_telefoon = models.CharField(
        _("district coordinator: telephone"), max_length=40, blank=True
    )
    opbouwwerker_naam = models.CharField(_("community worker: name"), max_length=200, blank=True)
    opbouwwerker_email = models.EmailField(_("community worker: e-mail"), blank=True)
    opbouwwerker_telefoon = models.CharField(
        _("community worker: telephone"), max_length=40, blank=True
    )

    objects = WijkQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam

    def get_geojson_url(self):
        return reverse("gebieden:wijk_geojson", kwargs={"slug": self.slug})

    @property
    def cbs_codes(self) -> list[str]:
        return [cbs_wijk.code for cbs_wijk in self.cbs_wijken.all()]

    @property
    def kerncijfers(self) -> Kerncijfers:
        """Key figures of all CBS wijken of this district (use prefetch_related("cbs_wijken"))."""
        return aggregeer([cbs_wijk.kerncijfers for cbs_wijk in self.cbs_wijken.all()])


class CbsWijk(KerncijferVelden):
    """A CBS wijk (e.g. WK050325 "Wijk 25 Buitenhof") and the policy district it belongs to."""

    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    naam = models.CharField(_("CBS name"), max_length=100)
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("district"), on_delete=models.PROTECT, related_name="cbs_wijken"
    )
    toewijzing = models.CharField(_("why it belongs to this district"), max_length=300, blank=True)
    grens = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("CBS district")
        verbose_name_plural = _("CBS districts")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.naam}"


class Buurt(models.Model):
    """A CBS buurt (neighbourhood)."""

    bron_id = models.CharField(
        _("source id"),
        max_length=40,
        unique=True,
        help_text=_("The CBS code, or a stable id for a neighbourhood CBS has not coded."),
    )
    code = models.CharField(_("CBS code"), max_length=10, unique=True, null=True, blank=True)
    naam = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    cbs_wijk = models.ForeignKey(
        CbsWijk, verbose_name=_("CBS district"), on_delete=models.PROTECT, related_name="buurten"
    )
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("district"), on_delete=models.PROTECT, related_name="buurten"
    )
    grens = models.JSONField(_("boundary (GeoJSON geometry, WGS84)"), default=dict, blank=True)
    is_aandachtsbuurt = models.BooleanField(_("focus neighbourhood"), default=False)
    aandachtsgebied = models.CharField(
        _("focus area of the policy"),
        max_length=100,
        blank=True,
        help_text=_("The focus area named in the policy that this neighbourhood matches."),
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["naam"]

    def __str__(self):
        return self.naam
