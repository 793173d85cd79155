from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "portal.mail"
    label = "mail"
    verbose_name = _("E-mail")

    def ready(self):
        from . import privacy  # noqa: F401  (registers the outbox's export, erasure and retention)
        from .tasks import plan_veeg

        post_migrate.connect(plan_veeg, sender=self, dispatch_uid="mail_veeg")
