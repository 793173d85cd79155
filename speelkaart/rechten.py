"""The one access policy of the play-space map's review items: comments (a rating's
``opmerking``), defect reports and wishes.

"Who may see or decide on this item, or see this report's photo?" is answered here and nowhere
else: the review queue (``admin_wachtrij``, through the permission policies below), the domain
functions (``besluiten``) and the photo view ask this module. It is built on the kernel's
district rule (``portal.accounts.scoping``) and second-factor check
(``portal.accounts.middleware``), as ``participatie.rechten`` is for applications.

- Staff act on the items of the districts they act for (coordinators: their districts;
  administrators: all), with the model permission their role grants
  (``speelkaart/registratie.py``). An item of another district answers 404 at the object.
- A resident reaches only their own report's photo; anyone else's answers 404, like one that
  does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.accounts.beleid import WijkPermissionPolicy
from portal.accounts.middleware import is_staff_gebruiker, sessie_heeft_mfa

from .constants import OpmerkingStatus
from .models import Melding, Waardering, Wens

# District and neighbourhood boundaries are large GeoJSON that no review screen shows.
ZONDER_GRENZEN = ("wijk__grens", "buurt__grens")


class OpmerkingPermissionPolicy(WijkPermissionPolicy):
    """Ratings, for moderating their comments; the district is the play space's."""

    wijk_veld = "speelplek__wijk"

    def __init__(self):
        super().__init__(Waardering)

    def basis_queryset(self):
        # Only ratings with a comment are review items; the scores count without review.
        return (
            Waardering.objects.exclude(opmerking_status=OpmerkingStatus.GEEN)
            .select_related("speelplek", "speelplek__wijk", "speelplek__buurt")
            .defer(*(f"speelplek__{veld}" for veld in ZONDER_GRENZEN))
        )


class MeldingPermissionPolicy(WijkPermissionPolicy):
    def __init__(self):
        super().__init__(Melding)

    def basis_queryset(self):
        return Melding.objects.select_related(
            "speelplek", "speelplek__buurt", "wijk", "behandelaar"
        ).defer("wijk__grens", "speelplek__buurt__grens")


class WensPermissionPolicy(WijkPermissionPolicy):
    def __init__(self):
        super().__init__(Wens)

    def basis_queryset(self):
        return Wens.objects.select_related("speelplek", "buurt", "wijk").defer(*ZONDER_GRENZEN)


def mag_foto_zien(request, melding: Melding) -> bool:
    """The reporter, or staff of the report's district with a second factor in this session."""
    user = request.user
    if melding.bewoner_id is not None and melding.bewoner_id == user.pk:
        return True
    return (
        is_staff_gebruiker(user)
        and sessie_heeft_mfa(request)
        and MeldingPermissionPolicy().user_has_any_permission_for_instance(
            user, ["view", "change"], melding
        )
    )


def melding_met_foto(request, pk) -> Melding:
    """A report whose photo this user may see; 404 otherwise (ids leak nothing)."""
    melding = get_object_or_404(Melding.objects.exclude(foto=""), pk=pk)
    if not mag_foto_zien(request, melding):
        raise Http404
    return melding
