"""The e-mail outbox: one row per message, written in the transaction that causes it.

A row is the only place where a message's content lives, and only until it is sent: after a
successful send (or after the last failed attempt) the body is wiped, so no verification code,
password-reset link or application text lingers in the database. Background tasks carry the
row's id, never the content (django-q2 keeps task arguments in its own tables).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    WACHTEND = "wachtend", _("waiting")
    BEZIG = "bezig", _("sending")
    VERZONDEN = "verzonden", _("sent")
    MISLUKT = "mislukt", _("failed")


class Email(models.Model):
    aan = models.EmailField(_("recipient"))
    sjabloon = models.CharField(_("template"), max_length=100, blank=True)
    # Idempotency key per (cause, recipient), e.g. "statuswijziging:42:a@example.org": the same
    # notification planned twice (a retried task, a repeated call) is one row, one e-mail.
    sleutel = models.CharField(max_length=200, unique=True, null=True, blank=True)
    onderwerp = models.CharField(_("subject"), max_length=255)
    tekst = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.WACHTEND
    )
    pogingen = models.PositiveSmallIntegerField(_("attempts"), default=0)
    volgende_poging = models.DateTimeField(_("next attempt"), null=True, blank=True)
    geclaimd_op = models.DateTimeField(_("claimed at"), null=True, blank=True)
    laatste_fout = models.CharField(_("last error"), max_length=500, blank=True)
    aangemaakt = models.DateTimeField(_("created"), auto_now_add=True)
    verzonden_op = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-aangemaakt"]
        indexes = [models.Index(fields=["status", "volgende_poging"], name="mail_wachtrij_idx")]

    def __str__(self):
        return f"{self.onderwerp} → {self.aan} ({self.get_status_display()})"
