"""The dashboard panel "Wacht op u": counts per status of every registered item type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .register import _WACHTRIJEN


class WachtOpUPanel(Component):
    name = "wacht_op_u"
    order = 40
    template_name = "participatie/admin/wacht_op_u_panel.html"

    def __init__(self, soorten: list[dict]):
        self.soorten = soorten

    def get_context_data(self, parent_context):
        return {"soorten": self.soorten, "titel": _("Waiting for you")}


def wacht_op_u_panel(user) -> WachtOpUPanel | None:
    soorten = [t for t in (w.tellingen(user) for w in _WACHTRIJEN) if t]
    return WachtOpUPanel(soorten) if soorten else None
