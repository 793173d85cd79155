"""Admin registration of the cms app: partner organisations as snippets, the barometer's
indicator series (cms/barometer/admin.py), the accessibility checker's rule set."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .barometer import admin as _barometer_admin  # noqa: F401  (registers its viewset)
from .models import Partner


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["naam", "soort", "website"]
    list_filter = ["soort"]
    search_fields = ["naam"]


register_snippet(PartnerViewSet)


class VolledigeToegankelijkheidscontrole(ContentCheckerItem):
    """The editors' accessibility checker (userbar, preview) with axe's full rule set instead of
    Wagtail's selection: ``runOnly`` omitted runs every non-experimental rule, the same
    ground the e2e gate (tests/e2e) covers with the WCAG 2.2 AA tags."""

    axe_run_only = None


@hooks.register("construct_wagtail_userbar")
def volledige_toegankelijkheidscontrole(request, items, page=None):
    items[:] = [
        VolledigeToegankelijkheidscontrole(in_editor=getattr(item, "in_editor", False))
        if type(item) in (AccessibilityItem, ContentCheckerItem)
        else item
        for item in items
    ]
