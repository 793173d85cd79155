"""The one access policy for play spaces (``Speelplek``) in the Wagtail admin.

"May this user see, change or add play spaces, and which ones?" is answered here and nowhere
else; the admin viewset (``admin_speelplekken.py``) asks only this module, for its listing and
for every URL that names a play space by id. It is built on the kernel's district rule
(``portal.accounts.scoping``), like ``participatie.rechten.AanvraagPermissionPolicy``:

- The model permissions come from the roles (``speelkaart/registratie.py``): coordinators and
  administrators view, change and add; only administrators delete.
- They are narrowed to the districts the user acts for: a coordinator reaches the play spaces of
  their own districts only (another district's answers 404, like a missing id, so ids leak
  nothing); administrators and superusers reach all of them.
- A play space belongs to the district of its point, so moving the point moves it: a user may
  only place a play space in a district they act for (``mag_plaatsen_in``, asked by the form on
  create and on edit).

The admin requires a second factor for staff (``portal.accounts.middleware``) before any of
this is asked.
"""

from portal.accounts.beleid import WijkPermissionPolicy
from portal.accounts.scoping import mag_handelen_in_wijk

from .models import Speelplek

# Every action on an existing play space; a view that needs one of them checks it itself.
ALLE_ACTIES = ("view", "change", "delete")


class SpeelplekPermissionPolicy(WijkPermissionPolicy):
    """Play spaces: the kernel's district policy on ``Speelplek.wijk``."""

    def __init__(self):
        super().__init__(Speelplek)


def mag_plaatsen_in(user, wijk) -> bool:
    """May ``user`` put a play space in ``wijk`` (a Wijk or its id), by creating or moving it?"""
    return mag_handelen_in_wijk(user, wijk)
