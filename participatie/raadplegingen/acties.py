"""The actions on one consultation in the admin, each a confirmation page (GET) and the action
(POST): repeat next year (``herhalen``), publish the follow-up (``opvolging``), export the
responses (``export``). The viewset (``admin``) gives them their URLs; every action looks the
consultation up among those ``rechten.RaadplegingPermissionPolicy`` grants the user.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.views import geen_toegang

from . import export, herhalen, opvolging
from .models import Raadpleging
from .rechten import (
    ALLE_ACTIES,
    mag_reacties_exporteren,
)


class ActieView(WagtailAdminTemplateMixin, TemplateView):
    """A confirmation page (GET) and the action (POST) on one consultation in scope."""

    template_name = "participatie/raadplegingen/admin/actie.html"
    permission_policy = None
    actie = "change"
    knop_label = ""
    uitleg = ""
    toon_publicatiedatum = False

    def dispatch(self, request, *args, **kwargs):
        policy = self.permission_policy
        if not policy.user_has_permission(request.user, self.actie):
            return geen_toegang(request)  # the portal's 403 (Wagtail would redirect)
        # Looked up among the consultations the policy grants this user: 404 for the others.
        queryset = policy.instances_user_has_any_permission_for(request.user, ALLE_ACTIES)
        self.object = queryset.filter(pk=kwargs["pk"]).first()
        if self.object is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def edit_url(self):
        return reverse("raadplegingen_beheer:edit", args=[self.object.pk])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("raadplegingen_beheer:index"),
                "label": capfirst(Raadpleging._meta.verbose_name_plural),
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def weigering(self) -> str:
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            weigering=self.weigering(),
            uitleg=self.uitleg,
            knop_label=self.knop_label,
            annuleer_url=self.edit_url,
            toon_publicatiedatum=self.toon_publicatiedatum,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            return self.uitvoeren()
        except ValidationError as fout:
            for melding in fout.messages:
                messages.error(request, melding)
            return redirect(self.edit_url)


class HerhalenView(ActieView):
    actie = "add"
    page_title = _("Repeat next year")
    header_icon = "rotate"
    knop_label = _("Make next year's draft")
    uitleg = _(
        "A new, unpublished draft is made one year later with the same questions, topic, "
        "districts, audience and way of taking part. You can change it before publishing."
    )

    def weigering(self):
        if not self.object.herhalen:
            return gettext("This consultation is not marked to be repeated next year.")
        return ""

    def uitvoeren(self):
        nieuw = herhalen.herhaal_volgend_jaar(self.object, self.request.user)
        messages.success(
            self.request, gettext("Next year's draft: %(titel)s.") % {"titel": nieuw.titel}
        )
        return redirect("raadplegingen_beheer:edit", nieuw.pk)


class OpvolgingView(ActieView):
    page_title = _("Publish the follow-up")
    header_icon = "mail"
    toon_publicatiedatum = True
    knop_label = _("Publish and e-mail the respondents")
    uitleg = _(
        "“What we did with it” appears on the results page and every resident who sent a "
        "response gets an e-mail with a link to it, once. Publishing again sends nobody a "
        "second e-mail."
    )

    def weigering(self):
        return opvolging.weigering(self.object)

    def uitvoeren(self):
        eerste = opvolging.publiceer_opvolging(self.object, self.request.user)
        melding = (
            gettext("The follow-up has been published; the respondents get an e-mail.")
            if eerste
            else gettext(
                "The follow-up was already published; respondents who had no e-mail yet get one."
            )
        )
        messages.success(self.request, melding)
        return redirect(self.edit_url)


class ExportView(ActieView):
    actie = "view"

    def dispatch(self, request, *args, **kwargs):
        if not mag_reacties_exporteren(request.user):
            return geen_toegang(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        formaat = request.GET.get("formaat", "csv")
        if formaat not in export.FORMATEN:
            raise Http404
        return export.exporteer(self.object, request.user, formaat)

    def post(self, request, *args, **kwargs):
        return self.http_method_not_allowed(request, *args, **kwargs)


# --- The viewset ------------------------------------------------------------------------------
