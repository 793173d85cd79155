from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    """Schemes, applications, review queue, budgets, consultations and signals (coming issues)."""

    name = "participatie"
    verbose_name = _("Participation")
