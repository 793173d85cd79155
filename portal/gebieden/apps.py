from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GebiedenConfig(AppConfig):
    name = "portal.gebieden"
    label = "gebieden"
    verbose_name = _("Districts and neighbourhoods")
