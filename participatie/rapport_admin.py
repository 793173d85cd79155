"""Admin report "Verantwoording per wijk": per district the open applications, the handling
times and the use of this year's district budget.

Administrators (superuser, Beheerder: ``scoping.heeft_alle_wijken``) see every district; a
coordinator sees only their own districts (``scoping.beperk_tot_wijken``); anyone else gets 403
(here and in ``portal.accounts.adminrechten``). Aggregates only, from
``participatie.verantwoording``. Registered with Wagtail's hooks when this module is imported
(``participatie/wagtail_hooks.py`` imports it).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from portal.accounts.adminrechten import ziet_verantwoording_per_wijk
from portal.accounts.scoping import beperk_tot_wijken
from portal.gebieden.models import Wijk

from .verantwoording import wijkoverzicht


class GetalColumn(Column):
    """A number with ``decimalen`` decimals in the active locale; "—" when unknown."""

    def __init__(self, name, decimalen=0, voorvoegsel="", achtervoegsel="", **kwargs):
        super().__init__(name, **kwargs)
        self.decimalen, self.voorvoegsel, self.achtervoegsel = decimalen, voorvoegsel, achtervoegsel

    def get_value(self, instance):
        waarde = super().get_value(instance)
        if waarde is None:
            return "—"
        getal = number_format(waarde, self.decimalen, force_grouping=True)
        return f"{self.voorvoegsel}{getal}{self.achtervoegsel}"


class VerantwoordingPerWijkView(ReportView):
    page_title = _("Accountability per district")
    header_icon = "table"
    index_url_name = "participatie_verantwoording"
    index_results_url_name = "participatie_verantwoording_results"
    paginate_by = None
    columns = [
        Column("naam", label=pgettext_lazy("verantwoording", "District")),
        GetalColumn("lopend", label=pgettext_lazy("verantwoording", "Open applications")),
        GetalColumn(
            "gemiddelde",
            1,
            accessor="behandeltijd.gemiddelde",
            label=_("Average handling time (days)"),
        ),
        GetalColumn(
            "p90", 1, accessor="behandeltijd.p90", label=_("90th percentile handling time (days)")
        ),
        GetalColumn("budget", 2, "€ ", label=_("Budget this year")),
        GetalColumn("gebruikt", 2, "€ ", label=_("Used (reserved + paid)")),
        GetalColumn("gebruikt_pct", 0, achtervoegsel=" %", label=_("Used (%)")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not ziet_verantwoording_per_wijk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(timezone.localdate().year)

    def get_queryset(self):
        wijken = beperk_tot_wijken(Wijk.objects.all(), self.request.user, wijk_veld="pk")
        return wijkoverzicht(wijken)


@hooks.register("register_admin_urls")
def verantwoording_urls():
    return [
        path(
            "rapporten/verantwoording-per-wijk/",
            VerantwoordingPerWijkView.as_view(),
            name="participatie_verantwoording",
        ),
        path(
            "rapporten/verantwoording-per-wijk/resultaten/",
            VerantwoordingPerWijkView.as_view(results_only=True),
            name="participatie_verantwoording_results",
        ),
    ]


class _VerantwoordingMenuItem(MenuItem):
    def is_shown(self, request):
        return ziet_verantwoording_per_wijk(request.user)


@hooks.register("register_reports_menu_item")
def verantwoording_menu():
    return _VerantwoordingMenuItem(
        _("Accountability per district"),
        reverse("participatie_verantwoording"),
        icon_name="table",
        order=800,
    )
