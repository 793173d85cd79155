"""Schemes (Regeling) and applications (Aanvraag) for residents' own initiatives.

An application's status changes only through ``Aanvraag.wijzig_status`` (see statemachine.py);
every change is a ``StatusWijziging`` row. Personal data (applicant, phone, households,
attachments) stays with the application and is exported, erased and retained through the
registries in ``portal.accounts``.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.bijlagen import bijlage_opslag, bijlage_pad
from portal.core.iban import maskeer, valideer_iban
from portal.gebieden.models import Buurt, Wijk

from .constants import AANTAL_STAPPEN, BijlageSoort, Rol, Status
from .regeling import VERPLICHTE_BIJLAGEN, Regeling  # noqa: F401  (re-exported)
from .statemachine import BEWERKBAAR, INTREKBAAR, OngeldigeOvergang, mag_overgaan


class Referentieteller(models.Model):
    """Last reference number per year; locked row per year keeps numbers unique and gapless."""

    jaar = models.PositiveSmallIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.jaar}: {self.laatste}"

    FORMAAT = "DLF-{jaar}-{nummer:05d}"

    @classmethod
    def reserveer(cls, jaar: int, aantal: int) -> list[str]:
        """``aantal`` consecutive references of ``jaar`` under one row lock (bulk data)."""
        with transaction.atomic():
            cls.objects.get_or_create(jaar=jaar)
            teller = cls.objects.select_for_update().get(jaar=jaar)
            eerste = teller.laatste + 1
            teller.laatste += aantal
            teller.save(update_fields=["laatste"])
        return [cls.FORMAAT.format(jaar=jaar, nummer=n) for n in range(eerste, teller.laatste + 1)]

    @classmethod
    def volgende(cls, jaar: int) -> str:
        return cls.reserveer(jaar, 1)[0]


class AanvraagQuerySet(models.QuerySet):
    def van(self, user):
        return self.filter(aanvrager=user)


class Aanvraag(models.Model):
    referentie = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    aanvrager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aanvragen",
    )
    regeling = models.ForeignKey(
        Regeling, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="aanvragen"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.CONCEPT, editable=False
    )
    stappen_voltooid = models.PositiveSmallIntegerField(_("steps completed"), default=0)
    titel = models.CharField(_("title"), max_length=120, blank=True)
    omschrijving = models.TextField(_("description"), max_length=4000, blank=True)
    straat = models.CharField(_("street"), max_length=120, blank=True)
    huisnummer = models.CharField(_("house number"), max_length=12, blank=True)
    locatie_lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    locatie_lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("neighbourhood"), null=True, blank=True, on_delete=models.PROTECT
    )
    wijk = models.ForeignKey(
        Wijk,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )
    # One day, or the first day of a period (Regeling.planning); a play street also has its
    # last day, its fixed times and the stretch of street that is closed.
    activiteit_datum = models.DateField(_("date of the activity"), null=True, blank=True)
    einddatum = models.DateField(_("last day"), null=True, blank=True)
    vaste_tijden = models.CharField(_("fixed days and times"), max_length=200, blank=True)
    straatdeel = models.CharField(_("stretch of street"), max_length=200, blank=True)
    toegekend_bedrag = models.DecimalField(
        _("granted amount"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    gevraagd_bedrag = models.DecimalField(
        _("amount requested"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    huishoudens_in_straat = models.PositiveIntegerField(
        _("households in the street"), null=True, blank=True
    )
    telefoon = models.CharField(_("telephone"), max_length=20, blank=True)
    # What a decision and a payment need. Personal data: exported, erased and retained with
    # the rest of the application (participatie/privacy.py); masked in staff lists.
    naam_aanvrager = models.CharField(_("your name"), max_length=120, blank=True)
    adres_aanvrager = models.CharField(_("your address"), max_length=200, blank=True)
    iban = models.CharField(
        _("bank account (IBAN)"), max_length=34, blank=True, validators=[valideer_iban]
    )
    privacy_akkoord = models.BooleanField(_("agrees to the privacy statement"), default=False)
    verantwoording = models.TextField(_("report back"), max_length=4000, blank=True)
    indien_sleutel = models.UUIDField(default=uuid.uuid4, editable=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    geanonimiseerd = models.BooleanField(default=False)

    objects = AanvraagQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-aangemaakt"]
        constraints = [
            # One open draft per resident per scheme: "start" resumes it (get_or_create).
            models.UniqueConstraint(
                fields=["aanvrager", "regeling"],
                condition=models.Q(status=Status.CONCEPT),
                name="een_concept_per_regeling",
            ),
        ]
        indexes = [
            models.Index(fields=["aanvrager", "-aangemaakt"]),
            models.Index(fields=["wijk", "status"]),
            # The review queue lists a district's applications newest submission first.
            models.Index(fields=["wijk", "-ingediend_op"], name="aanvraag_wachtrij_idx"),
            models.Index(fields=["status", "gewijzigd"]),
        ]

    def __str__(self):
        concept = _("draft")
        return self.referentie or f"{concept} {self.pk}"

    def get_absolute_url(self):
        return reverse("participatie:detail", kwargs={"pk": self.pk})

    @property
    def vervolg_url(self) -> str:
        """Where a resident continues a draft: the first step not yet done, or the review."""
        if self.stappen_voltooid >= AANTAL_STAPPEN:
            return reverse("participatie:controleren", kwargs={"pk": self.pk})
        return reverse(
            "participatie:stap", kwargs={"pk": self.pk, "stap": self.stappen_voltooid + 1}
        )

    @property
    def iban_gemaskeerd(self) -> str:
        return maskeer(self.iban)

    @property
    def is_concept(self) -> bool:
        return self.status == Status.CONCEPT

    @property
    def wacht_op_aanpassing(self) -> bool:
        """The coordinator asked for changes: the applicant's turn."""
        return self.status == Status.AANPASSING_GEVRAAGD

    @property
    def is_bewerkbaar(self) -> bool:
        return self.status in BEWERKBAAR

    @property
    def is_intrekbaar(self) -> bool:
        return self.status in INTREKBAAR

    @property
    def kan_verantwoorden(self) -> bool:
        laatste_dag = self.einddatum or self.activiteit_datum
        return mag_overgaan(self.status, Status.VERANTWOORD, Rol.AANVRAGER) and (
            laatste_dag is None or laatste_dag <= timezone.localdate()
        )

    def wijzig_status(
        self, naar: str, *, door=None, rol: str, motivatie: str = "", notitie: str = ""
    ):
        """The only way to change a status: checked against the table, with a row per change."""
        with transaction.atomic():
            huidig = Aanvraag.objects.select_for_update().get(pk=self.pk)
            if not mag_overgaan(huidig.status, naar, rol):
                raise OngeldigeOvergang(huidig.status, naar, rol)
            van = huidig.status
            velden = {"status": naar, "gewijzigd": timezone.now()}
            if naar == Status.INGEDIEND:
                velden["ingediend_op"] = timezone.now()
                if not huidig.referentie:
                    velden["referentie"] = Referentieteller.volgende(timezone.localdate().year)
            Aanvraag.objects.filter(pk=self.pk).update(**velden)
            for veld, waarde in velden.items():
                setattr(self, veld, waarde)
            return StatusWijziging.objects.create(
                aanvraag=self,
                van=van,
                naar=naar,
                door=door,
                rol=rol,
                motivatie=motivatie,
                notitie=notitie,
            )

    def mail_aanvrager(self, template: str, sleutel: str = "", **context) -> None:
        """An e-mail to the applicant (into the outbox, in the caller's transaction) with the
        links every such e-mail carries: this application and "Mijn aanvragen", at the public
        base URL. Nothing when the application has been anonymised."""
        from portal.core.urls import publieke_url
        from portal.mail.tasks import plan_email

        if self.aanvrager is None:
            return
        plan_email(
            self.aanvrager.email,
            template,
            {
                "aanvraag": self,
                "url": publieke_url(self.get_absolute_url()),
                "mijn_aanvragen_url": publieke_url(reverse("participatie:mijn_aanvragen")),
                **context,
            },
            sleutel=sleutel,
        )

    def indienen(self, *, door, sleutel: str) -> "Indiening":
        """Submit once, as the applicant; the only way a draft becomes an application.

        Idempotent: a second click, a resubmitted old form or another tab carries a key that
        no longer matches (it is renewed on submit) and changes nothing. Under the row lock the
        scheme's rules are checked again, after a lock on the per-street limit, so two
        residents of one street cannot both pass at once. The confirmation e-mail goes into
        the outbox in the same transaction.
        """
        from . import regels
        from .meldingen import meld_nieuwe_aanvraag

        with transaction.atomic():
            huidig = (
                Aanvraag.objects.select_for_update(of=("self",))
                .select_related("regeling", "aanvrager")
                .get(pk=self.pk)
            )
            if not huidig.is_bewerkbaar or sleutel != str(huidig.indien_sleutel):
                return Indiening(ingediend=False)
            regels.vergrendel_limiet(huidig)
            problemen = regels.controleer(huidig)
            if problemen:
                return Indiening(ingediend=False, problemen=problemen)
            opnieuw = huidig.wacht_op_aanpassing
            huidig.wijzig_status(Status.INGEDIEND, door=door, rol=Rol.AANVRAGER)
            Aanvraag.objects.filter(pk=self.pk).update(indien_sleutel=uuid.uuid4())
            self.refresh_from_db()
            huidig.mail_aanvrager("aanvraag_ontvangen", opnieuw=opnieuw)
            meld_nieuwe_aanvraag(huidig, opnieuw=opnieuw)
        return Indiening(ingediend=True, opnieuw=opnieuw)


@dataclass(frozen=True)
class Indiening:
    """What ``Aanvraag.indienen`` did: submitted, refused by rules, or nothing (already done)."""

    ingediend: bool
    problemen: list = field(default_factory=list)
    opnieuw: bool = False  # a changed version after "changes requested"


class Huishouden(models.Model):
    """A participating household, as entered by the applicant (with their consent ticked)."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="huishoudens")
    adres = models.CharField(_("address"), max_length=120)
    naam = models.CharField(_("name"), max_length=120, blank=True)
    akkoord = models.BooleanField(_("agrees"), default=False)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["pk"]

    def __str__(self):
        return self.adres


class Bijlage(models.Model):
    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="bijlagen")
    soort = models.CharField(_("kind"), max_length=20, choices=BijlageSoort.choices)
    bestand = models.FileField(storage=bijlage_opslag, upload_to=bijlage_pad, max_length=200)
    mime = models.CharField(max_length=40)
    naam = models.CharField(_("file name"), max_length=120)
    grootte = models.PositiveIntegerField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse(
            "participatie:bijlage", kwargs={"pk": self.aanvraag_id, "bijlage_pk": self.pk}
        )


# The term for an objection (bezwaar) against a decision: six weeks (Awb art. 6:7).
BEZWAARTERMIJN = timedelta(weeks=6)


class StatusWijziging(models.Model):
    """One row per transition: who, when, from → to, public motivation, internal note."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="wijzigingen")
    van = models.CharField(max_length=30, choices=Status.choices)
    naar = models.CharField(max_length=30, choices=Status.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rol = models.CharField(max_length=20, choices=Rol.choices)
    op = models.DateTimeField(default=timezone.now)
    motivatie = models.TextField(_("public motivation"), blank=True)
    notitie = models.TextField(_("internal note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.aanvraag}: {self.van} → {self.naar}"

    @property
    def is_afwijzing(self) -> bool:
        return self.naar == Status.AFGEWEZEN

    @property
    def is_goedkeuring(self) -> bool:
        return self.naar == Status.GOEDGEKEURD

    @property
    def is_aanpassingsverzoek(self) -> bool:
        return self.naar == Status.AANPASSING_GEVRAAGD

    @property
    def bezwaar_tot(self):
        """The last day to object to a refusal: six weeks from the day after the decision
        (General Administrative Law Act, art. 6:7 and 6:8)."""
        return timezone.localtime(self.op).date() + BEZWAARTERMIJN if self.is_afwijzing else None

    def volgende_stap(self) -> str:
        """What the applicant does next, said the same way in the e-mail and on the page."""
        aanvraag = self.aanvraag
        if self.is_afwijzing:
            return _(
                "If you do not agree with this decision, you can object (bezwaar) until "
                "%(datum)s: in writing to the Municipality of Delft, stating the reference "
                "%(ref)s and why you disagree."
            ) % {
                "datum": formats.date_format(self.bezwaar_tot, "j F Y"),
                "ref": aanvraag.referentie,
            }
        if self.is_goedkeuring:
            laatste_dag = aanvraag.einddatum or aanvraag.activiteit_datum
            if laatste_dag:
                return _(
                    "After %(datum)s, report back in My applications: a short description of "
                    "how it went and a photo."
                ) % {"datum": formats.date_format(laatste_dag, "j F Y")}
            return _(
                "When your initiative has taken place, report back in My applications: a short "
                "description of how it went and a photo."
            )
        if self.is_aanpassingsverzoek:
            return _("Change your application in My applications and submit it again.")
        return ""


# Modules with more models of this app, imported here so Django registers them.
from .raadplegingen.models import Antwoord, Raadpleging, Reactie, WmoThema  # noqa: E402, F401
from .signalen.models import IdentiteitInzage, Signaal, SignaalCategorie  # noqa: E402, F401
from .wachtrij.models import Notitie, Overgang  # noqa: E402, F401
from .wijkbudget import Boeking, Wijkbudget  # noqa: E402, F401
