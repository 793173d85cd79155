"""What signals register in the kernel (called once from ``ParticipatieConfig.ready``): the
privacy export and erasure for "Mijn gegevens" and the retention rule. Each part lives in the
module that owns it (``privacy``); this function only plugs them in. The role permissions are
granted in participatie/apps.py, the queue registers itself in ``wachtrij``."""


def registreer() -> None:
    from portal.accounts.privacy import registreer_gegevens
    from portal.accounts.retentie import bewaarregel

    from . import privacy

    registreer_gegevens("signalen", exporteer=privacy.exporteer, wis=privacy.wis)
    bewaarregel("signalen")(privacy.oude_afgesloten_signalen)
