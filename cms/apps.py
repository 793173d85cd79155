from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from portal.accounts.roles import BEHEERDER, registreer_rolrechten

        # The barometer's indicator series (cms/barometer/admin.py): administrators keep the
        # indicators and import their values. No delete: removing an indicator removes all its
        # values (superusers only).
        registreer_rolrechten(
            BEHEERDER, ["cms.add_indicator", "cms.change_indicator", "cms.view_indicator"]
        )
