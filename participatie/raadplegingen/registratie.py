"""What raadplegingen registers in the kernel (called once from ParticipatieConfig.ready): the
district page's block, privacy export and erasure, and the retention rule. Each part lives
with the module that owns it; this function only plugs them in."""

from portal.core.wijkblokken import WijkBlok, registreer_wijkblok


def registreer() -> None:
    from . import privacy
    from .queries import wijkblok_raadplegingen

    registreer_wijkblok(
        WijkBlok(
            naam="raadplegingen",
            volgorde=55,
            sjabloon="participatie/raadplegingen/wijkblok.html",
            context=wijkblok_raadplegingen,
        )
    )
    privacy.registreer()
