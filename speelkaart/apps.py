from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeelkaartConfig(AppConfig):
    """Play-space map: play spaces, ratings, reports and wishes (coming issues)."""

    name = "speelkaart"
    verbose_name = _("Play-space map")
