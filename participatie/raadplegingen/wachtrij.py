"""The review queue's item type "quotes from consultations": open-text answers that wait for
the decision whether they may be quoted on the results page.

It plugs into the one queue mechanism of ``participatie.wachtrij`` exactly like the play-space
map's item types (``speelkaart/admin_wachtrij.py``): the district scoping comes from
``rechten.AntwoordPermissionPolicy`` (the respondent's district), the possible transitions
from ``statemachine``, and both decisions call ``besluiten``, which checks the district again.
Staff thereby see every open answer of their scope, with its question and consultation.

No respondent identity anywhere: not in the listing, the detail screen, the export or the
history (a resident's own change shows as "Resident").
"""

from django import forms
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

import django_filters

from participatie.wachtrij import (
    Besluit,
    BesluitFormulier,
    WachtrijViewSet,
    registreer_wachtrij,
)

from . import besluiten
from .constants import CitaatStatus
from .models import Antwoord, Raadpleging
from .rechten import AntwoordPermissionPolicy
from .resultaten import vraagtekst
from .statemachine import OngeldigeOvergang, volgende

C = CitaatStatus
BEOORDELAAR_STATUSSEN = frozenset({C.GOEDGEKEURD, C.AFGEWEZEN})


class GoedkeurenFormulier(BesluitFormulier):
    notitie = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Only staff see this note."),
    )


class NietCiterenFormulier(BesluitFormulier):
    reden = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Internal: only staff see the reason, the resident does not."),
        error_messages={"required": _("Give the reason why this answer is not quoted.")},
    )


def _goedkeuren(antwoord, *, door, data):
    return besluiten.citaat_goedkeuren(antwoord, door=door, notitie=data["notitie"])


def _niet_citeren(antwoord, *, door, data):
    return besluiten.citaat_afwijzen(antwoord, door=door, reden=data["reden"])


class CitaatFilterSet(WagtailFilterSet):
    citaat_status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(k, v) for k, v in C.choices if k != C.GEEN],
        field_name="citaat_status",
    )
    raadpleging = django_filters.ModelChoiceFilter(
        label=_("Consultation"), queryset=Raadpleging.objects.none()
    )

    class Meta:
        model = Antwoord
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:  # only consultations with answers in the user's scope
            antwoorden = AntwoordPermissionPolicy().instances_user_has_any_permission_for(
                self.request.user, ["view", "change"]
            )
            self.filters["raadpleging"].queryset = (
                Raadpleging.objects.filter(pk__in=antwoorden.values("raadpleging_id"))
                .only("pk", "titel")
                .order_by("titel")
            )


def _vraag(antwoord) -> str:
    return vraagtekst(antwoord.raadpleging, antwoord.vraag)


def _wijk(antwoord) -> str:
    return antwoord.wijk.naam if antwoord.wijk_id else gettext("District unknown")


class CitatenViewSet(WachtrijViewSet):
    model = Antwoord
    name = "raadpleging_antwoorden"
    url_prefix = "raadplegingen/antwoorden"
    icon = "openquote"
    menu_label = _("Quotes from consultations")
    menu_order = 325
    add_to_admin_menu = True
    permission_policy = AntwoordPermissionPolicy()
    filterset_class = CitaatFilterSet
    list_per_page = 50
    ordering = "gewijzigd"  # the longest waiting first
    search_fields = ["tekst"]
    search_backend_name = None
    ongeldige_overgang = OngeldigeOvergang
    status_veld = "citaat_status"
    wacht_veld = "gewijzigd"  # a changed answer waits again from its change
    wachtende_statussen = (C.WACHT,)
    urgente_statussen = (C.WACHT,)
    list_display = [
        TitleColumn(
            "tekst",
            label=_("Answer"),
            accessor=lambda a: Truncator(a.tekst).chars(80),
            get_url=lambda a: reverse("raadpleging_antwoorden:inspect", args=[a.pk]),
        ),
        Column("raadpleging", label=_("Consultation"), accessor="raadpleging.titel"),
        Column("vraag", label=_("Question"), accessor=_vraag),
        Column("wijk", label=_("District"), accessor=_wijk),
        Column(
            "citaat_status",
            label=_("Status"),
            accessor="get_citaat_status_display",
            sort_key="citaat_status",
        ),
        DateColumn("gewijzigd", label=_("Last changed"), sort_key="gewijzigd"),
    ]
    list_export = ["raadpleging.titel", "vraag_tekst", "tekst", "wijk_naam", "status", "gewijzigd"]
    export_headings = {
        "raadpleging.titel": _("Consultation"),
        "vraag_tekst": _("Question"),
        "tekst": _("Answer"),
        "wijk_naam": _("District"),
        "status": _("Status"),
        "gewijzigd": _("Last changed"),
    }
    export_functies = {
        "vraag_tekst": _vraag,
        "wijk_naam": _wijk,
        "status": lambda a: a.get_citaat_status_display(),
    }
    export_filename = "raadpleging-citaten"
    detail_velden = ["raadpleging", "vraag", "tekst", "wijk", "citaat_status", "gewijzigd"]
    besluiten = [
        Besluit(
            "citeren",
            _("May be quoted"),
            (C.GOEDGEKEURD,),
            GoedkeurenFormulier,
            _goedkeuren,
            uitleg=_("The answer may appear on the results page, without any name."),
        ),
        Besluit(
            "niet_citeren",
            _("Do not quote"),
            (C.AFGEWEZEN,),
            NietCiterenFormulier,
            _niet_citeren,
            knop_klasse="button no",
            uitleg=_("The answer still counts; it is only not quoted."),
        ),
    ]

    def volgende_statussen(self, item):
        return [status for status in volgende(item) if status in BEOORDELAAR_STATUSSEN]

    def veld_label(self, naam):
        labels = {
            "vraag": _("Question"),
            "tekst": _("Answer"),
            "wijk": _("District"),
            "citaat_status": _("Status"),
            "gewijzigd": _("Last changed"),
        }
        return labels.get(naam) or super().veld_label(naam)

    def veld_waarde(self, item, naam):
        if naam == "vraag":
            return _vraag(item) or "—"
        if naam == "wijk":
            return _wijk(item)
        return super().veld_waarde(item, naam)


citaten_viewset = CitatenViewSet()


@hooks.register("register_admin_viewset")
def registreer_citaten():
    # Counted in "Wacht op u" from here, after the applications (registered when
    # participatie/wagtail_hooks.py is imported), which the panel lists first.
    return registreer_wachtrij(citaten_viewset)
