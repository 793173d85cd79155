"""Consultations in the Wagtail admin ("Raadplegingen") and the managed lists.

- **Access**: only ``rechten.RaadplegingPermissionPolicy`` decides, for the listing and for
  every URL that names a consultation by id (edit, delete, history, usage and the actions
  below): the views look it up among those the policy grants the user, so a coordinator of
  another district gets 404 (403 where the role lacks the action). Roles without consultation
  permissions are refused the whole namespace by ``portal/accounts/adminrechten.py``.
- **The form** lets coordinators choose only their own districts and never "citywide"; it
  checks that a consultation closes after it opens and that one that is not citywide has a
  district. The follow-up ("Wat hebben we ermee gedaan") has a tab of its own; its programme
  pages are the live pages of type ``cms.WijkprogrammaPage`` (named by content type: this app
  never imports ``cms``).
- **Actions** (``acties``; confirmation page, then POST): "Repeat next year" (``herhalen.py``),
  "Publish the follow-up" (``opvolging.py``) and "Export responses" as CSV or XLSX
  (``export.py``, only for staff with district rights and only the responses of their
  districts).
- **Managed lists** as snippets (``lijsten``): Wmo topics and signal categories
  (administrators manage; editors and coordinators see the topics).
"""

import json

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from . import export
from .acties import ExportView, HerhalenView, OpvolgingView
from .constants import Fase, ReactieStatus
from .lijsten import SignaalCategorieViewSet, WmoThemaViewSet
from .models import Raadpleging
from .rechten import (
    ALLE_ACTIES,
    RaadplegingPermissionPolicy,
    kiesbare_wijken,
    mag_reacties_exporteren,
    mag_stadsbreed,
)

PROGRAMMA_TYPE = ("cms", "wijkprogrammapage")  # cms.WijkprogrammaPage, by name only
RIJKE_TEKST = ("inleiding", "opvolging")
LEGE_RIJKE_TEKST = json.dumps({"blocks": [], "entityMap": {}})


class RaadplegingFormulier(WagtailAdminModelForm):
    """The consultation form; ``for_user`` is the user saving it (Wagtail passes it)."""

    def __init__(self, *args, **kwargs):
        self.onleesbaar = []
        if kwargs.get("data") is not None:
            kwargs["data"] = self._leesbaar(kwargs["data"])
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "wijken" in self.fields:
            self.fields["wijken"].queryset = kiesbare_wijken(user)
        if "stadsbreed" in self.fields and not mag_stadsbreed(user):
            self.initial["stadsbreed"] = False
            self.fields["stadsbreed"].disabled = True
            self.fields["stadsbreed"].help_text = _(
                "As district coordinator you prepare consultations for your own districts."
            )
        if "opvolging_programmas" in self.fields:
            soort = ContentType.objects.filter(
                app_label=PROGRAMMA_TYPE[0], model=PROGRAMMA_TYPE[1]
            ).first()
            gekoppeld = (
                list(self.instance.opvolging_programmas.values_list("pk", flat=True))
                if self.instance.pk
                else []
            )
            self.fields["opvolging_programmas"].queryset = (
                Page.objects.filter(Q(content_type=soort, live=True) | Q(pk__in=gekoppeld))
                .order_by("title")
                .defer_streamfields()
            )

    def _leesbaar(self, data):
        """A post that did not come from this form (no question list, rich text that is not
        the editor's JSON) gets form errors, where Wagtail's widgets would fail with a 500."""
        data = data.copy()
        data.setdefault("vragen-count", "0")  # no questions: the stream field's own error
        for naam in RIJKE_TEKST:
            if naam in data:
                try:
                    leesbaar = isinstance(json.loads(data[naam]), dict)
                except ValueError:
                    leesbaar = False
                if not leesbaar:
                    data[naam] = LEGE_RIJKE_TEKST
                    self.onleesbaar.append(naam)
        return data

    def clean(self):
        cleaned_data = super().clean()
        for naam in self.onleesbaar:
            self.add_error(naam, _("This text could not be read. Please enter it again."))
        opent, sluit = cleaned_data.get("opent_op"), cleaned_data.get("sluit_op")
        if opent and sluit and sluit <= opent:
            self.add_error("sluit_op", _("The closing date must be after the opening date."))
        wijken = cleaned_data.get("wijken")
        if cleaned_data.get("stadsbreed"):
            if wijken:
                self.add_error(
                    "wijken",
                    _("A citywide consultation has no districts: clear them or turn off citywide."),
                )
        elif "wijken" in cleaned_data and not wijken:
            self.add_error("wijken", _("Choose at least one district, or make it citywide."))
        return cleaned_data


# --- Views scoped by the policy ----------------------------------------------------------------


class ObjectInScopeMixin:
    """Views of one consultation look it up among those the policy grants the user: another
    district's id answers 404 like a missing one. (History and usage list log entries and
    references with ``get_queryset``: there only the object's lookup is narrowed.)"""

    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ALLE_ACTIES
        )


class InScopeMixin(ObjectInScopeMixin):
    def get_queryset(self):  # edit and delete views
        return self.get_base_object_queryset()


class RaadplegingIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, self.any_permission_required
            )
            .select_related("thema")
            .defer("vragen", "inleiding", "opvolging")
            .annotate(
                aantal_reacties=Count(
                    "reacties", filter=Q(reacties__status=ReactieStatus.INGEDIEND)
                )
            )
        )


class RaadplegingEditView(InScopeMixin, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        knoppen = list(super().header_more_buttons)
        r, user = self.object, self.request.user

        def url(naam):
            return reverse(f"raadplegingen_beheer:{naam}", args=[r.pk])

        if r.gepubliceerd:
            resultaten = reverse("raadplegingen:resultaten", args=[r.slug])
            knoppen.append(Button(_("Results page"), url=resultaten, icon_name="view", priority=40))
        if r.herhalen and self.permission_policy.user_has_permission(user, "add"):
            knoppen.append(
                Button(_("Repeat next year"), url=url("herhalen"), icon_name="rotate", priority=50)
            )
        knoppen.append(
            Button(_("Publish the follow-up"), url=url("opvolging"), icon_name="mail", priority=60)
        )
        if mag_reacties_exporteren(user):
            for formaat in export.FORMATEN:
                knoppen.append(
                    Button(
                        _("Export responses (%(formaat)s)") % {"formaat": formaat.upper()},
                        url=f"{url('export')}?formaat={formaat}",
                        icon_name="download",
                        priority=70,
                    )
                )
        return knoppen


class RaadplegingDeleteView(InScopeMixin, generic.DeleteView):
    pass


class RaadplegingHistoryView(ObjectInScopeMixin, HistoryView):
    pass


class RaadplegingUsageView(ObjectInScopeMixin, UsageView):
    pass


def _fase(raadpleging) -> str:
    return dict(Fase.choices)[raadpleging.fase()]


class RaadplegingViewSet(ModelViewSet):
    model = Raadpleging
    name = "raadplegingen_beheer"
    url_prefix = "raadplegingen"
    icon = "clipboard-list"
    menu_label = _("Consultations")
    menu_order = 320
    add_to_admin_menu = True
    permission_policy = RaadplegingPermissionPolicy()
    index_view_class = RaadplegingIndexView
    edit_view_class = RaadplegingEditView
    delete_view_class = RaadplegingDeleteView
    history_view_class = RaadplegingHistoryView
    usage_view_class = RaadplegingUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    search_fields = ["titel"]
    search_backend_name = None
    list_filter = ["thema", "gepubliceerd"]
    list_display = [
        "titel",
        Column("thema", label=_("Wmo topic"), accessor="thema.naam"),
        Column("fase", label=_("Phase"), accessor=_fase),
        DateColumn("opent_op", label=_("Opens"), sort_key="opent_op"),
        DateColumn("sluit_op", label=_("Closes"), sort_key="sluit_op"),
        Column("aantal_reacties", label=_("Responses sent"), sort_key="aantal_reacties"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("titel"),
                    FieldPanel("slug"),
                    FieldPanel("thema", widget=forms.Select),
                    FieldPanel("stadsbreed"),
                    FieldPanel("wijken", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("doelgroep"),
                    FieldRowPanel(
                        [FieldPanel("opent_op"), FieldPanel("sluit_op")], heading=_("Open")
                    ),
                    FieldPanel("inleiding"),
                    FieldPanel("vragen"),
                    FieldPanel("deelname"),
                    FieldPanel("gepubliceerd"),
                    FieldPanel("herhalen"),
                ],
                heading=_("Consultation"),
            ),
            ObjectList(
                [
                    FieldPanel("opvolging"),
                    FieldPanel("opvolging_programmas", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("What we did with it"),
            ),
        ],
        base_form_class=RaadplegingFormulier,
    )

    def _actie_view(self, klasse):
        return klasse.as_view(permission_policy=self.permission_policy)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("herhalen/<int:pk>/", self._actie_view(HerhalenView), name="herhalen"),
            path("opvolging/<int:pk>/", self._actie_view(OpvolgingView), name="opvolging"),
            path("export/<int:pk>/", self._actie_view(ExportView), name="export"),
        ]


raadplegingen_viewset = RaadplegingViewSet()


@hooks.register("register_admin_viewset")
def registreer_raadplegingen():
    # The managed lists are snippets: registered here, as register_snippet would, and not at
    # import, where register_snippet loads every app's hooks before participatie/wagtail_hooks.py
    # has put the applications first in "Wacht op u".
    return [raadplegingen_viewset, WmoThemaViewSet(), SignaalCategorieViewSet()]
