from django.db import models
from django.utils.translation import gettext_lazy as _


class SignaalStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Received")
    IN_BEHANDELING = "in_behandeling", _("Being handled")
    DOORGESTUURD = "doorgestuurd", _("Forwarded to a partner")
    AFGESLOTEN = "afgesloten", _("Closed")
