"""Internal notes (``Notitie``) on queue items of any type, generic by content type.

Imported by ``participatie.models`` so that Django finds the model (app label ``participatie``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotitieQuerySet(models.QuerySet):
    def voor(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
            object_id=str(item.pk),
        )


class Notitie(models.Model):
    """An internal note on a queue item of any type; staff only, never shown to residents."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    item = GenericForeignKey("content_type", "object_id")
    tekst = models.TextField(_("note"), max_length=4000)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    op = models.DateTimeField(_("at"), default=timezone.now)

    objects = NotitieQuerySet.as_manager()

    class Meta:
        app_label = "participatie"
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["op", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.op:%Y-%m-%d %H:%M}: {self.tekst[:40]}"


class Overgang(models.Model):
    """One row per status change of a queue item whose kind uses the kernel's state machine
    (``portal.core.toestanden.Toestandsmachine``): signals and consultation answers' quotes.
    Applications keep their own ``StatusWijziging``."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    van = models.CharField(max_length=20)
    naar = models.CharField(max_length=20)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    motivatie = models.TextField(_("public motivation"), blank=True)
    notitie = models.TextField(_("internal note"), blank=True)

    class Meta:
        app_label = "participatie"
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["op", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.van} → {self.naar}"
