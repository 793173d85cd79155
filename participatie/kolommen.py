"""Listing columns the app's admin viewsets share."""

from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.ui.tables import Column


class JaNeeColumn(Column):
    """A boolean field as the text "Ja"/"Nee".

    A plain field name in ``list_display`` shows "True"/"False"; Wagtail's ``BooleanColumn``
    shows an icon whose accessible name is still "True"/"False".
    """

    def __init__(self, model, name, **kwargs):
        kwargs.setdefault("label", capfirst(model._meta.get_field(name).verbose_name))
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        waarde = super().get_value(instance)
        if waarde is None:
            return ""
        return gettext("Yes") if waarde else gettext("No")
