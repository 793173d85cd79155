"""Play spaces in the Wagtail admin, per district: "Speelplekken" (list, add, edit, delete).

- **Access**: only ``SpeelplekPermissionPolicy`` (``rechten_speelplek.py``) decides, for the
  listing and for every URL that names a play space by id (edit, delete, history, usage): the
  views look the play space up among those the policy grants the user, so a coordinator of
  another district gets 404 (403 where the role lacks the action, e.g. deleting). Roles
  without play-space permissions (editors) are refused the whole namespace by
  ``portal/accounts/adminrechten.py`` (``speelplekken:*``).
- **The form** (``SpeelplekFormulier``) refuses a point in a district the user does not act for
  (a coordinator cannot move a play space out of, or create one outside, their districts),
  makes the slug once from the name (``slugs.py``) and shows the photos only to users who may
  choose images (the image chooser is theirs only: adminrechten.py); for anyone else the
  photos are left as they are.
- **Location**: ``widgets.LocatieKiezer``, the residents' picker (mouse or keyboard), which
  opens on the coordinator's own districts.

Source, source id and outline come from the import (``importeren.py``) and are not edited here;
the next import overwrites the fields its feature states.
"""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from portal.accounts.adminrechten import heeft_afbeeldingrechten
from portal.accounts.scoping import wijk_ids_van
from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt
from portal.gebieden.models import Wijk

from .constants import LEEFTIJDEN, VOORZIENINGEN, SpeelplekSoort, SpeelplekStatus
from .models import Speelplek
from .rechten_speelplek import ALLE_ACTIES, SpeelplekPermissionPolicy, mag_plaatsen_in
from .slugs import unieke_slug
from .widgets import LocatieKiezer

# District and neighbourhood boundaries are large GeoJSON that these screens never show.
ZONDER_GRENZEN = ("wijk__grens", "buurt__grens")


def _veldlabel(naam: str):
    return capfirst(Speelplek._meta.get_field(naam).verbose_name)


# --- Scoped views ----------------------------------------------------------------------------


class InWijkMixin:
    """For views of one play space: it is looked up among the play spaces the policy grants
    this user for any action, so another district's id answers 404 like a missing one. The
    view's own permission check (e.g. "delete") still applies on top."""

    def get_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ALLE_ACTIES
            )
            .select_related("buurt", "wijk")
            .defer(*ZONDER_GRENZEN)
        )

    def get_base_object_queryset(self):  # history and usage views
        return self.get_queryset()


class SpeelplekIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, self.any_permission_required
            )
            .select_related("wijk")
            .defer("wijk__grens")
        )


class SpeelplekEditView(InWijkMixin, generic.EditView):
    pass


class SpeelplekDeleteView(InWijkMixin, generic.DeleteView):
    pass


class SpeelplekHistoryView(InWijkMixin, HistoryView):
    pass


class SpeelplekUsageView(InWijkMixin, UsageView):
    pass


# --- Listing filters -------------------------------------------------------------------------


class SpeelplekFilterSet(WagtailFilterSet):
    wijk = django_filters.ModelChoiceFilter(label=_veldlabel("wijk"), queryset=Wijk.objects.none())
    soort = django_filters.ChoiceFilter(label=_veldlabel("soort"), choices=SpeelplekSoort.choices)
    status = django_filters.ChoiceFilter(
        label=_veldlabel("status"), choices=SpeelplekStatus.choices
    )

    class Meta:
        model = Speelplek
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wijken = Wijk.objects.defer("grens").order_by("volgorde", "naam")
        if self.request is not None:
            ids = wijk_ids_van(self.request.user)
            if ids is not None:  # only the user's own districts to choose from
                wijken = wijken.filter(pk__in=ids)
        self.filters["wijk"].queryset = wijken


# --- The form --------------------------------------------------------------------------------


class SpeelplekFormulier(WagtailAdminModelForm):
    """The play-space form; ``for_user`` is the user saving it (Wagtail passes it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "fotos" in self.formsets and not (user and heeft_afbeeldingrechten(user)):
            # Without the image chooser the photos cannot be edited: leave them as they are.
            del self.formsets["fotos"]
        kiezer = self.fields["lon"].widget if "lon" in self.fields else None
        if isinstance(kiezer, LocatieKiezer):
            if self.instance.pk and self.instance.buurt_id:
                kiezer.gekozen = {
                    "buurt": self.instance.buurt.naam,
                    "wijk": self.instance.wijk.naam,
                }
            ids = wijk_ids_van(user) if user else None
            if ids:  # open the map on a coordinator's own districts
                kiezer.wijken = sorted(
                    Wijk.objects.filter(pk__in=ids).values_list("slug", flat=True)
                )

    def clean(self):
        cleaned_data = super().clean()
        lat, lon = cleaned_data.get("lat"), cleaned_data.get("lon")
        if lat is None or lon is None or self.for_user is None:
            return cleaned_data
        try:
            locatie = buurt_voor_punt(lat, lon)
        except PuntBuitenDelft:
            return cleaned_data  # the model's clean() says so, at the latitude field
        if not mag_plaatsen_in(self.for_user, locatie.wijk):
            self.add_error(
                "lat",
                ValidationError(
                    gettext(
                        "This place lies in %(buurt)s, district %(wijk)s. You can only place "
                        "play spaces in your own districts."
                    )
                    % {"buurt": locatie.buurt.naam, "wijk": locatie.wijk.naam},
                    code="andere_wijk",
                ),
            )
        return cleaned_data

    def save(self, commit=True):
        if not self.instance.slug:  # made once: the public URL stays when the name changes
            self.instance.slug = unieke_slug(self.instance.naam)
        return super().save(commit=commit)


class FotoPanel(InlinePanel):
    """The photos, for users whose form has them (``SpeelplekFormulier`` removes the formset
    for users who may not choose images); hidden for everyone else."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form = kwargs.get("form")
            self.zonder_fotos = (
                form is not None and kwargs["panel"].relation_name not in form.formsets
            )
            if self.zonder_fotos:
                kwargs["form"] = None  # InlinePanel would look for the formset
            super().__init__(**kwargs)
            if self.zonder_fotos:
                self.form = form

        def is_shown(self):
            return not self.zonder_fotos and super().is_shown()


# --- The viewset -----------------------------------------------------------------------------


class SpeelplekViewSet(ModelViewSet):
    model = Speelplek
    name = "speelplekken"
    url_prefix = "speelplekken"
    icon = "globe"
    menu_order = 305
    add_to_admin_menu = True
    permission_policy = SpeelplekPermissionPolicy()
    index_view_class = SpeelplekIndexView
    edit_view_class = SpeelplekEditView
    delete_view_class = SpeelplekDeleteView
    history_view_class = SpeelplekHistoryView
    usage_view_class = SpeelplekUsageView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_per_page = 50

    list_display = [
        "naam",
        "soort",
        "wijk",
        "status",
        Column("aantal_waarderingen", label=_("Ratings"), sort_key="aantal_waarderingen"),
    ]
    filterset_class = SpeelplekFilterSet
    search_fields = ["naam", "beheerder", "buurt__naam"]
    search_backend_name = None  # the database (icontains): play spaces are not in the index

    edit_handler = ObjectList(
        [
            FieldPanel("naam"),
            FieldPanel("soort"),
            FieldPanel("status"),
            FieldPanel("omschrijving"),
            MultiFieldPanel(
                [FieldPanel("lat"), FieldPanel("lon", widget=LocatieKiezer(lat_veld="lat"))],
                heading=_("Location"),
            ),
            MultiFieldPanel([FieldPanel(veld) for veld in LEEFTIJDEN], heading=_("Age groups")),
            MultiFieldPanel(
                [FieldPanel("toestellen")] + [FieldPanel(veld) for veld in VOORZIENINGEN],
                heading=_("Equipment and facilities"),
            ),
            FieldPanel("beheerder"),
            FotoPanel(
                "fotos",
                heading=_("Photos"),
                label=_("Photo"),
                panels=[FieldPanel("afbeelding"), FieldPanel("alt_tekst")],
            ),
        ],
        base_form_class=SpeelplekFormulier,
    )


speelplek_viewset = SpeelplekViewSet()


@hooks.register("register_admin_viewset")
def registreer_speelplekken():
    return speelplek_viewset
