"""The one access policy for signals: who may see or act on a signal, see its photo or ask who
sent it.

"May this user ...?" is answered here and nowhere else: the queue (``wachtrij``, through
``SignaalPermissionPolicy``), the domain functions (``besluiten``) and the residents' views
(``views``) ask this module. It is built on the kernel's district rule
(``portal.accounts.scoping``, via ``WijkPermissionPolicy``) and second-factor check
(``portal.accounts.middleware``), as ``speelkaart.rechten`` is for defect reports.

- Staff act on the signals of the districts they act for (coordinators: their districts;
  administrators: all) with the model permissions their role grants (participatie/apps.py).
  A signal of another district answers 404 at the object.
- The sender's identity is not part of what staff see; only staff who may change the signal
  may ask for it, with a reason, and every request is logged (``besluiten.toon_melder``).
- A resident reaches only their own signals and photos; anyone else's answer 404, like one that
  does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.accounts.beleid import WijkPermissionPolicy
from portal.accounts.middleware import is_staff_gebruiker, sessie_heeft_mfa

from .models import Signaal

# District and neighbourhood boundaries are large GeoJSON that no signal screen shows.
ZONDER_GRENZEN = ("wijk__grens", "buurt__grens")


class SignaalPermissionPolicy(WijkPermissionPolicy):
    def __init__(self):
        super().__init__(Signaal)

    def basis_queryset(self):
        return Signaal.objects.select_related(
            "categorie", "buurt", "wijk", "behandelaar", "programma"
        ).defer(*ZONDER_GRENZEN)


def mag_beslissen(user, signaal: Signaal) -> bool:
    """Staff of the signal's district who may change signals (coordinators, administrators)."""
    return SignaalPermissionPolicy().user_has_permission_for_instance(user, "change", signaal)


def mag_melder_zien(user, signaal: Signaal) -> bool:
    """Who may ask (with a reason, logged) who sent a signal: the same staff who decide on it."""
    return mag_beslissen(user, signaal)


def is_eigen_signaal(user, signaal: Signaal) -> bool:
    return signaal.bewoner_id is not None and signaal.bewoner_id == user.pk


def mag_foto_zien(request, signaal: Signaal) -> bool:
    """The sender, or staff of the signal's district with a second factor in this session."""
    user = request.user
    if is_eigen_signaal(user, signaal):
        return True
    return (
        is_staff_gebruiker(user)
        and sessie_heeft_mfa(request)
        and SignaalPermissionPolicy().user_has_any_permission_for_instance(
            user, ["view", "change"], signaal
        )
    )


def signaal_met_foto(request, pk) -> Signaal:
    """A signal whose photo this user may see; 404 otherwise (ids leak nothing)."""
    signaal = get_object_or_404(
        Signaal.objects.exclude(foto="").only("pk", "bewoner", "wijk", "foto", "foto_mime"),
        pk=pk,
    )
    if not mag_foto_zien(request, signaal):
        raise Http404
    return signaal


def eigen_signalen(user):
    """The resident's own signals, for "Mijn signalen" and the detail page."""
    return (
        Signaal.objects.filter(bewoner=user)
        .select_related("categorie", "buurt", "wijk")
        .defer(*ZONDER_GRENZEN)
    )


def eigen_signaal_of_404(user, pk) -> Signaal:
    """The resident's own signal; anyone else's answers 404 like a missing one."""
    return get_object_or_404(eigen_signalen(user), pk=pk)
