from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    """Schemes, applications, review queue, budgets, consultations and signals."""

    name = "participatie"
    verbose_name = _("Participation")

    def ready(self):
        from portal.accounts.privacy import registreer_gegevens
        from portal.accounts.retentie import bewaarregel

        from . import privacy

        registreer_gegevens("aanvragen", exporteer=privacy.exporteer, wis=privacy.wis)
        bewaarregel("concepten van aanvragen")(privacy.oude_concepten)
        bewaarregel("persoonsgegevens van afgehandelde aanvragen")(
            privacy.oude_afgehandelde_aanvragen
        )
