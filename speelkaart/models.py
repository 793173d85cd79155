"""Play spaces (Speelplek), residents' ratings (Waardering), defect reports (Melding), wishes
(Wens). Their status history is ``participatie.Overgang`` (the review queue's), written by the
kernel's state machine (statemachine.py).

Location is a plain point (lat/lon) with an optional GeoJSON outline; ``buurt`` and ``wijk``
follow from the point (portal.gebieden.lookup) on every save, so scoping per district and the
district filter need no geometry in the database. Rating averages are kept on the play space
(``Waardering`` saves recompute them in the same transaction), so the map's GeoJSON for
thousands of play spaces is one query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.bijlagen import bijlage_opslag, bijlage_pad
from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt
from portal.gebieden.models import Buurt, Wijk

from .constants import (
    CRITERIA,
    Bron,
    MeldingCategorie,
    MeldingStatus,
    OpmerkingStatus,
    SpeelplekSoort,
    SpeelplekStatus,
    WensSoort,
    WensStatus,
)


def _leg_plek_vast(item, verplicht: bool = True) -> None:
    """Set ``buurt`` and ``wijk`` from the item's point; a point outside Delft is refused."""
    if item.lat is None or item.lon is None:
        if verplicht:
            raise ValidationError({"lat": _("Choose the place on the map.")})
        return
    try:
        locatie = buurt_voor_punt(item.lat, item.lon)
    except PuntBuitenDelft as fout:
        raise ValidationError({"lat": fout.messages}) from fout
    item.buurt, item.wijk = locatie.buurt, locatie.wijk


# Kept by Speelplek.herbereken_waarderingen only (never by a save of the whole instance).
AGGREGAAT_VELDEN = frozenset(
    {"aantal_waarderingen", "gem_speelwaarde", "gem_veiligheid", "gem_onderhoud", "gem_leeftijd"}
)


class Speelplek(ClusterableModel):
    naam = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    soort = models.CharField(_("kind"), max_length=20, choices=SpeelplekSoort.choices)
    omschrijving = models.TextField(_("description"), blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    omtrek = models.JSONField(
        _("outline (GeoJSON polygon, WGS84)"), null=True, blank=True, default=None
    )
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("district"), on_delete=models.PROTECT, related_name="speelplekken"
    )
    voor_0_4 = models.BooleanField(_("0–4 years"), default=False)
    voor_4_8 = models.BooleanField(_("4–8 years"), default=False)
    voor_8_12 = models.BooleanField(_("8–12 years"), default=False)
    voor_12_plus = models.BooleanField(_("12 years and older"), default=False)
    toestellen = models.TextField(
        _("equipment"), blank=True, help_text=_("One item per line, e.g. swing, slide.")
    )
    rolstoel = models.BooleanField(_("equipment reachable by wheelchair"), default=False)
    omheind = models.BooleanField(_("fenced"), default=False)
    schaduw = models.BooleanField(_("shade"), default=False)
    bankjes = models.BooleanField(_("benches"), default=False)
    toilet = models.BooleanField(_("toilets"), default=False)
    beheerder = models.CharField(_("managed by"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SpeelplekStatus.choices, default=SpeelplekStatus.OPEN
    )
    bron = models.CharField(
        _("source"), max_length=12, choices=Bron.choices, default=Bron.HANDMATIG
    )
    bron_id = models.CharField(_("source id"), max_length=80, blank=True)
    # Rating aggregates, recomputed by Waardering.save/delete (see herbereken_waarderingen).
    aantal_waarderingen = models.PositiveIntegerField(default=0, editable=False)
    gem_speelwaarde = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    gem_veiligheid = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    gem_onderhoud = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    gem_leeftijd = models.DecimalField(max_digits=3, decimal_places=2, null=True, editable=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("play space")
        verbose_name_plural = _("play spaces")
        ordering = ["naam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bron", "bron_id"],
                condition=~models.Q(bron_id=""),
                name="speelplek_uniek_per_bron",
            )
        ]

    def __str__(self):
        return self.naam

    @property
    def is_voorbeeld(self) -> bool:
        return self.bron == Bron.VOORBEELD

    def get_absolute_url(self):
        return reverse("speelkaart:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        _leg_plek_vast(self)

    def save(self, *args, **kwargs):
        if (
            self.lat is not None
            and self.lon is not None
            and (self.buurt_id is None or self._plek_veranderd())
        ):
            _leg_plek_vast(self)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The rating aggregates belong to herbereken_waarderingen: an instance loaded
            # before a rating must not write its stale averages back.
            kwargs["update_fields"] = [
                veld.name
                for veld in self._meta.concrete_fields
                if not veld.primary_key and veld.name not in AGGREGAAT_VELDEN
            ]
        super().save(*args, **kwargs)

    def _plek_veranderd(self) -> bool:
        if not self.pk:
            return True
        oud = Speelplek.objects.filter(pk=self.pk).values_list("lat", "lon").first()
        return oud is None or (oud[0], oud[1]) != (self.lat, self.lon)

    def herbereken_waarderingen(self) -> None:
        """Averages and count from the ratings (one query), stored on the play space."""
        cijfers = self.waarderingen.aggregate(
            aantal=Count("pk"), **{f"gem_{c}": Avg(c) for c in CRITERIA}
        )
        Speelplek.objects.filter(pk=self.pk).update(
            aantal_waarderingen=cijfers.pop("aantal"), **cijfers
        )


class SpeelplekFoto(Orderable):
    speelplek = ParentalKey(Speelplek, on_delete=models.CASCADE, related_name="fotos")
    afbeelding = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_tekst = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("photo")


class Waardering(models.Model):
    """A resident's rating of a play space: four criteria 1–5 and an optional comment. One per
    resident per play space (they change it); scores count at once, the comment after
    moderation (``opmerking_status``, speelkaart/statemachine.py)."""

    speelplek = models.ForeignKey(Speelplek, on_delete=models.CASCADE, related_name="waarderingen")
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waarderingen"
    )
    speelwaarde = models.PositiveSmallIntegerField(
        _("play value"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    veiligheid = models.PositiveSmallIntegerField(
        _("safety"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    onderhoud = models.PositiveSmallIntegerField(
        _("maintenance"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    leeftijd = models.PositiveSmallIntegerField(
        _("suits the age group"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    opmerking = models.TextField(_("comment"), max_length=1000, blank=True)
    opmerking_status = models.CharField(
        _("comment status"),
        max_length=14,
        choices=OpmerkingStatus.choices,
        default=OpmerkingStatus.GEEN,
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["speelplek", "bewoner"], name="een_waardering_per_bewoner"
            ),
            models.CheckConstraint(
                condition=models.Q(speelwaarde__range=(1, 5))
                & models.Q(veiligheid__range=(1, 5))
                & models.Q(onderhoud__range=(1, 5))
                & models.Q(leeftijd__range=(1, 5)),
                name="waardering_tussen_1_en_5",
            ),
        ]
        indexes = [models.Index(fields=["opmerking_status", "aangemaakt"])]

    def __str__(self):
        # What a reviewer sees in the queue and the "Wacht op u" panel: the item is the comment.
        return _("Comment on %(speelplek)s") % {"speelplek": self.speelplek}

    @property
    def wijk_id(self):
        return self.speelplek.wijk_id


class Melding(models.Model):
    """A defect report about a play space, for the district's queue."""

    speelplek = models.ForeignKey(Speelplek, on_delete=models.PROTECT, related_name="meldingen")
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="+", editable=False)
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speelplekmeldingen",
    )
    categorie = models.CharField(_("category"), max_length=12, choices=MeldingCategorie.choices)
    tekst = models.TextField(_("what is wrong"), max_length=2000)
    # Checked by content and re-encoded without metadata (portal.bijlagen), stored privately.
    foto = models.FileField(
        _("photo"), max_length=200, blank=True, storage=bijlage_opslag, upload_to=bijlage_pad
    )
    foto_mime = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeldingStatus.choices, default=MeldingStatus.INGEDIEND
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("defect report")
        verbose_name_plural = _("defect reports")
        ordering = ["-aangemaakt", "-pk"]
        indexes = [models.Index(fields=["wijk", "status", "aangemaakt"])]

    def __str__(self):
        return f"{self.get_categorie_display()}: {self.speelplek}"

    def save(self, *args, **kwargs):
        self.wijk_id = self.speelplek.wijk_id
        super().save(*args, **kwargs)


class Wens(models.Model):
    """A resident's wish: a new play space at a place, or an improvement to one."""

    soort = models.CharField(_("kind of wish"), max_length=12, choices=WensSoort.choices)
    speelplek = models.ForeignKey(
        Speelplek,
        verbose_name=_("play space"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wensen",
    )
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("neighbourhood"), on_delete=models.PROTECT, related_name="+"
    )
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="+", editable=False)
    titel = models.CharField(_("your wish in a few words"), max_length=120)
    tekst = models.TextField(_("explanation"), max_length=2000)
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speelplekwensen",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=WensStatus.choices, default=WensStatus.INGEDIEND
    )
    aantal_steun = models.PositiveIntegerField(default=0, editable=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-aantal_steun", "-aangemaakt", "-pk"]
        indexes = [models.Index(fields=["wijk", "status", "aangemaakt"])]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        if self.speelplek_id and self.lat is None:
            self.lat, self.lon = self.speelplek.lat, self.speelplek.lon
        if self.lat is not None:
            _leg_plek_vast(self, verplicht=False)
        self.wijk_id = self.buurt.wijk_id
        super().save(*args, **kwargs)


class WensSteun(models.Model):
    """One resident supports a wish once."""

    wens = models.ForeignKey(Wens, on_delete=models.CASCADE, related_name="steun")
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wens", "bewoner"], name="een_steun_per_bewoner")
        ]

    def __str__(self):
        return f"{self.wens_id}: {self.bewoner_id}"
