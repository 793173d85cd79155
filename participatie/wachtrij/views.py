"""The queue's views: the listing, the detail screen and the forms on one item (decisions,
internal notes, assignment). The viewset (``viewset.WachtrijViewSet``) wires them up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.coreutils import multigetattr

from .export import VeiligeExportMixin
from .formulieren import Besluit, NotitieFormulier, ToewijzenFormulier, naam_van
from .models import Notitie

if TYPE_CHECKING:
    from .viewset import WachtrijViewSet


class WachtrijViewMixin:
    """Common to the queue's views: the viewset (``wachtrij``) and the scoped item."""

    wachtrij: WachtrijViewSet = None

    def item_queryset(self):
        """Where the item is looked up: the queue's items for this user (the policy's scope)."""
        return self.wachtrij.wachtrij_queryset(self.request.user)

    def get_item(self):
        """The item if the policy grants it to this user; 404 otherwise (ids leak nothing)."""
        queryset = self.item_queryset()
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
    # Fields of ``WachtrijViewSet.lijst_defer`` that this screen shows after all (an item type's
    # subclass names them, e.g. a neighbourhood's boundary for its map): loaded in the item's
    # one query instead of one more query per deferred field.
    laden: tuple[str, ...] = ()

    def item_queryset(self):
        queryset = super().item_queryset()
        if not self.laden:
            return queryset
        # defer(None) clears every deferral; the rest of lijst_defer is deferred again.
        uitgesteld = [veld for veld in self.wachtrij.lijst_defer if veld not in self.laden]
        return queryset.defer(None).defer(*uitgesteld)

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
            velden=[_veld_met_fout(veld) for veld in context["form"].visible_fields()],
            annuleer_url=self.detail_url(),
            knop_label=self.knop_label,
            knop_klasse=self.knop_klasse,
            uitleg=self.uitleg,
        )
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=200)


def _veld_met_fout(veld) -> dict:
    """A visible field for ``{% formattedfield %}``, its error tied to the control.

    Wagtail's field template (wagtailadmin/shared/formatted_field.html) renders the error
    without an id unless it is given one, and its ``render_with_errors`` points the control's
    aria-describedby at the help text only: a screen reader would not read the error with the
    control. So the error container gets Django's id (``<id>_error``) and a field with errors is
    rendered here with aria-describedby naming the error first, then the help text (the order
    on screen); Django adds aria-invalid="true". Without errors Wagtail renders it as usual.
    """
    fout_id = f"{veld.auto_id}_error" if veld.auto_id else None
    weergave = None
    widget = veld.field.widget
    if (
        veld.errors
        and fout_id
        and not veld.use_fieldset
        and not hasattr(widget, "render_with_errors")  # those render their own errors
        and not widget.attrs.get("aria-describedby")
    ):
        beschreven_door = [fout_id]
        if veld.help_text and veld.id_for_label:
            beschreven_door.append(f"{veld.id_for_label}-helptext")  # Wagtail's help text id
        weergave = veld.as_widget(attrs={"aria-describedby": " ".join(beschreven_door)})
    return {"veld": veld, "weergave": weergave, "fout_id": fout_id}


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
