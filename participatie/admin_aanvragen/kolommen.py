"""Computed columns of the applications' listing in the review queue."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from ..wachtrij import naam_van


class WachttijdColumn(Column):
    """Days since the (last) submission, for applications still waiting for a decision."""

    def __init__(self):
        super().__init__("wachttijd", label=_("Waiting (days)"), sort_key="ingediend_op")

    def get_value(self, instance):
        from .viewset import AanvraagViewSet  # the viewset imports this module

        if instance.status not in AanvraagViewSet.urgente_statussen or not instance.ingediend_op:
            return ""
        return (timezone.now() - instance.ingediend_op).days


class BehandelaarColumn(Column):
    def __init__(self):
        super().__init__("behandelaar", label=_("Assessed by"))

    def get_value(self, instance):
        return naam_van(instance.behandelaar) if instance.behandelaar_id else ""
