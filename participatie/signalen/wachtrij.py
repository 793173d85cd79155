"""Signals in the district team's review queue (admin "Signalen"), the district's digital
logbook.

Dependency: this module plugs into the one queue mechanism of ``participatie.wachtrij`` (listing,
detail screen, decision forms, internal notes, assignment, the dashboard panel "Wacht op u");
it adds only what signals need on top: a decision that keeps the status (linking a programme
theme, offered while the signal is open) and the logged request to see the sender ("Toon
melder"). District scoping comes from ``rechten.SignaalPermissionPolicy``, the transitions from
``statemachine``, and every decision calls its function in ``besluiten``, which checks the
district again.

Privacy: the sender's name and e-mail address are in no column, detail field, export or history
row here; the history says "Resident" for the sender's own changes. Only "Toon melder" shows
them, once, after a reason, and logs the request.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

import django_filters

from participatie.wachtrij import (
    Besluit,
    BesluitView,
    WachtrijFormView,
    WachtrijViewSet,
    naam_van,
    registreer_wachtrij,
)

from . import besluiten, forms
from .constants import SignaalStatus as S
from .models import Signaal, SignaalCategorie
from .rechten import SignaalPermissionPolicy, mag_melder_zien
from .statemachine import OPENSTAANDE_SIGNALEN, OngeldigeOvergang, volgende


@dataclass(frozen=True)
class SignaalBesluit(Besluit):
    """A decision offered only from the statuses in ``vanuit`` (empty: from any). "Take into
    handling" and "Reopen" both lead to "being handled", from an open or a closed signal; a
    decision without ``naar`` keeps the status (linking a programme theme)."""

    vanuit: frozenset = frozenset()

    def is_mogelijk(self, volgende_statussen) -> bool:
        return not self.naar or super().is_mogelijk(volgende_statussen)

    def past_bij(self, signaal) -> bool:
        return not self.vanuit or signaal.status in self.vanuit


class SignaalBesluitView(BesluitView):
    def weigering(self):
        if not self.besluit.past_bij(self.item):
            return gettext("This decision is not possible in the current status.")
        return super().weigering()


class MelderView(WachtrijFormView):
    """ "Toon melder": the sender's name and e-mail address, once, after a reason; logged."""

    form_class = forms.MelderFormulier
    page_title = _("Show sender")
    knop_label = _("Show sender")
    uitleg = _(
        "Ask only when the district team needs to contact the sender. The request is logged "
        "with your name and reason."
    )

    def form_valid(self, form):
        try:
            melder = besluiten.toon_melder(
                self.item, door=self.request.user, reden=form.cleaned_data["reden"]
            )
        except ValidationError as fout:
            form.add_error(None, fout.messages[0])
            return self.form_invalid(form)
        response = TemplateResponse(
            self.request,
            "participatie/signalen/admin/melder.html",
            {
                **self.get_context_data(form=form),
                "melder": melder,
                "reden": form.cleaned_data["reden"],
            },
        )
        response["Cache-Control"] = "private, no-store"
        return response


def _uitvoeren(functie, *velden):
    def uitvoeren(signaal, *, door, data):
        return functie(signaal, door=door, **{veld: data[veld] for veld in velden})

    return uitvoeren


class SignaalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=S.choices)
    categorie = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=SignaalCategorie.objects.all()
    )

    class Meta:
        model = Signaal
        fields = []


def _behandelaar(signaal) -> str:
    return naam_van(signaal.behandelaar) if signaal.behandelaar_id else ""


class SignaalViewSet(WachtrijViewSet):
    model = Signaal
    name = "signalen_wachtrij"
    url_prefix = "signalen"
    icon = "comment"
    menu_label = _("Signals")
    menu_order = 306
    add_to_admin_menu = True
    permission_policy = SignaalPermissionPolicy()
    filterset_class = SignaalFilterSet
    besluit_view_class = SignaalBesluitView
    ongeldige_overgang = OngeldigeOvergang
    list_per_page = 50
    ordering = "aangemaakt"  # the longest waiting first
    search_backend_name = None  # database search: the text is not in the site's search index
    search_fields = ["tekst"]
    wachtende_statussen = (S.INGEDIEND, S.IN_BEHANDELING, S.DOORGESTUURD)
    urgente_statussen = (S.INGEDIEND,)
    toewijsbare_statussen = tuple(OPENSTAANDE_SIGNALEN - {S.INGEDIEND})
    list_display = [
        TitleColumn(
            "categorie",
            label=_("Category"),
            accessor="categorie.naam",
            get_url=lambda s: reverse("signalen_wachtrij:inspect", args=[s.pk]),
        ),
        Column("tekst", label=_("Signal"), accessor=lambda s: Truncator(s.tekst).chars(80)),
        Column(
            "buurt", label=_("Neighbourhood"), accessor=lambda s: s.buurt.naam if s.buurt else ""
        ),
        Column("wijk", label=_("District"), accessor="wijk.naam"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        DateColumn("aangemaakt", label=_("Received"), sort_key="aangemaakt"),
        Column("behandelaar", label=_("Handled by"), accessor=_behandelaar),
    ]
    # No column names the sender.
    list_export = [
        "categorie.naam",
        "tekst",
        "buurt_naam",
        "wijk.naam",
        "get_status_display",
        "doorgestuurd_naar",
        "programmathema",
        "antwoord",
        "aangemaakt",
        "behandelaar_naam",
    ]
    export_headings = {
        "categorie.naam": _("Category"),
        "tekst": _("Signal"),
        "buurt_naam": _("Neighbourhood"),
        "wijk.naam": _("District"),
        "get_status_display": _("Status"),
        "doorgestuurd_naar": _("Forwarded to"),
        "programmathema": _("Programme theme"),
        "antwoord": _("Reply to the resident"),
        "aangemaakt": _("Received"),
        "behandelaar_naam": _("Handled by"),
    }
    export_functies = {
        "buurt_naam": lambda s: s.buurt.naam if s.buurt_id else "",
        "behandelaar_naam": _behandelaar,
    }
    export_filename = "signalen"
    # The sender and the stored photo's name stay out; the photo has its own panel.
    detail_velden = [
        "categorie",
        "tekst",
        "buurt",
        "wijk",
        "lat",
        "lon",
        "status",
        "doorgestuurd_naar",
        "programmathema",
        "programma",
        "antwoord",
        "aangemaakt",
        "gewijzigd",
    ]
    detail_extra_template = "participatie/signalen/admin/signaal_extra.html"
    besluiten = [
        SignaalBesluit(
            "in_behandeling",
            _("Take into handling"),
            (S.IN_BEHANDELING,),
            forms.InBehandelingFormulier,
            _uitvoeren(
                besluiten.in_behandeling_nemen,
                "behandelaar",
                "programmathema",
                "programma",
                "motivatie",
                "notitie",
            ),
            vanuit=OPENSTAANDE_SIGNALEN,
        ),
        SignaalBesluit(
            "doorsturen",
            _("Forward to a partner"),
            (S.DOORGESTUURD,),
            forms.DoorsturenFormulier,
            _uitvoeren(besluiten.doorsturen, "doorgestuurd_naar", "motivatie", "notitie"),
            knop_klasse="button button-secondary",
        ),
        SignaalBesluit(
            "koppelen",
            _("Link to a programme theme"),
            (),
            forms.KoppelenFormulier,
            _uitvoeren(besluiten.koppel_programmathema, "programmathema", "programma", "notitie"),
            knop_klasse="button button-secondary",
            uitleg=_("The status stays; the link is recorded as an internal note."),
            vanuit=OPENSTAANDE_SIGNALEN,
        ),
        SignaalBesluit(
            "afsluiten",
            _("Close with a reply"),
            (S.AFGESLOTEN,),
            forms.AfsluitenFormulier,
            _uitvoeren(besluiten.afsluiten, "antwoord", "notitie"),
        ),
        SignaalBesluit(
            "heropenen",
            _("Reopen"),
            (S.IN_BEHANDELING,),
            forms.HeropenenFormulier,
            _uitvoeren(besluiten.heropenen, "behandelaar", "motivatie", "notitie"),
            knop_klasse="button button-secondary",
            vanuit=frozenset({S.AFGESLOTEN}),
        ),
    ]

    def volgende_statussen(self, item):
        return list(volgende(item))

    def mogelijke_besluiten(self, item):
        return [b for b in super().mogelijke_besluiten(item) if b.past_bij(item)]

    def veld_label(self, naam):
        labels = {
            "lat": _("Latitude"),
            "lon": _("Longitude"),
            "tekst": _("Signal"),
            "aangemaakt": _("Received"),
        }
        return labels.get(naam) or super().veld_label(naam)

    def get_detail_extra_context(self, item, request):
        return {
            "foto_url": reverse("signalen:foto", kwargs={"pk": item.pk}) if item.foto else "",
            "melder_url": reverse(self.get_url_name("melder"), args=[item.pk]),
            "melder_formulier": forms.MelderFormulier(
                item=item, gebruiker=request.user, wachtrij=self
            ),
            "mag_melder_zien": mag_melder_zien(request.user, item),
            "inzagen": besluiten.inzagen(item),
        }

    @property
    def melder_view(self):
        return MelderView.as_view(**self._object_view_kwargs())

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"<{self.pk_path_converter}:pk>/melder/", self.melder_view, name="melder"),
        ]


signalen_viewset = SignaalViewSet()


@hooks.register("register_admin_viewset")
def register_signalen_wachtrij():
    # Counted in "Wacht op u" from here, after the applications (registered when
    # participatie/wagtail_hooks.py is imported), which the panel lists first.
    return registreer_wachtrij(signalen_viewset)
