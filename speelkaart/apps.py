from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeelkaartConfig(AppConfig):
    """Play-space map: play spaces, residents' ratings, defect reports and wishes."""

    name = "speelkaart"
    verbose_name = _("Play-space map")

    def ready(self):
        from . import registratie

        registratie.registreer()
