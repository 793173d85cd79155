"""A scheme (Regeling) residents apply to, with the rules their applications are checked
against (participatie/regels.py). Re-exported from ``participatie.models``."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from portal.gebieden.models import Wijk

from .constants import BedragSoort, BijlageSoort, Planning, Soort

VERPLICHTE_BIJLAGEN = {
    "foto_verplicht": BijlageSoort.FOTO,
    "instemming_verplicht": BijlageSoort.INSTEMMING,
    "begroting_verplicht": BijlageSoort.BEGROTING,
    "overeenkomst_verplicht": BijlageSoort.OVEREENKOMST,
}
# Attachments residents fill in from the municipality's form: the scheme then offers it for
# download (a Wagtail document), and cannot require the attachment without one.
SJABLONEN = {
    BijlageSoort.INSTEMMING: "sjabloon_instemming",
    BijlageSoort.OVEREENKOMST: "sjabloon_overeenkomst",
}


class Regeling(models.Model):
    """A scheme residents apply to, with the rules the application is checked against."""

    soort = models.CharField(_("kind"), max_length=30, choices=Soort.choices)
    titel = models.CharField(_("title"), max_length=200)
    samenvatting = models.CharField(_("summary"), max_length=300, blank=True)
    toelichting = RichTextField(_("explanation"), blank=True)
    is_voorbeeld = models.BooleanField(
        _("example settings"),
        default=False,
        help_text=_("Created by the demo loader; check every value before real use."),
    )
    open_van = models.DateField(_("open from"), null=True, blank=True)
    open_tot = models.DateField(_("open until"), null=True, blank=True)
    bedrag_soort = models.CharField(
        _("amount"), max_length=10, choices=BedragSoort.choices, default=BedragSoort.MAXIMUM
    )
    bedrag = models.DecimalField(
        _("amount in euros"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    planning = models.CharField(
        _("asks when"), max_length=10, choices=Planning.choices, default=Planning.DAG
    )
    min_dagen_vooraf = models.PositiveSmallIntegerField(
        _("minimum days between application and activity"), default=0
    )
    max_per_straat_per_jaar = models.PositiveSmallIntegerField(
        _("maximum granted per street per calendar year"), null=True, blank=True
    )
    straal_meter = models.PositiveIntegerField(
        _("or: within this radius (metres) per calendar year"),
        null=True,
        blank=True,
        help_text=_(
            "When set, the limit counts applications within this distance instead of "
            "in the same street."
        ),
    )
    min_huishoudens = models.PositiveSmallIntegerField(
        _("minimum participating households"), default=0
    )
    min_instemming_pct = models.PositiveSmallIntegerField(
        _("minimum consent of the street's households (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    foto_verplicht = models.BooleanField(_("photo or drawing required"), default=False)
    instemming_verplicht = models.BooleanField(_("signed consent list required"), default=False)
    begroting_verplicht = models.BooleanField(_("budget required"), default=False)
    overeenkomst_verplicht = models.BooleanField(_("signed agreement required"), default=False)
    sjabloon_instemming = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("form for the consent list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Residents download it from the scheme page; required with a consent list."),
    )
    sjabloon_overeenkomst = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("form for the agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Residents download it from the scheme page; required with an agreement."),
    )
    wijken = models.ManyToManyField(
        Wijk,
        verbose_name=_("districts"),
        blank=True,
        help_text=_("Leave empty when the scheme applies to every district."),
    )
    uit_wijkbudget = models.BooleanField(_("paid from the district budget"), default=True)
    servicenorm_dagen = models.PositiveSmallIntegerField(
        _("service level (days)"),
        default=10,
        help_text=_("Coordinators get a reminder for applications waiting longer than this."),
    )
    vier_ogen_vanaf = models.DecimalField(
        _("second approval above (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Approvals of a higher amount need a second coordinator of the district or an "
            "administrator. Empty: one approval is enough."
        ),
    )

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["titel"]

    def __str__(self):
        soort = _("example") if self.is_voorbeeld else self.get_soort_display()
        return f"{self.titel} ({soort})"

    @property
    def heeft_activiteitdatum(self) -> bool:
        """Asks for a (first) date: the activity's day or the first day of the period."""
        return self.planning != Planning.GEEN

    @property
    def vraagt_periode(self) -> bool:
        return self.planning == Planning.PERIODE

    def is_open(self, op: date | None = None) -> bool:
        op = op or timezone.localdate()
        return (self.open_van is None or self.open_van <= op) and (
            self.open_tot is None or op <= self.open_tot
        )

    @property
    def heeft_vast_bedrag(self) -> bool:
        """A fixed amount per application (the resident asks for no amount)."""
        return self.bedrag_soort == BedragSoort.VAST

    @property
    def betaalt_uit(self) -> bool:
        """Pays an amount from the district budget (so: an IBAN, a payment, an amount)."""
        return self.uit_wijkbudget and not (self.heeft_vast_bedrag and not self.bedrag)

    @property
    def vraagt_instemming(self) -> bool:
        return self.min_instemming_pct > 0

    def verplichte_bijlagen(self) -> list[str]:
        return [soort for veld, soort in VERPLICHTE_BIJLAGEN.items() if getattr(self, veld)]

    def te_downloaden(self) -> list[tuple[str, object]]:
        """(label, document or None) per required attachment, for the scheme page and the
        attachments step: the form to fill in where the municipality provides one."""
        labels = dict(BijlageSoort.choices)
        return [
            (labels[soort], getattr(self, SJABLONEN[soort]) if soort in SJABLONEN else None)
            for soort in self.verplichte_bijlagen()
        ]

    def clean(self):
        super().clean()
        verplicht = self.verplichte_bijlagen()
        fouten = {
            veld: _("Add the form residents fill in: this attachment is required.")
            for soort, veld in SJABLONEN.items()
            if soort in verplicht and not getattr(self, f"{veld}_id")
        }
        if fouten:
            raise ValidationError(fouten)

    def geldt_voor_wijk(self, wijk_id: int) -> bool:
        wijk_ids = [w.pk for w in self.wijken.all()]
        return not wijk_ids or wijk_id in wijk_ids
