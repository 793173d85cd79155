"""``AanvraagViewSet``: applications as an item type of the review queue."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from ..constants import Rol, Status
from ..models import Aanvraag
from ..rechten import ZONDER_GRENZEN, AanvraagPermissionPolicy
from ..statemachine import OngeldigeOvergang, volgende_statussen
from ..wachtrij import TijdlijnRegel, WachtrijDetailView, WachtrijViewSet, naam_van
from ..wijkbudget import Wijkbudget
from .besluitlijst import BESLUITEN
from .filters import AanvraagFilterSet
from .kolommen import BehandelaarColumn, WachttijdColumn

S = Status


class AanvraagDetailView(WachtrijDetailView):
    # The map shows the neighbourhood's boundary (one buurt, small); the district's stays out.
    laden = ("buurt__grens",)


class AanvraagViewSet(WachtrijViewSet):
    model = Aanvraag
    name = "aanvragen"
    icon = "tasks"
    menu_label = _("Applications")
    menu_order = 300
    add_to_admin_menu = True
    list_per_page = 50
    ordering = "ingediend_op"  # the longest waiting first
    permission_policy = AanvraagPermissionPolicy()
    besluiten = BESLUITEN
    ongeldige_overgang = OngeldigeOvergang

    lijst_select_related = ("regeling", "wijk", "buurt", "behandelaar")
    lijst_defer = ZONDER_GRENZEN
    wacht_veld = "ingediend_op"
    # Counted on the dashboard: statuses in which the coordinator has the next step.
    wachtende_statussen = (
        S.INGEDIEND,
        S.IN_BEHANDELING,
        S.TWEEDE_AKKOORD,
        S.GOEDGEKEURD,
        S.VERANTWOORD,
    )
    # Waiting for a decision: the waiting time and the dashboard's "oldest" count for these.
    urgente_statussen = (S.INGEDIEND, S.IN_BEHANDELING, S.TWEEDE_AKKOORD)
    toewijsbare_statussen = (
        S.IN_BEHANDELING,
        S.AANPASSING_GEVRAAGD,
        S.TWEEDE_AKKOORD,
        S.GOEDGEKEURD,
        S.UITBETAALD,
        S.VERANTWOORD,
    )

    filterset_class = AanvraagFilterSet
    search_fields = [
        "referentie",
        "titel",
        "aanvrager__first_name",
        "aanvrager__last_name",
        "aanvrager__email",
    ]
    search_backend_name = None
    # Personal data stays out of the listing and the export: the detail screen has it.
    list_display = [
        # The one link per row: to the detail screen (keyboard: Tab to the reference, Enter).
        TitleColumn(
            "referentie",
            label=_("Reference"),
            sort_key="referentie",
            get_url=lambda aanvraag: reverse("aanvragen:inspect", args=[aanvraag.pk]),
        ),
        Column("titel", label=_("Title"), sort_key="titel"),
        Column("regeling", label=_("Scheme"), accessor="regeling.titel"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("buurt", label=_("Neighbourhood"), accessor="buurt.naam"),
        DateColumn("ingediend_op", label=_("Submitted"), sort_key="ingediend_op"),
        WachttijdColumn(),
        BehandelaarColumn(),
        Column("gevraagd_bedrag", label=_("Requested (EUR)"), sort_key="gevraagd_bedrag"),
    ]
    list_export = [
        "referentie",
        "titel",
        "regeling.titel",
        "get_status_display",
        "wijk.naam",
        "buurt.naam",
        "ingediend_op",
        "gevraagd_bedrag",
        "toegekend_bedrag",
        "behandelaar_naam",
    ]
    export_headings = {
        "referentie": _("Reference"),
        "titel": _("Title"),
        "regeling.titel": _("Scheme"),
        "get_status_display": _("Status"),
        "wijk.naam": _("District"),
        "buurt.naam": _("Neighbourhood"),
        "ingediend_op": _("Submitted"),
        "gevraagd_bedrag": _("Amount requested"),
        "toegekend_bedrag": _("Granted amount"),
        "behandelaar_naam": _("Assessed by"),
    }
    export_filename = "aanvragen"
    export_functies = {
        "behandelaar_naam": lambda a: naam_van(a.behandelaar) if a.behandelaar_id else ""
    }

    # Every field of the application, except the technical ones and those shown in their own
    # section (applicant, assessor).
    detail_velden_uitgesloten = (
        "aanvrager",
        "behandelaar",
        "indien_sleutel",
        "stappen_voltooid",
    )
    detail_extra_template = "participatie/admin/aanvraag_extra.html"
    detail_view_class = AanvraagDetailView

    def wachtrij_queryset(self, user):
        return super().wachtrij_queryset(user).select_related("aanvrager")

    def volgende_statussen(self, item):
        return volgende_statussen(item.status, Rol.COORDINATOR)

    def veld_label(self, naam):
        labels = {
            "locatie_lat": _("Latitude"),
            "locatie_lon": _("Longitude"),
            "aangemaakt": _("Created"),
            "gewijzigd": _("Last changed"),
            "ingediend_op": _("Submitted"),
            "geanonimiseerd": _("Anonymised"),
        }
        return labels.get(naam) or super().veld_label(naam)

    def geschiedenis(self, item):
        return [
            TijdlijnRegel(
                op=w.op,
                door=naam_van(w.door) if w.door_id else w.get_rol_display(),
                van=w.get_van_display(),
                naar=w.get_naar_display(),
                motivatie=w.motivatie,
                notitie=w.notitie,
            )
            for w in item.wijzigingen.select_related("door")
        ]

    def get_detail_extra_context(self, item, request):
        jaar = timezone.localdate().year
        budget = Wijkbudget.voor(item.wijk_id, jaar)
        # Loaded with the application (AanvraagDetailView.laden): no query of its own.
        buurtgrens = (item.buurt.grens or None) if item.buurt_id else None
        heeft_punt = item.locatie_lat is not None and item.locatie_lon is not None
        return {
            "buurtgrens": buurtgrens,
            "kaart_nodig": bool(buurtgrens) or heeft_punt,
            "aanvrager": item.aanvrager,
            "huishoudens": list(item.huishoudens.all()),
            "bijlagen": list(item.bijlagen.all()),
            "budget": budget,
            "positie": budget.positie() if budget else None,
            "budgetjaar": jaar,
        }
