"""The managed lists as snippets: Wmo topics and signal categories (administrators manage them;
editors and coordinators see the topics). Registered by ``admin``'s hook.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from participatie.kolommen import JaNeeColumn
from participatie.signalen.models import SignaalCategorie

from .models import WmoThema


class WmoThemaViewSet(SnippetViewSet):
    model = WmoThema
    icon = "tag"
    menu_label = _("Wmo topics")
    menu_order = 330
    add_to_admin_menu = True
    inspect_view_enabled = True  # editors and coordinators see the topics
    list_display = [
        "naam",
        "prestatieveld",
        JaNeeColumn(WmoThema, "terugkerend", label=_("Recurring")),
        "volgorde",
    ]
    panels = [
        FieldPanel("naam"),
        FieldPanel("omschrijving"),
        FieldPanel("prestatieveld"),
        FieldPanel("terugkerend"),
        FieldPanel("volgorde"),
    ]


class SignaalCategorieViewSet(SnippetViewSet):
    model = SignaalCategorie
    icon = "list-ul"
    menu_label = _("Signal categories")
    menu_order = 335
    add_to_admin_menu = True
    list_display = [
        "naam",
        "omschrijving",
        JaNeeColumn(SignaalCategorie, "actief", label=_("Offered to residents")),
        "volgorde",
    ]
    panels = [
        FieldPanel("naam"),
        FieldPanel("omschrijving"),
        FieldPanel("actief"),
        FieldPanel("volgorde"),
    ]
