from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import privacy, signals  # noqa: F401  (registers exporters, connects receivers)
        from .retentie import plan_bewaarregels
        from .roles import post_migrate_rollen

        # Once per migrate run (sender=self), after all apps are migrated.
        post_migrate.connect(post_migrate_rollen, sender=self, dispatch_uid="accounts_rollen")
        post_migrate.connect(plan_bewaarregels, sender=self, dispatch_uid="accounts_retentie")
