"""Administrators manage schemes in the Wagtail admin; coordinators review applications."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import rapport_admin  # noqa: F401  (the "accountability per district" report)
from .admin_aanvragen import AanvraagViewSet
from .kolommen import JaNeeColumn
from .models import Regeling
from .raadplegingen import admin as raadplegingen_admin  # noqa: F401  (consultations)
from .raadplegingen import wachtrij as raadplegingen_wachtrij  # noqa: F401  (quotes queue)
from .signalen import wachtrij as signalen_wachtrij  # noqa: F401  (signals queue)
from .wachtrij import registreer_wachtrij, wacht_op_u_panel


class RegelingViewSet(SnippetViewSet):
    model = Regeling
    icon = "form"
    menu_label = _("Schemes")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["titel", "soort", "open_van", "open_tot", JaNeeColumn(Regeling, "is_voorbeeld")]
    list_filter = ["soort", "is_voorbeeld"]
    panels = [
        FieldPanel("soort"),
        FieldPanel("titel"),
        FieldPanel("samenvatting"),
        FieldPanel("toelichting"),
        FieldPanel("is_voorbeeld"),
        FieldRowPanel(
            [FieldPanel("open_van"), FieldPanel("open_tot")], heading=_("Application window")
        ),
        MultiFieldPanel(
            [FieldPanel("bedrag_soort"), FieldPanel("bedrag"), FieldPanel("uit_wijkbudget")],
            heading=_("Amount"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("planning"),
                FieldPanel("min_dagen_vooraf"),
                FieldPanel("max_per_straat_per_jaar"),
                FieldPanel("straal_meter"),
                FieldPanel("min_huishoudens"),
                FieldPanel("min_instemming_pct"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("foto_verplicht"),
                FieldPanel("instemming_verplicht"),
                FieldPanel("begroting_verplicht"),
                FieldPanel("overeenkomst_verplicht"),
                FieldPanel("sjabloon_instemming"),
                FieldPanel("sjabloon_overeenkomst"),
            ],
            heading=_("Required attachments"),
        ),
        FieldPanel("wijken", widget=forms.CheckboxSelectMultiple),
    ]


# The coordinators' review queue (participatie/wachtrij/): applications are its first item type,
# registered before register_snippet (which loads the other apps' hooks and their item types),
# so "Wacht op u" lists applications first.
aanvragen_viewset = registreer_wachtrij(AanvraagViewSet())

register_snippet(RegelingViewSet)


@hooks.register("register_admin_viewset")
def register_aanvragen_viewset():
    return aanvragen_viewset


@hooks.register("construct_homepage_panels")
def wacht_op_u_op_dashboard(request, panels):
    panel = wacht_op_u_panel(request.user)
    if panel is not None:
        panels.append(panel)
