"""The review queue's play-map item types: comments (a rating's ``opmerking``), defect reports
and wishes.

Dependency: this module plugs into the one queue mechanism of ``participatie.wachtrij`` (listing,
detail screen, decision forms, internal notes, assignment, the dashboard panel "Wacht op u");
it adds no queue machinery of its own. Per item type: the district scoping comes from its
permission policy (``rechten``), the possible transitions from ``statemachine``, and every
decision calls its function in ``besluiten``, which checks the district again.
"""

from django import forms
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup

import django_filters

from participatie.wachtrij import (
    Besluit,
    BesluitFormulier,
    WachtrijViewSet,
    naam_van,
    registreer_wachtrij,
)

from . import besluiten
from .constants import MeldingCategorie, MeldingStatus, OpmerkingStatus, WensSoort, WensStatus
from .models import Melding, Waardering, Wens
from .rechten import MeldingPermissionPolicy, OpmerkingPermissionPolicy, WensPermissionPolicy
from .statemachine import OngeldigeOvergang, volgende

M, OPM, W = MeldingStatus, OpmerkingStatus, WensStatus

# --- Decision forms -----------------------------------------------------------------------

NOTITIE = {
    "label": _("Internal note"),
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 3}),
    "help_text": _("Only staff see this note."),
}


class MotivatieFormulier(BesluitFormulier):
    motivatie = forms.CharField(
        label=_("Message for the resident"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. The resident sees this text."),
    )
    notitie = forms.CharField(**NOTITIE)


class VerplichteMotivatieFormulier(BesluitFormulier):
    motivatie = forms.CharField(
        label=_("Reason (for the resident)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The resident sees this text."),
        error_messages={"required": _("Give the reason; the resident sees it.")},
    )
    notitie = forms.CharField(**NOTITIE)


class InBehandelingFormulier(MotivatieFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Handled by"),
        queryset=None,
        empty_label=None,
        help_text=_("Yourself or a colleague of the district."),
    )
    field_order = ["behandelaar", "motivatie", "notitie"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        veld.label_from_instance = naam_van
        veld.initial = self.gebruiker.pk


def _met_motivatie(functie):
    """A decision whose domain function takes a motivation and an internal note."""

    def uitvoeren(item, *, door, data):
        return functie(item, door=door, motivatie=data["motivatie"], notitie=data["notitie"])

    return uitvoeren


def _melding_in_behandeling(melding, *, door, data):
    return besluiten.melding_in_behandeling(
        melding,
        door=door,
        behandelaar=data["behandelaar"],
        motivatie=data["motivatie"],
        notitie=data["notitie"],
    )


# --- Shared -------------------------------------------------------------------------------


def _status_filter(keuzes, veld="status"):
    return django_filters.ChoiceFilter(label=_("Status"), choices=keuzes, field_name=veld)


class _SpeelkaartWachtrij(WachtrijViewSet):
    """What the three item types share: the state machine of ``statemachine`` narrowed to the
    reviewer's statuses, database search. (The history is the queue's: ``Overgang`` rows.)"""

    add_to_admin_menu = False  # in the group below
    list_per_page = 50
    ordering = "aangemaakt"  # the longest waiting first
    ongeldige_overgang = OngeldigeOvergang
    search_backend_name = None
    # The statuses a reviewer moves an item to; the others are the resident's doing.
    beoordelaar_statussen: frozenset[str] = frozenset()

    def volgende_statussen(self, item):
        return [status for status in volgende(item) if status in self.beoordelaar_statussen]

    def veld_label(self, naam):
        labels = {"aangemaakt": _("Created"), "gewijzigd": _("Last changed")}
        return labels.get(naam) or super().veld_label(naam)


# --- Comments -----------------------------------------------------------------------------


class OpmerkingFilterSet(WagtailFilterSet):
    opmerking_status = _status_filter(
        [(k, v) for k, v in OPM.choices if k != OPM.GEEN], veld="opmerking_status"
    )

    class Meta:
        model = Waardering
        fields = []


class OpmerkingViewSet(_SpeelkaartWachtrij):
    """Comments of ratings: published after moderation; the scores count without it."""

    model = Waardering
    name = "speelkaart_opmerkingen"
    url_prefix = "speelkaart/opmerkingen"
    icon = "comment"
    menu_label = _("Comments")
    permission_policy = OpmerkingPermissionPolicy()
    filterset_class = OpmerkingFilterSet
    ordering = "gewijzigd"
    status_veld = "opmerking_status"
    wacht_veld = "gewijzigd"  # an edited comment waits again from its change
    wachtende_statussen = (OPM.WACHT,)
    urgente_statussen = (OPM.WACHT,)
    beoordelaar_statussen = frozenset({OPM.GEPUBLICEERD, OPM.AFGEWEZEN})
    search_fields = ["opmerking", "speelplek__naam"]
    # Who wrote a comment is not needed to moderate it: no resident's name anywhere here.
    list_display = [
        TitleColumn(
            "speelplek",
            label=_("Play space"),
            accessor="speelplek.naam",
            get_url=lambda w: reverse("speelkaart_opmerkingen:inspect", args=[w.pk]),
        ),
        Column(
            "opmerking", label=_("Comment"), accessor=lambda w: Truncator(w.opmerking).chars(80)
        ),
        Column(
            "opmerking_status",
            label=_("Status"),
            accessor="get_opmerking_status_display",
            sort_key="opmerking_status",
        ),
        DateColumn("gewijzigd", label=_("Last changed"), sort_key="gewijzigd"),
    ]
    list_export = ["speelplek.naam", "opmerking", "get_opmerking_status_display", "gewijzigd"]
    export_headings = {
        "speelplek.naam": _("Play space"),
        "opmerking": _("Comment"),
        "get_opmerking_status_display": _("Status"),
        "gewijzigd": _("Last changed"),
    }
    export_filename = "speelkaart-opmerkingen"
    detail_velden = [
        "speelplek",
        "opmerking",
        "opmerking_status",
        "speelwaarde",
        "veiligheid",
        "onderhoud",
        "leeftijd",
        "aangemaakt",
        "gewijzigd",
    ]
    besluiten = [
        Besluit(
            "publiceren",
            _("Publish"),
            (OPM.GEPUBLICEERD,),
            MotivatieFormulier,
            _met_motivatie(besluiten.opmerking_publiceren),
        ),
        Besluit(
            "afwijzen",
            _("Do not publish"),
            (OPM.AFGEWEZEN,),
            VerplichteMotivatieFormulier,
            _met_motivatie(besluiten.opmerking_afwijzen),
            knop_klasse="button no",
            uitleg=_("The scores still count; only the comment is not shown."),
        ),
    ]


# --- Defect reports -----------------------------------------------------------------------


class MeldingFilterSet(WagtailFilterSet):
    status = _status_filter(M.choices)
    categorie = django_filters.ChoiceFilter(label=_("Category"), choices=MeldingCategorie.choices)

    class Meta:
        model = Melding
        fields = []


class MeldingViewSet(_SpeelkaartWachtrij):
    model = Melding
    name = "speelkaart_meldingen"
    url_prefix = "speelkaart/meldingen"
    icon = "warning"
    menu_label = _("Defect reports")
    permission_policy = MeldingPermissionPolicy()
    filterset_class = MeldingFilterSet
    wachtende_statussen = (M.INGEDIEND, M.IN_BEHANDELING)
    urgente_statussen = (M.INGEDIEND,)
    toewijsbare_statussen = (M.IN_BEHANDELING,)
    beoordelaar_statussen = frozenset({M.IN_BEHANDELING, M.OPGELOST, M.AFGEWEZEN})
    search_fields = ["tekst", "speelplek__naam"]
    list_display = [
        TitleColumn(
            "speelplek",
            label=_("Play space"),
            accessor="speelplek.naam",
            get_url=lambda m: reverse("speelkaart_meldingen:inspect", args=[m.pk]),
        ),
        Column("categorie", label=_("Category"), accessor="get_categorie_display"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("buurt", label=_("Neighbourhood"), accessor="speelplek.buurt.naam"),
        DateColumn("aangemaakt", label=_("Received"), sort_key="aangemaakt"),
        Column(
            "behandelaar",
            label=_("Handled by"),
            accessor=lambda m: naam_van(m.behandelaar) if m.behandelaar_id else "",
        ),
    ]
    list_export = [
        "speelplek.naam",
        "get_categorie_display",
        "tekst",
        "get_status_display",
        "wijk.naam",
        "aangemaakt",
        "behandelaar_naam",
    ]
    export_headings = {
        "speelplek.naam": _("Play space"),
        "get_categorie_display": _("Category"),
        "tekst": _("What is wrong"),
        "get_status_display": _("Status"),
        "wijk.naam": _("District"),
        "aangemaakt": _("Received"),
        "behandelaar_naam": _("Handled by"),
    }
    export_functies = {
        "behandelaar_naam": lambda m: naam_van(m.behandelaar) if m.behandelaar_id else ""
    }
    export_filename = "speelkaart-meldingen"
    # The reporter's identity and the stored file's name stay out; the photo has its own panel.
    detail_velden = ["speelplek", "wijk", "categorie", "tekst", "status", "aangemaakt", "gewijzigd"]
    detail_extra_template = "speelkaart/admin/melding_extra.html"
    besluiten = [
        Besluit(
            "in_behandeling",
            _("Take into handling"),
            (M.IN_BEHANDELING,),
            InBehandelingFormulier,
            _melding_in_behandeling,
        ),
        Besluit(
            "oplossen",
            _("Mark as resolved"),
            (M.OPGELOST,),
            MotivatieFormulier,
            _met_motivatie(besluiten.melding_oplossen),
        ),
        Besluit(
            "afwijzen",
            _("Do not take up"),
            (M.AFGEWEZEN,),
            VerplichteMotivatieFormulier,
            _met_motivatie(besluiten.melding_afwijzen),
            knop_klasse="button no",
        ),
    ]

    def get_detail_extra_context(self, item, request):
        foto_url = reverse("speelkaart:melding_foto", kwargs={"pk": item.pk}) if item.foto else ""
        return {"foto_url": foto_url}


# --- Wishes -------------------------------------------------------------------------------


class WensFilterSet(WagtailFilterSet):
    status = _status_filter(W.choices)
    soort = django_filters.ChoiceFilter(label=_("Kind of wish"), choices=WensSoort.choices)

    class Meta:
        model = Wens
        fields = []


class WensViewSet(_SpeelkaartWachtrij):
    model = Wens
    name = "speelkaart_wensen"
    url_prefix = "speelkaart/wensen"
    icon = "pick"
    menu_label = _("Wishes")
    permission_policy = WensPermissionPolicy()
    filterset_class = WensFilterSet
    wachtende_statussen = (W.INGEDIEND,)
    urgente_statussen = (W.INGEDIEND,)
    beoordelaar_statussen = frozenset(
        {W.GEPUBLICEERD, W.AFGEWEZEN, W.IN_BEHANDELING, W.GEREALISEERD}
    )
    search_fields = ["titel", "tekst", "speelplek__naam", "buurt__naam"]
    list_display = [
        TitleColumn(
            "titel",
            label=_("Wish"),
            sort_key="titel",
            get_url=lambda w: reverse("speelkaart_wensen:inspect", args=[w.pk]),
        ),
        Column("soort", label=_("Kind of wish"), accessor="get_soort_display"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("buurt", label=_("Neighbourhood"), accessor="buurt.naam"),
        Column("aantal_steun", label=_("Supporters"), sort_key="aantal_steun"),
        DateColumn("aangemaakt", label=_("Received"), sort_key="aangemaakt"),
    ]
    list_export = [
        "titel",
        "get_soort_display",
        "tekst",
        "get_status_display",
        "speelplek_naam",
        "buurt.naam",
        "wijk.naam",
        "aantal_steun",
        "aangemaakt",
    ]
    export_headings = {
        "titel": _("Wish"),
        "get_soort_display": _("Kind of wish"),
        "tekst": _("Explanation"),
        "get_status_display": _("Status"),
        "speelplek_naam": _("Play space"),
        "buurt.naam": _("Neighbourhood"),
        "wijk.naam": _("District"),
        "aantal_steun": _("Supporters"),
        "aangemaakt": _("Received"),
    }
    export_functies = {"speelplek_naam": lambda w: w.speelplek.naam if w.speelplek_id else ""}
    export_filename = "speelkaart-wensen"
    detail_velden = [
        "titel",
        "soort",
        "speelplek",
        "buurt",
        "wijk",
        "lat",
        "lon",
        "tekst",
        "status",
        "aantal_steun",
        "aangemaakt",
        "gewijzigd",
    ]
    besluiten = [
        Besluit(
            "publiceren",
            _("Publish"),
            (W.GEPUBLICEERD,),
            MotivatieFormulier,
            _met_motivatie(besluiten.wens_publiceren),
            uitleg=_(
                "Published wishes are shown on the play-space map; residents can support them."
            ),
        ),
        Besluit(
            "in_behandeling",
            _("Mark as being considered"),
            (W.IN_BEHANDELING,),
            MotivatieFormulier,
            _met_motivatie(besluiten.wens_in_behandeling),
            knop_klasse="button button-secondary",
        ),
        Besluit(
            "gerealiseerd",
            _("Mark as realised"),
            (W.GEREALISEERD,),
            MotivatieFormulier,
            _met_motivatie(besluiten.wens_gerealiseerd),
            knop_klasse="button button-secondary",
        ),
        Besluit(
            "afwijzen",
            _("Reject"),
            (W.AFGEWEZEN,),
            VerplichteMotivatieFormulier,
            _met_motivatie(besluiten.wens_afwijzen),
            knop_klasse="button no",
        ),
    ]

    def veld_label(self, naam):
        labels = {"lat": _("Latitude"), "lon": _("Longitude"), "wijk": _("District")}
        return labels.get(naam) or super().veld_label(naam)


# --- Registration -------------------------------------------------------------------------

opmerkingen_viewset = registreer_wachtrij(OpmerkingViewSet())
meldingen_viewset = registreer_wachtrij(MeldingViewSet())
wensen_viewset = registreer_wachtrij(WensViewSet())


class SpeelkaartWachtrijGroep(ViewSetGroup):
    """One menu item "Play-space map queue" with the three item types."""

    menu_label = _("Play-space map queue")
    menu_icon = "tasks"
    menu_order = 305
    items = (opmerkingen_viewset, meldingen_viewset, wensen_viewset)


@hooks.register("register_admin_viewset")
def register_speelkaart_wachtrij():
    return SpeelkaartWachtrijGroep()
