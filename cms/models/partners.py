"""Partner organisations (housing corporations, the welfare organisation, police, schools): a
snippet that programmes, reports and events refer to, so a name is kept in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class PartnerSoort(models.TextChoices):
    WONINGCORPORATIE = "woningcorporatie", _("Housing corporation")
    WELZIJN = "welzijn", _("Welfare organisation")
    POLITIE = "politie", _("Police")
    ONDERWIJS = "onderwijs", _("School")
    GEMEENTE = "gemeente", _("Municipality")
    BEWONERS = "bewoners", _("Residents' organisation")
    OVERIG = "overig", _("Other")


class Partner(index.Indexed, models.Model):
    naam = models.CharField(_("name"), max_length=120, unique=True)
    soort = models.CharField(_("kind"), max_length=20, choices=PartnerSoort.choices)
    website = models.URLField(_("website"), blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("The organisation's general e-mail address or telephone number."),
    )

    search_fields = [index.SearchField("naam"), index.AutocompleteField("naam")]

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["naam"]

    def __str__(self):
        return self.naam
