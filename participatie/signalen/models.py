"""Signals from residents about their street or neighbourhood: the district team's digital
logbook.

Privacy: a signal is visible only to staff of its district (``SignaalPermissionPolicy``); the
sender's identity is kept apart from what staff see and shown only on request, each request
logged (``IdentiteitInzage``); retention anonymises closed signals (``signalen.privacy``).
Statuses change only through ``signalen.statemachine``.

Imported by ``participatie.models`` so that Django registers the models.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.bijlagen import bijlage_opslag, bijlage_pad
from portal.gebieden.models import Buurt, Wijk

from .constants import SignaalStatus


class SignaalCategorie(models.Model):
    """The managed list of kinds of signal (e.g. loneliness, nuisance, a meeting place)."""

    naam = models.CharField(_("name"), max_length=80, unique=True)
    omschrijving = models.CharField(_("description"), max_length=200, blank=True)
    actief = models.BooleanField(_("offered to residents"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signal category")
        verbose_name_plural = _("signal categories")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Signaal(models.Model):
    bewoner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signalen",
    )
    categorie = models.ForeignKey(
        SignaalCategorie, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    tekst = models.TextField(_("your signal or idea"), max_length=2000)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    buurt = models.ForeignKey(
        Buurt,
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    # Checked by content and re-encoded without metadata (portal.bijlagen), stored privately.
    foto = models.FileField(
        _("photo"), max_length=200, blank=True, storage=bijlage_opslag, upload_to=bijlage_pad
    )
    foto_mime = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SignaalStatus.choices, default=SignaalStatus.INGEDIEND
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    doorgestuurd_naar = models.CharField(_("forwarded to"), max_length=200, blank=True)
    programmathema = models.CharField(_("district programme theme"), max_length=200, blank=True)
    programma = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("district programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    antwoord = models.TextField(_("reply to the resident"), blank=True)
    aangemaakt = models.DateTimeField(_("received"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-aangemaakt", "-pk"]
        indexes = [models.Index(fields=["wijk", "status", "aangemaakt"])]

    def __str__(self):
        return f"{self.categorie}: {self.tekst[:40]}"


class IdentiteitInzage(models.Model):
    """The log of every time a staff member asked to see who sent a signal, and why."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="inzages")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reden = models.TextField(_("reason"), max_length=1000)
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access to a sender's identity")
        verbose_name_plural = _("accesses to senders' identities")
        ordering = ["-op", "-pk"]

    def __str__(self):
        return f"{self.signaal_id}: {self.op:%Y-%m-%d %H:%M}"
