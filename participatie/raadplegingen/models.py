"""Wmo consultations (Raadpleging): a topic from the managed list, questions as typed blocks,
residents' responses (Reactie) with one row per answer value (Antwoord) so that results are
aggregated in the database, and the follow-up ("Wat hebben we ermee gedaan").

Invariants:
- one response per account and one per e-mail address per consultation (partial unique
  constraints: concurrent submits cannot double count);
- only responses in status ``ingediend`` count; a response can be changed until closing;
- an open-text answer is quoted publicly only after moderation (``citaat_status``, the review
  queue ``participatie.raadplegingen.wachtrij``).

Imported by ``participatie.models`` so that Django registers the models.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField

from portal.gebieden.models import Wijk

from .blokken import VragenBlok
from .constants import CitaatStatus, Deelname, Doelgroep, Fase, ReactieStatus

# No "link": coordinators edit consultations, and Wagtail's link chooser is the page chooser,
# which stays closed to them (portal/accounts/adminrechten.py).
RICHTEXT = ["h2", "h3", "bold", "italic", "ol", "ul"]


class WmoThema(models.Model):
    """A topic of the managed list, e.g. "Burenhulp" in performance field 1 (social cohesion
    and liveability). Recurring topics come back on the residents' meetings every year."""

    naam = models.CharField(_("name"), max_length=120, unique=True)
    omschrijving = models.TextField(_("description"), blank=True)
    prestatieveld = models.PositiveSmallIntegerField(
        _("Wmo performance field"), default=1, help_text=_("1: social cohesion and liveability.")
    )
    terugkerend = models.BooleanField(_("recurring every year"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("Wmo topic")
        verbose_name_plural = _("Wmo topics")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class RaadplegingQuerySet(models.QuerySet):
    def gepubliceerd(self):
        return self.filter(gepubliceerd=True)

    def open(self, nu=None):
        nu = nu or timezone.now()
        return self.gepubliceerd().filter(opent_op__lte=nu, sluit_op__gt=nu)

    def gesloten(self, nu=None):
        nu = nu or timezone.now()
        return self.gepubliceerd().filter(sluit_op__lte=nu)

    def voor_wijk(self, wijk):
        """Consultations for this district: citywide ones (no districts) and its own."""
        return self.filter(models.Q(stadsbreed=True) | models.Q(wijken=wijk)).distinct()


class Raadpleging(models.Model):
    titel = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    thema = models.ForeignKey(
        WmoThema,
        verbose_name=_("Wmo topic"),
        on_delete=models.PROTECT,
        related_name="raadplegingen",
    )
    stadsbreed = models.BooleanField(
        _("citywide"),
        default=True,
        help_text=_("Off: only for the districts chosen below."),
    )
    wijken = models.ManyToManyField(
        Wijk, verbose_name=_("districts"), blank=True, related_name="raadplegingen"
    )
    doelgroep = models.CharField(
        _("audience"), max_length=24, choices=Doelgroep.choices, default=Doelgroep.ALLE_BEWONERS
    )
    opent_op = models.DateTimeField(_("opens at"))
    sluit_op = models.DateTimeField(_("closes at"))
    inleiding = RichTextField(_("introduction"), features=RICHTEXT, blank=True)
    vragen = StreamField(VragenBlok(), verbose_name=_("questions"))
    deelname = models.CharField(
        _("who may respond"), max_length=10, choices=Deelname.choices, default=Deelname.ACCOUNT
    )
    gepubliceerd = models.BooleanField(
        _("published"), default=False, help_text=_("Off: a draft that residents do not see.")
    )
    herhalen = models.BooleanField(
        _("repeat next year"),
        default=False,
        help_text=_("A recurring topic: the action “Repeat next year” copies it into a draft."),
    )
    vorige = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volgende_edities",
    )
    # "Wat hebben we ermee gedaan": what changed in policy or in the district programme.
    opvolging = RichTextField(_("what we did with it"), features=RICHTEXT, blank=True)
    opvolging_programmas = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("district programmes"),
        blank=True,
        related_name="+",
        help_text=_("Programmes whose activities come from this consultation."),
    )
    opvolging_gepubliceerd_op = models.DateTimeField(
        _("follow-up published at"), null=True, blank=True, editable=False
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = RaadplegingQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opent_op", "-pk"]
        indexes = [models.Index(fields=["gepubliceerd", "opent_op", "sluit_op"])]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("raadplegingen:detail", kwargs={"slug": self.slug})

    def fase(self, nu=None) -> str:
        nu = nu or timezone.now()
        if not self.gepubliceerd:
            return Fase.CONCEPT
        if nu < self.opent_op:
            return Fase.GEPLAND
        if nu < self.sluit_op:
            return Fase.OPEN
        return Fase.GESLOTEN

    @property
    def is_open(self) -> bool:
        return self.fase() == Fase.OPEN

    @property
    def is_gesloten(self) -> bool:
        return self.fase() == Fase.GESLOTEN

    @property
    def anoniem(self) -> bool:
        return self.deelname == Deelname.ANONIEM


class Reactie(models.Model):
    """One resident's response to one consultation: a draft (progress saved), waiting for the
    e-mail confirmation (anonymous), or sent. Counted only when sent."""

    raadpleging = models.ForeignKey(Raadpleging, on_delete=models.CASCADE, related_name="reacties")
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raadplegingsreacties",
    )
    # Anonymous responses: the address for the confirmation link, the receipt and the
    # follow-up; ``email_sleutel`` (a keyed hash of the normalised address) keeps one response
    # per address even after the address itself has been removed by retention.
    email = models.EmailField(_("e-mail address"), blank=True)
    email_sleutel = models.CharField(max_length=64, blank=True, editable=False)
    wijk = models.ForeignKey(
        Wijk,
        verbose_name=_("district where you live"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReactieStatus.choices, default=ReactieStatus.CONCEPT
    )
    ingediend_op = models.DateTimeField(_("sent at"), null=True, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-gewijzigd", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["raadpleging", "bewoner"],
                condition=models.Q(bewoner__isnull=False),
                name="een_reactie_per_account",
            ),
            models.UniqueConstraint(
                fields=["raadpleging", "email_sleutel"],
                condition=~models.Q(email_sleutel=""),
                name="een_reactie_per_emailadres",
            ),
        ]
        indexes = [models.Index(fields=["raadpleging", "status", "wijk"])]

    def __str__(self):
        return f"{self.raadpleging}: {self.pk}"

    @property
    def is_ingediend(self) -> bool:
        return self.status == ReactieStatus.INGEDIEND


class Antwoord(models.Model):
    """One answer value: a chosen option (single and multiple choice: one row per option), a
    scale value, an option's rank (ranking: one row per option, ``getal`` 1 = first), or an
    open text. ``raadpleging``, ``wijk`` and ``geteld`` are copied from the response so that
    the results page aggregates with one GROUP BY per question kind, without joins."""

    reactie = models.ForeignKey(Reactie, on_delete=models.CASCADE, related_name="antwoorden")
    raadpleging = models.ForeignKey(
        Raadpleging, on_delete=models.CASCADE, related_name="+", editable=False
    )
    wijk = models.ForeignKey(
        Wijk, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    geteld = models.BooleanField(default=False, help_text="The response has been sent.")
    vraag = models.CharField(max_length=64)  # the question block's id
    soort = models.CharField(max_length=16)  # VraagSoort
    keuze = models.CharField(max_length=200, blank=True)
    getal = models.SmallIntegerField(null=True, blank=True)
    tekst = models.TextField(blank=True)
    citaat_status = models.CharField(
        _("quote"), max_length=12, choices=CitaatStatus.choices, default=CitaatStatus.GEEN
    )
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["raadpleging", "geteld", "vraag", "keuze"]),
            models.Index(fields=["raadpleging", "citaat_status"]),
        ]

    def __str__(self):
        return f"{self.vraag}: {self.keuze or self.getal or self.tekst[:30]}"

    def get_wijk_id(self):
        return self.wijk_id
