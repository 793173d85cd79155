"""Admin for districts: administrators link coordinators and the community worker's contact.

Names, codes and boundaries come from CBS through ``laad_gebieden`` and are read-only here;
nobody adds or deletes districts by hand (the Beheerder role has only ``change_wijk``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Wijk


class WijkViewSet(SnippetViewSet):
    model = Wijk
    icon = "site"
    menu_label = _("Districts")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["naam", "slug"]
    search_fields = ["naam"]
    ordering = ["volgorde"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("naam", read_only=True),
        FieldPanel("coordinatoren", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("opbouwwerker_naam"),
                FieldPanel("opbouwwerker_email"),
                FieldPanel("opbouwwerker_telefoon"),
            ],
            heading=_("Community worker"),
        ),
    ]


register_snippet(WijkViewSet)
