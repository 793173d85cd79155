from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    """Schemes, applications, review queue, budgets, consultations and signals."""

    name = "participatie"
    verbose_name = _("Participation")

    def ready(self):
        from portal.accounts.privacy import registreer_gegevens
        from portal.accounts.retentie import bewaarregel
        from portal.accounts.roles import (
            BEHEERDER,
            EINDREDACTEUR,
            REDACTEUR,
            WIJKCOORDINATOR,
            registreer_rolrechten,
        )
        from portal.core.wijkblokken import WijkBlok, registreer_wijkblok

        from . import privacy
        from .meldingen import plan_dagoverzicht
        from .queries import wijkblok_initiatieven

        # Editors link a scheme page to a scheme: they may see schemes, not change them.
        registreer_rolrechten(REDACTEUR, ["participatie.view_regeling"])
        registreer_rolrechten(EINDREDACTEUR, ["participatie.view_regeling"])
        registreer_rolrechten(
            BEHEERDER,
            [
                "participatie.add_regeling",
                "participatie.change_regeling",
                "participatie.delete_regeling",
                "participatie.view_regeling",
            ],
        )

        # The review queue (admin "Applications"): coordinators see and decide on the applications
        # of their districts, administrators on all (rechten.AanvraagPermissionPolicy narrows
        # these model permissions to the districts).
        for rol in (WIJKCOORDINATOR, BEHEERDER):
            registreer_rolrechten(
                rol, ["participatie.view_aanvraag", "participatie.change_aanvraag"]
            )

        # Consultations: editors and coordinators prepare them (coordinators those of their
        # districts, raadplegingen.rechten), administrators also keep the managed lists. Raw
        # answers and signals: coordinators of the district and administrators only.
        for rol in (REDACTEUR, EINDREDACTEUR, WIJKCOORDINATOR, BEHEERDER):
            registreer_rolrechten(
                rol,
                [
                    "participatie.add_raadpleging",
                    "participatie.change_raadpleging",
                    "participatie.view_raadpleging",
                    "participatie.view_wmothema",
                ],
            )
        for rol in (WIJKCOORDINATOR, BEHEERDER):
            registreer_rolrechten(
                rol,
                [
                    "participatie.view_antwoord",
                    "participatie.change_antwoord",
                    "participatie.view_signaal",
                    "participatie.change_signaal",
                ],
            )
        registreer_rolrechten(
            BEHEERDER,
            [
                f"participatie.{actie}_{model}"
                for model in ("wmothema", "signaalcategorie")
                for actie in ("add", "change", "delete", "view")
            ]
            + ["participatie.delete_raadpleging"],
        )

        # On the district page: approved initiatives and the budget accountability link.
        registreer_wijkblok(
            WijkBlok(
                naam="initiatieven",
                volgorde=50,
                sjabloon="participatie/wijkblok_initiatieven.html",
                context=wijkblok_initiatieven,
            )
        )

        registreer_gegevens("aanvragen", exporteer=privacy.exporteer, wis=privacy.wis)
        bewaarregel("concepten van aanvragen")(privacy.oude_concepten)
        bewaarregel("persoonsgegevens van afgehandelde aanvragen")(
            privacy.oude_afgehandelde_aanvragen
        )
        # Consultations and signals register their own parts (privacy, retention, blocks).
        from .raadplegingen.registratie import registreer as registreer_raadplegingen
        from .signalen.registratie import registreer as registreer_signalen

        registreer_raadplegingen()
        registreer_signalen()

        # Once per migrate run (sender=self): the daily overview for district coordinators.
        post_migrate.connect(
            plan_dagoverzicht, sender=self, dispatch_uid="participatie_dagoverzicht"
        )
