"""Admin dashboard: a coordinator sees the districts they work for."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal.gebieden.models import Wijk

from . import adminrechten  # noqa: F401  (hides report menu items a role may not open)
from .scoping import beperk_tot_wijken, heeft_alle_wijken


class MijnWijkenPanel(Component):
    name = "mijn_wijken"
    order = 50
    template_name = "accounts/admin/mijn_wijken_panel.html"

    def __init__(self, wijken, alle_wijken: bool):
        self.wijken = wijken
        self.alle_wijken = alle_wijken

    def get_context_data(self, parent_context):
        return {
            "wijken": self.wijken,
            "alle_wijken": self.alle_wijken,
            "titel": _("Your districts"),
        }


@hooks.register("construct_homepage_panels")
def mijn_wijken_op_dashboard(request, panels):
    wijken = list(beperk_tot_wijken(Wijk.objects.all(), request.user, wijk_veld="pk"))
    if wijken:
        panels.append(MijnWijkenPanel(wijken, heeft_alle_wijken(request.user)))
