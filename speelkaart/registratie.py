"""What the play-space map registers in the kernel, in one place: role permissions, the
district page's block, privacy export/erasure and retention rules.

Each part lives with the module that owns it; this function only plugs them in (called once
from ``SpeelkaartConfig.ready``).
"""

from portal.accounts.roles import BEHEERDER, WIJKCOORDINATOR, registreer_rolrechten
from portal.core.wijkblokken import WijkBlok, registreer_wijkblok


def registreer() -> None:
    from . import privacy
    from .queries import wijkblok_speelplekken

    # Play spaces: coordinators manage those of their districts (speelkaart.rechten narrows
    # the model permissions to the districts), administrators all of them. The review items
    # (comments, defect reports, wishes) are seen and decided on the same way.
    modellen = ("speelplek", "waardering", "melding", "wens")
    for rol in (WIJKCOORDINATOR, BEHEERDER):
        registreer_rolrechten(
            rol,
            [f"speelkaart.{actie}_{model}" for model in modellen for actie in ("view", "change")]
            + ["speelkaart.add_speelplek"],
        )
    registreer_rolrechten(BEHEERDER, ["speelkaart.delete_speelplek"])

    registreer_wijkblok(
        WijkBlok(
            naam="speelplekken",
            volgorde=60,
            sjabloon="speelkaart/wijkblok.html",
            context=wijkblok_speelplekken,
        )
    )
    privacy.registreer()
