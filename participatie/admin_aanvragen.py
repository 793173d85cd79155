"""Applications (Aanvragen) in the coordinators' review queue: the first plug-in of
``participatie.wachtrij``.

Scoping comes from ``rechten.AanvraagPermissionPolicy`` (a coordinator's districts, drafts never),
transitions from ``statemachine.volgende_statussen`` for the coordinator's role, and every decision
calls its function in ``besluiten``, which checks authority, four eyes and budget again.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

import django_filters

from portal.accounts.scoping import beperk_tot_wijken, heeft_alle_wijken
from portal.gebieden.models import Buurt

from . import besluiten
from .constants import Rol, Status
from .models import Aanvraag, Regeling
from .rechten import ZONDER_GRENZEN, AanvraagPermissionPolicy
from .statemachine import OngeldigeOvergang, volgende_statussen
from .wachtrij import (
    Besluit,
    BesluitFormulier,
    TijdlijnRegel,
    WachtrijViewSet,
    naam_van,
)
from .wijkbudget import Wijkbudget

S = Status

# --- Filters --------------------------------------------------------------------------------

WACHTTIJD_KEUZES = [
    ("boven_norm", _("Longer than the service level")),
    ("binnen_norm", _("Within the service level")),
]
TOEGEWEZEN_KEUZES = [("mij", _("To me")), ("niemand", _("To nobody"))]


def _jaar_keuzes():
    jaar = timezone.localdate().year
    return [(str(j), str(j)) for j in range(jaar, jaar - 6, -1)]


def _boven_norm() -> Q:
    """Waiting (since the last submission) longer than the scheme's service level.

    One condition per distinct service level, so it works on SQLite and PostgreSQL alike.
    """
    nu = timezone.now()
    voorwaarde = Q(pk__in=[])
    for dagen in Regeling.objects.values_list("servicenorm_dagen", flat=True).distinct():
        voorwaarde |= Q(
            regeling__servicenorm_dagen=dagen, ingediend_op__lt=nu - timedelta(days=dagen)
        )
    return voorwaarde


class AanvraagFilterSet(WagtailFilterSet):
    regeling = django_filters.ModelChoiceFilter(label=_("Scheme"), queryset=Regeling.objects.none())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(k, v) for k, v in Status.choices if k != S.CONCEPT]
    )
    buurt = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"), queryset=Buurt.objects.none()
    )
    wachttijd = django_filters.ChoiceFilter(
        label=_("Waiting time"), choices=WACHTTIJD_KEUZES, method="filter_wachttijd"
    )
    toegewezen = django_filters.ChoiceFilter(
        label=_("Assigned"), choices=TOEGEWEZEN_KEUZES, method="filter_toegewezen"
    )
    jaar = django_filters.ChoiceFilter(
        label=_("Year submitted"), choices=_jaar_keuzes, field_name="ingediend_op__year"
    )

    class Meta:
        model = Aanvraag
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buurten = Buurt.objects.defer("grens").order_by("naam")
        regelingen = Regeling.objects.none()
        if self.request is not None:
            buurten = beperk_tot_wijken(buurten, self.request.user)
            # Only the schemes the user's queue has applications of.
            zichtbaar = AanvraagPermissionPolicy().instances_user_has_any_permission_for(
                self.request.user, ["view", "change"]
            )
            regelingen = Regeling.objects.filter(
                pk__in=zichtbaar.order_by().values("regeling_id")
            ).order_by("titel")
        self.filters["buurt"].queryset = buurten
        self.filters["regeling"].queryset = regelingen

    def filter_wachttijd(self, queryset, name, value):
        wachtend = queryset.filter(status__in=AanvraagViewSet.urgente_statussen)
        if value == "boven_norm":
            return wachtend.filter(_boven_norm())
        if value == "binnen_norm":
            return wachtend.exclude(_boven_norm())
        return queryset

    def filter_toegewezen(self, queryset, name, value):
        if value == "mij":
            return queryset.filter(behandelaar=self.request.user)
        if value == "niemand":
            return queryset.filter(behandelaar__isnull=True)
        return queryset


# --- Columns --------------------------------------------------------------------------------


class WachttijdColumn(Column):
    """Days since the (last) submission, for applications still waiting for a decision."""

    def __init__(self):
        super().__init__("wachttijd", label=_("Waiting (days)"), sort_key="ingediend_op")

    def get_value(self, instance):
        if instance.status not in AanvraagViewSet.urgente_statussen or not instance.ingediend_op:
            return ""
        return (timezone.now() - instance.ingediend_op).days


class BehandelaarColumn(Column):
    def __init__(self):
        super().__init__("behandelaar", label=_("Assessed by"))

    def get_value(self, instance):
        return naam_van(instance.behandelaar) if instance.behandelaar_id else ""


# --- Decision forms -------------------------------------------------------------------------

NOTITIE = {
    "label": _("Internal note"),
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 3}),
    "help_text": _("Only staff see this note."),
}


class InBehandelingFormulier(BesluitFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Assessed by"),
        queryset=None,
        empty_label=None,
        help_text=_("Yourself or a colleague of the district."),
    )
    notitie = forms.CharField(**NOTITIE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        veld.label_from_instance = naam_van
        veld.initial = self.gebruiker.pk


class AanpassingFormulier(BesluitFormulier):
    bericht = forms.CharField(
        label=_("What should the resident change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The resident receives this message by e-mail."),
        error_messages={"required": _("Tell the resident what to change.")},
    )
    notitie = forms.CharField(**NOTITIE)


class GoedkeurenFormulier(BesluitFormulier):
    bedrag = forms.DecimalField(
        label=_("Amount granted (EUR)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        help_text=_("At most the amount requested."),
    )
    motivatie = forms.CharField(
        label=_("Motivation (for the resident)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notitie = forms.CharField(**NOTITIE)
    overschrijding = forms.CharField(
        label=_("Approve beyond the budget: motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only administrators. Leave empty unless the budget is insufficient."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aanvraag = self.item
        if aanvraag.status == S.TWEEDE_AKKOORD or aanvraag.regeling.heeft_vast_bedrag:
            del self.fields["bedrag"]  # fixed by the first approval or by the scheme
        else:
            self.fields["bedrag"].initial = aanvraag.gevraagd_bedrag
        if not heeft_alle_wijken(self.gebruiker):
            del self.fields["overschrijding"]

    def clean_bedrag(self):
        bedrag = self.cleaned_data["bedrag"]
        gevraagd = self.item.gevraagd_bedrag or Decimal("0.00")
        if bedrag is not None and bedrag > gevraagd:
            raise forms.ValidationError(
                _("The amount granted cannot be more than the amount requested (€ %(bedrag)s).")
                % {"bedrag": localize(gevraagd)}
            )
        return bedrag


class AfwijzenFormulier(BesluitFormulier):
    motivatie = forms.CharField(
        label=_("Reason for the rejection (for the resident)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Name the scheme rule the rejection is based on."),
        error_messages={
            "required": _("Give the reason for the rejection, with the scheme rule it is based on.")
        },
    )
    notitie = forms.CharField(**NOTITIE)


class UitbetalenFormulier(BesluitFormulier):
    bedrag = forms.DecimalField(
        label=_("Amount paid (EUR)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
    )
    datum = forms.DateField(label=_("Payment date"), widget=forms.DateInput(attrs={"type": "date"}))
    kenmerk = forms.CharField(label=_("Payment reference"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bedrag"].initial = self.item.toegekend_bedrag
        self.fields["datum"].initial = timezone.localdate()

    def clean_bedrag(self):
        bedrag = self.cleaned_data["bedrag"]
        if self.item.toegekend_bedrag is not None and bedrag > self.item.toegekend_bedrag:
            raise forms.ValidationError(_("The payment cannot exceed the approved amount."))
        return bedrag


class SluitenFormulier(BesluitFormulier):
    notitie = forms.CharField(**NOTITIE)


def _in_behandeling(aanvraag, *, door, data):
    return besluiten.in_behandeling_nemen(
        aanvraag, door=door, behandelaar=data["behandelaar"], notitie=data["notitie"]
    )


def _aanpassing(aanvraag, *, door, data):
    return besluiten.aanpassing_vragen(
        aanvraag, door=door, bericht=data["bericht"], notitie=data["notitie"]
    )


def _goedkeuren(aanvraag, *, door, data):
    return besluiten.goedkeuren(
        aanvraag,
        door=door,
        bedrag=data.get("bedrag"),
        motivatie=data["motivatie"],
        notitie=data["notitie"],
        overschrijding=data.get("overschrijding", ""),
    )


def _afwijzen(aanvraag, *, door, data):
    return besluiten.afwijzen(
        aanvraag, door=door, motivatie=data["motivatie"], notitie=data["notitie"]
    )


def _uitbetalen(aanvraag, *, door, data):
    return besluiten.uitbetalen(
        aanvraag, door=door, bedrag=data["bedrag"], datum=data["datum"], kenmerk=data["kenmerk"]
    )


def _sluiten(aanvraag, *, door, data):
    return besluiten.sluiten(aanvraag, door=door, notitie=data["notitie"])


BESLUITEN = [
    Besluit(
        "in_behandeling",
        _("Take into assessment"),
        (S.IN_BEHANDELING,),
        InBehandelingFormulier,
        _in_behandeling,
    ),
    Besluit(
        "aanpassing",
        _("Request changes"),
        (S.AANPASSING_GEVRAAGD,),
        AanpassingFormulier,
        _aanpassing,
        knop_klasse="button button-secondary",
    ),
    Besluit(
        "goedkeuren",
        _("Approve"),
        (S.GOEDGEKEURD, S.TWEEDE_AKKOORD),
        GoedkeurenFormulier,
        _goedkeuren,
        uitleg=_(
            "Above the scheme's four-eyes threshold a second person approves as well. The "
            "amount is reserved in this year's district budget."
        ),
    ),
    Besluit(
        "afwijzen",
        _("Reject"),
        (S.AFGEWEZEN,),
        AfwijzenFormulier,
        _afwijzen,
        knop_klasse="button no",
    ),
    Besluit("uitbetalen", _("Mark as paid"), (S.UITBETAALD,), UitbetalenFormulier, _uitbetalen),
    Besluit(
        "sluiten",
        _("Close"),
        (S.AFGESLOTEN,),
        SluitenFormulier,
        _sluiten,
        knop_klasse="button button-secondary",
    ),
]


# --- The viewset ----------------------------------------------------------------------------


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
        TitleColumn("referentie", label=_("Reference"), sort_key="referentie"),
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
        return {
            "aanvrager": item.aanvrager,
            "huishoudens": list(item.huishoudens.all()),
            "bijlagen": list(item.bijlagen.all()),
            "budget": budget,
            "positie": budget.positie() if budget else None,
            "budgetjaar": jaar,
        }
