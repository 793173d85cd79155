"""The coordinators' review queue: one mechanism for every item type a district reviews.

Applications (``admin_aanvragen.py``) are the first item type; play-space comments, defect
reports, wishes, consultation answers and signals plug in the same way. The mechanism gives
each item type, on top of Wagtail's ``ModelViewSet`` machinery:

- a listing (filters, search, sorting, pagination, a formula-safe CSV/XLSX export) of exactly
  the items the item type's *permission policy* grants the user (``instances_user_has_any_
  permission_for``): the district scoping lives in that policy, never in the views;
- a detail screen with every field, the history (status timeline), internal notes and the
  assignment to a colleague of the district;
- one form view per *decision* (``Besluit``), offered only when the item type's state machine
  allows one of its target statuses from the current status; the decision calls the item
  type's domain function, and whatever that function refuses (``ValidationError``, an invalid
  transition) is shown as a form error: nothing changes and nothing answers 500;
- internal notes (``Notitie``), generic by content type;
- an entry in the dashboard panel "Wacht op u" (counts per status, the oldest waiting item).

How a new item type plugs in
----------------------------

1. Give the model a Wagtail permission policy that narrows the model permissions to the user's
   districts (see ``participatie.rechten.AanvraagPermissionPolicy``: ``instances_user_has_any_
   permission_for`` and ``user_has_any_permission_for_instance``, both built on
   ``portal.accounts.scoping``).
2. Subclass ``WachtrijViewSet``: set ``model``, ``name`` (URL prefix and namespace),
   ``permission_policy``, ``list_display``, ``filterset_class``, ``search_fields``,
   ``list_export``, the status groups (``wachtende_statussen``, ``urgente_statussen``,
   ``toewijsbare_statussen``), ``wacht_veld`` (the field the waiting time counts from) and
   ``volgende_statussen`` (the item type's state machine for the reviewing role). Override
   ``geschiedenis(item)`` to return the item's status timeline, ``detail_velden`` and
   ``get_detail_extra_context`` / ``detail_extra_template`` for item-specific panels.
3. List the decisions in ``besluiten``: ``Besluit(naam, label, naar, form_class, uitvoeren)``
   where ``uitvoeren(item, door=user, data=cleaned_data)`` calls the domain function. Each
   decision gets the URL ``<pk>/<naam>/`` named ``<name>:<naam>``.
4. In ``wagtail_hooks.py``: ``register_admin_viewset`` hook returning an instance, and
   ``registreer_wachtrij(instance)`` so the dashboard panel counts it.
5. Grant the roles the model permissions (``registreer_rolrechten`` in ``AppConfig.ready``)
   and give the URL namespace a row in ``portal.accounts.adminrechten.REGELS``.
6. Copy the walk test (``tests/participatie/test_wachtrij_urls.py``): it enumerates the
   viewset's ``get_urlpatterns()``, so a view added later cannot leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr

from portal.accounts.scoping import mag_handelen, wijk_id_van

# --- Internal notes -------------------------------------------------------------------------


class NotitieQuerySet(models.QuerySet):
    def voor(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
            object_id=str(item.pk),
        )


class Notitie(models.Model):
    """An internal note on a queue item of any type; staff only, never shown to residents."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    item = GenericForeignKey("content_type", "object_id")
    tekst = models.TextField(_("note"), max_length=4000)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    op = models.DateTimeField(_("at"), default=timezone.now)

    objects = NotitieQuerySet.as_manager()

    class Meta:
        app_label = "participatie"
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["op", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.op:%Y-%m-%d %H:%M}: {self.tekst[:40]}"


# --- Formula-safe spreadsheets --------------------------------------------------------------

# A spreadsheet program treats a cell starting with one of these as a formula (or, for tab and
# carriage return, may shift it into one): OWASP "CSV injection".
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def ontwapen(waarde):
    """Text that a spreadsheet would read as a formula, prefixed with a quote."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


class VeiligeExportMixin:
    """Wagtail's ``SpreadsheetExportMixin`` writes text as it is to CSV (XLSX only turns cells
    that openpyxl takes for a formula back into text). Every text value is neutralised here,
    after Wagtail's own preprocessing, for both formats."""

    def preprocess_field_value(self, field, value, export_format):
        return ontwapen(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return ontwapen(super().get_heading(queryset, field))


# --- Decisions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Besluit:
    """A decision on an item: offered when the state machine allows one of ``naar``."""

    naam: str  # URL segment and URL name
    label: str
    naar: tuple[str, ...]
    form_class: type[forms.Form]
    uitvoeren: Callable  # (item, *, door, data) -> anything; raises ValidationError to refuse
    knop_klasse: str = "button"  # "button no" for a refusal
    uitleg: str = ""

    def is_mogelijk(self, volgende: list[str] | set[str]) -> bool:
        return any(status in volgende for status in self.naar)


class BesluitFormulier(forms.Form):
    """Base of decision forms: gets the item and the user (``item``, ``gebruiker``)."""

    def __init__(self, *args, item, gebruiker, wachtrij, **kwargs):
        self.item = item
        self.gebruiker = gebruiker
        self.wachtrij = wachtrij
        super().__init__(*args, **kwargs)


class NotitieFormulier(BesluitFormulier):
    tekst = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only staff see this note; the resident never does."),
    )


class ToewijzenFormulier(BesluitFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        empty_label=None,
        help_text=_("A coordinator of the district."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        self.fields["behandelaar"].label_from_instance = naam_van
        huidig = getattr(self.item, f"{self.wachtrij.behandelaar_veld}_id", None)
        self.fields["behandelaar"].initial = huidig or self.gebruiker.pk


def naam_van(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


# --- Views ----------------------------------------------------------------------------------


class WachtrijViewMixin:
    """Common to the queue's views: the viewset (``wachtrij``) and the scoped item."""

    wachtrij: WachtrijViewSet = None

    def get_item(self):
        """The item if the policy grants it to this user; 404 otherwise (ids leak nothing)."""
        queryset = self.wachtrij.wachtrij_queryset(self.request.user)
        try:
            item = queryset.get(pk=self.kwargs["pk"])
        except (queryset.model.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        if not self.wachtrij.permission_policy.user_has_any_permission_for_instance(
            self.request.user, self.wachtrij.detail_acties, item
        ):
            raise Http404
        return item

    def detail_url(self, item=None):
        item = item or self.item
        return reverse(self.wachtrij.get_url_name("inspect"), args=[item.pk])


class WachtrijIndexView(VeiligeExportMixin, IndexView):
    wachtrij = None
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        return self.wachtrij.wachtrij_queryset(self.request.user)

    def get_list_more_buttons(self, instance):
        return []  # one link per row (the title column) to the detail screen

    def to_row_dict(self, item):
        functies = self.wachtrij.export_functies
        return {
            veld: functies[veld](item) if veld in functies else multigetattr(item, veld)
            for veld in self.list_export
        }


class WachtrijObjectView(WachtrijViewMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Checks the model permission first (403), then loads the scoped item (404)."""

    any_permission_required = ["view", "change"]

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_any_permission(self.any_permission_required):
            raise PermissionDenied
        self.item = self.get_item()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.item)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.wachtrij.get_url_name("index")),
                "label": capfirst(self.wachtrij.menu_label),
            },
            {"url": self.detail_url(), "label": str(self.item)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.item)},
        ]


class WachtrijDetailView(WachtrijObjectView, TemplateView):
    template_name = "participatie/admin/wachtrij_detail.html"
    page_title = _("Details")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.wachtrij.get_url_name("index")),
                "label": capfirst(self.wachtrij.menu_label),
            },
            {"url": "", "label": str(self.item)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wachtrij, item, user = self.wachtrij, self.item, self.request.user
        mag_wijzigen = wachtrij.permission_policy.user_has_permission_for_instance(
            user, "change", item
        )
        context.update(
            {
                "item": item,
                "wachtrij": wachtrij,
                "velden": wachtrij.detail_velden_context(item),
                "besluiten": wachtrij.mogelijke_besluiten(item) if mag_wijzigen else [],
                "mag_wijzigen": mag_wijzigen,
                "kan_toewijzen": mag_wijzigen and wachtrij.is_toewijsbaar(item),
                "behandelaar": naam_van(getattr(item, wachtrij.behandelaar_veld, None)),
                "geschiedenis": wachtrij.geschiedenis(item),
                "notities": Notitie.objects.voor(item).select_related("door"),
                "notitie_url": reverse(wachtrij.get_url_name("notitie"), args=[item.pk]),
                "toewijzen_url": reverse(wachtrij.get_url_name("toewijzen"), args=[item.pk]),
                "notitie_formulier": NotitieFormulier(item=item, gebruiker=user, wachtrij=wachtrij),
                "detail_extra_template": wachtrij.detail_extra_template,
                **wachtrij.get_detail_extra_context(item, self.request),
            }
        )
        for besluit in context["besluiten"]:
            besluit.url = reverse(wachtrij.get_url_name(besluit.naam), args=[item.pk])
        return context


class WachtrijFormView(WachtrijObjectView, FormView):
    """A form on one item: errors at the field and in a summary, success back to the detail."""

    template_name = "participatie/admin/wachtrij_formulier.html"
    any_permission_required = ["change"]
    knop_label = _("Save")
    knop_klasse = "button"
    uitleg = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_any_permission(self.any_permission_required):
            raise PermissionDenied
        self.item = self.get_item()
        if not self.wachtrij.permission_policy.user_has_permission_for_instance(
            request.user, "change", self.item
        ):
            raise Http404
        weigering = self.weigering()
        if weigering:
            messages.error(request, weigering)
            return redirect(self.detail_url())
        return super(WachtrijObjectView, self).dispatch(request, *args, **kwargs)

    def weigering(self) -> str:
        """A reason why this form is not offered for the item now; empty when it is."""
        return ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(item=self.item, gebruiker=self.request.user, wachtrij=self.wachtrij)
        return kwargs

    def get_success_url(self):
        return self.detail_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            item=self.item,
            wachtrij=self.wachtrij,
            annuleer_url=self.detail_url(),
            knop_label=self.knop_label,
            knop_klasse=self.knop_klasse,
            uitleg=self.uitleg,
        )
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=200)


def _foutmeldingen(fout: ValidationError) -> list[str]:
    return list(fout.messages) if hasattr(fout, "messages") else [str(fout)]


class BesluitView(WachtrijFormView):
    besluit: Besluit = None

    def get_page_title(self):
        return self.besluit.label

    @property
    def knop_label(self):
        return self.besluit.label

    @property
    def knop_klasse(self):
        return self.besluit.knop_klasse

    @property
    def uitleg(self):
        return self.besluit.uitleg

    def get_form_class(self):
        return self.besluit.form_class

    def weigering(self):
        if not self.besluit.is_mogelijk(self.wachtrij.volgende_statussen(self.item)):
            return gettext("This decision is not possible in the current status.")
        return ""

    def form_valid(self, form):
        try:
            self.besluit.uitvoeren(self.item, door=self.request.user, data=form.cleaned_data)
        except ValidationError as fout:
            velden = getattr(fout, "error_dict", None)
            if velden:
                for veld, fouten in velden.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                for melding in _foutmeldingen(fout):
                    form.add_error(None, melding)
            return self.form_invalid(form)
        except self.wachtrij.ongeldige_overgang:
            # Someone else changed the status in the meantime.
            form.add_error(None, gettext("This decision is not possible in the current status."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(besluit)s: done for %(item)s.")
            % {"besluit": self.besluit.label, "item": self.item},
        )
        return super().form_valid(form)


class NotitieView(WachtrijFormView):
    form_class = NotitieFormulier
    page_title = _("Add an internal note")
    knop_label = _("Add note")

    def form_valid(self, form):
        Notitie.objects.create(
            content_type=ContentType.objects.get_for_model(self.item, for_concrete_model=True),
            object_id=str(self.item.pk),
            tekst=form.cleaned_data["tekst"],
            door=self.request.user,
        )
        messages.success(self.request, gettext("The note has been added."))
        return super().form_valid(form)


class ToewijzenView(WachtrijFormView):
    form_class = ToewijzenFormulier
    page_title = _("Assign")
    knop_label = _("Assign")

    def weigering(self):
        if not self.wachtrij.is_toewijsbaar(self.item):
            return gettext("This item cannot be assigned in its current status.")
        return ""

    def form_valid(self, form):
        behandelaar = form.cleaned_data["behandelaar"]
        try:
            self.wachtrij.toewijzen(self.item, door=self.request.user, behandelaar=behandelaar)
        except ValidationError as fout:
            for melding in _foutmeldingen(fout):
                form.add_error("behandelaar", melding)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Assigned to %(naam)s.") % {"naam": naam_van(behandelaar)},
        )
        return super().form_valid(form)


# --- The viewset ----------------------------------------------------------------------------


class _GeenOvergang(Exception):
    """Placeholder for item types whose state machine raises no exception of its own."""


@dataclass
class TijdlijnRegel:
    """One row of an item's history."""

    op: object
    door: str
    van: str
    naar: str
    motivatie: str = ""
    notitie: str = ""
    extra: dict = field(default_factory=dict)


class WachtrijViewSet(ModelViewSet):
    """An item type in a district's review queue. See the module docstring."""

    index_view_class = WachtrijIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    detail_view_class = WachtrijDetailView
    besluit_view_class = BesluitView
    notitie_view_class = NotitieView
    toewijzen_view_class = ToewijzenView

    besluiten: list[Besluit] = []
    # Select / defer for the listing and the detail (constant query count).
    lijst_select_related: tuple[str, ...] = ()
    lijst_defer: tuple[str, ...] = ()
    status_veld = "status"
    behandelaar_veld = "behandelaar"
    wacht_veld = "aangemaakt"  # the waiting time counts from this field
    wachtende_statussen: tuple[str, ...] = ()  # counted on the dashboard
    urgente_statussen: tuple[str, ...] = ()  # the oldest of these is shown on the dashboard
    toewijsbare_statussen: tuple[str, ...] = ()
    detail_velden: list[str] = []  # empty: every concrete field but the ones below
    detail_velden_uitgesloten: tuple[str, ...] = ()
    detail_extra_template = ""
    detail_acties = ["view", "change"]
    # Export columns computed by a function of the item: {"name in list_export": function}.
    export_functies: dict[str, Callable] = {}
    ongeldige_overgang: type[Exception] = _GeenOvergang

    def volgende_statussen(self, item) -> list[str]:
        """The statuses the reviewing role may move ``item`` to (the state machine)."""
        return []

    # -- querysets

    def wachtrij_queryset(self, user):
        """The items this user may review: the permission policy decides, nothing else."""
        queryset = self.permission_policy.instances_user_has_any_permission_for(
            user, self.detail_acties
        )
        if self.lijst_select_related:
            queryset = queryset.select_related(*self.lijst_select_related)
        if self.lijst_defer:
            queryset = queryset.defer(*self.lijst_defer)
        return queryset

    def tellingen(self, user) -> dict:
        """Counts per waiting status and the oldest urgent item, for the dashboard panel."""
        if not self.permission_policy.user_has_any_permission(user, self.detail_acties):
            return {}
        queryset = self.wachtrij_queryset(user)
        per_status = dict(
            queryset.filter(**{f"{self.status_veld}__in": self.wachtende_statussen})
            .order_by()
            .values_list(self.status_veld)
            .annotate(n=Count("pk"))
        )
        oudste = (
            queryset.filter(**{f"{self.status_veld}__in": self.urgente_statussen or ()})
            .exclude(**{f"{self.wacht_veld}__isnull": True})
            .order_by(self.wacht_veld, "pk")
            .first()
        )
        keuzes = dict(self.model._meta.get_field(self.status_veld).flatchoices)
        index = reverse(self.get_url_name("index"))
        return {
            "label": capfirst(self.menu_label),
            "index_url": index,
            "statussen": [
                {
                    "status": status,
                    "label": keuzes.get(status, status),
                    "aantal": per_status.get(status, 0),
                    "url": f"{index}?{self.status_veld}={status}",
                }
                for status in self.wachtende_statussen
            ],
            "oudste": oudste,
            "oudste_url": (
                reverse(self.get_url_name("inspect"), args=[oudste.pk]) if oudste else ""
            ),
            "oudste_sinds": getattr(oudste, self.wacht_veld, None) if oudste else None,
        }

    # -- decisions, assignment, history

    def mogelijke_besluiten(self, item) -> list[Besluit]:
        volgende = self.volgende_statussen(item)
        return [_KopieBesluit(b) for b in self.besluiten if b.is_mogelijk(volgende)]

    def is_toewijsbaar(self, item) -> bool:
        return getattr(item, self.status_veld) in self.toewijsbare_statussen

    def collegas(self, item, user):
        """Who an item can be assigned to: the coordinators of its district, and the user."""
        from portal.accounts.models import User

        wijk_id = wijk_id_van(item)
        return (
            User.objects.filter(is_active=True)
            .filter(models.Q(coordinator_van=wijk_id) | models.Q(pk=user.pk))
            .distinct()
            .order_by("first_name", "last_name", "email")
        )

    def toewijzen(self, item, *, door, behandelaar):
        """Assign to a colleague of the district; recorded as an internal note."""
        if not (mag_handelen(door, item) and mag_handelen(behandelaar, item)):
            raise ValidationError(gettext("Assign the item to a coordinator of its district."))
        with transaction.atomic():
            self.model.objects.select_for_update(of=("self",)).filter(pk=item.pk).update(
                **{self.behandelaar_veld: behandelaar}
            )
            Notitie.objects.create(
                content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
                object_id=str(item.pk),
                tekst=gettext("Assigned to %(naam)s.") % {"naam": naam_van(behandelaar)},
                door=door,
            )

    def geschiedenis(self, item) -> list[TijdlijnRegel]:
        return []

    # -- detail

    def get_detail_velden(self) -> list[str]:
        """``detail_velden``, or every concrete field but ``detail_velden_uitgesloten`` (so a
        field added to the model later shows up without a change here)."""
        if self.detail_velden:
            return list(self.detail_velden)
        return [
            veld.name
            for veld in self.model._meta.concrete_fields
            if not veld.primary_key and veld.name not in self.detail_velden_uitgesloten
        ]

    def detail_velden_context(self, item) -> list[dict]:
        return [
            {"label": self.veld_label(naam), "waarde": self.veld_waarde(item, naam)}
            for naam in self.get_detail_velden()
        ]

    def veld_label(self, naam):
        try:
            return capfirst(self.model._meta.get_field(naam).verbose_name)
        except Exception:  # noqa: BLE001 - a property or method listed as a field
            return capfirst(naam.replace("_", " "))

    def veld_waarde(self, item, naam):
        weergave = getattr(item, f"get_{naam}_display", None)
        waarde = weergave() if callable(weergave) else getattr(item, naam)
        if callable(waarde):
            waarde = waarde()
        if waarde is None or waarde == "":
            return "—"
        if isinstance(waarde, bool):
            return gettext("Yes") if waarde else gettext("No")
        if isinstance(waarde, models.Model):
            return str(waarde)
        return localize(waarde)

    def get_detail_extra_context(self, item, request) -> dict:
        return {}

    # -- views and URLs

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # Only the queue's own views exist: no add, edit, delete, copy, history or usage.
        for naam in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "copy_url_name",
            "history_url_name",
            "usage_url_name",
        ):
            view_kwargs[naam] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(wachtrij=self, **kwargs)

    def _object_view_kwargs(self):
        return {
            "wachtrij": self,
            "permission_policy": self.permission_policy,
            "header_icon": self.icon,
        }

    @property
    def detail_view(self):
        return self.detail_view_class.as_view(**self._object_view_kwargs())

    @property
    def inspect_view(self):
        return self.detail_view

    def besluit_view(self, besluit):
        return self.besluit_view_class.as_view(besluit=besluit, **self._object_view_kwargs())

    @property
    def notitie_view(self):
        return self.notitie_view_class.as_view(**self._object_view_kwargs())

    @property
    def toewijzen_view(self):
        return self.toewijzen_view_class.as_view(**self._object_view_kwargs())

    @property
    def url_finder_class(self):
        # Links from elsewhere in the admin (logs, search) go to the detail screen.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        patronen = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"<{conv}:pk>/", self.detail_view, name="inspect"),
            path(f"<{conv}:pk>/notitie/", self.notitie_view, name="notitie"),
            path(f"<{conv}:pk>/toewijzen/", self.toewijzen_view, name="toewijzen"),
        ]
        for besluit in self.besluiten:
            patronen.append(
                path(f"<{conv}:pk>/{besluit.naam}/", self.besluit_view(besluit), name=besluit.naam)
            )
        return patronen


class _KopieBesluit:
    """A decision for one request, with its URL set (the Besluit itself is shared)."""

    def __init__(self, besluit: Besluit):
        self._besluit = besluit
        self.url = ""

    def __getattr__(self, naam):
        return getattr(self._besluit, naam)


# --- Registry and dashboard panel ------------------------------------------------------------

_WACHTRIJEN: list[WachtrijViewSet] = []


def registreer_wachtrij(viewset: WachtrijViewSet) -> WachtrijViewSet:
    """Count this item type in the dashboard panel "Wacht op u"; idempotent per name."""
    if all(bestaand.name != viewset.name for bestaand in _WACHTRIJEN):
        _WACHTRIJEN.append(viewset)
    return viewset


def wachtrijen() -> list[WachtrijViewSet]:
    return list(_WACHTRIJEN)


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
