"""Who may prepare which consultation, and whose open answers a staff member moderates.

The management viewset (``admin.py``), the follow-up, repeat and export actions and the quotes
queue (``wachtrij.py``, ``besluiten.py``) ask only this module, for their listings and for every
URL that names an object by id. It is built on the kernel's district rule
(``portal.accounts.scoping``), like ``participatie.rechten`` is for applications:

- ``RaadplegingPermissionPolicy``: the model permissions of the roles (``participatie/apps.py``),
  narrowed per consultation. Editors (Redacteur, Eindredacteur) and those who act on every
  district (Beheerder, superusers) act on all consultations; a district coordinator only on
  consultations that are not citywide and whose districts are all theirs. Another
  consultation answers 404, like a missing one. The form lets coordinators choose only their
  own districts and never "citywide" (``mag_stadsbreed``, ``kiesbare_wijken``).
- ``AntwoordPermissionPolicy``: open-text answers of sent responses, by the respondent's
  district (``Antwoord.wijk``): coordinators of that district and administrators. Answers
  without a district are for those who act on every district only.
- ``mag_reacties_exporteren``: raw responses only for staff with district rights (editors
  prepare consultations, they do not read individual responses).
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal.accounts.beleid import WijkPermissionPolicy
from portal.accounts.roles import EINDREDACTEUR, REDACTEUR
from portal.accounts.scoping import heeft_alle_wijken, wijk_ids_van
from portal.gebieden.models import Wijk

from .constants import CitaatStatus, VraagSoort
from .models import Antwoord, Raadpleging

# Every action on an existing consultation; a view that needs one of them checks it itself.
ALLE_ACTIES = ("view", "change", "delete")
_REDACTIE = (REDACTEUR, EINDREDACTEUR)


def mag_alle_raadplegingen(user) -> bool:
    """Editors and those who act on every district prepare every consultation."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if heeft_alle_wijken(user):
        return True
    cache = "_raadpleging_redactie"
    if not hasattr(user, cache):
        setattr(user, cache, user.groups.filter(name__in=_REDACTIE).exists())
    return getattr(user, cache)


def mag_stadsbreed(user) -> bool:
    """May this user make a consultation citywide? Coordinators may not."""
    return mag_alle_raadplegingen(user)


def kiesbare_wijken(user):
    """The districts this user may give a consultation."""
    wijken = Wijk.objects.defer("grens").order_by("volgorde", "naam")
    if mag_alle_raadplegingen(user):
        return wijken
    return wijken.filter(pk__in=wijk_ids_van(user) or ())


def _binnen_wijken(queryset, ids):
    """Consultations that are not citywide, have districts, and only districts among ``ids``."""
    koppeling = Raadpleging.wijken.through.objects.filter(raadpleging_id=OuterRef("pk"))
    return queryset.filter(
        Exists(koppeling.filter(wijk_id__in=ids)),
        ~Exists(koppeling.exclude(wijk_id__in=ids)),
        stadsbreed=False,
    )


class RaadplegingPermissionPolicy(ModelPermissionPolicy):
    def __init__(self):
        super().__init__(Raadpleging)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = Raadpleging.objects.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if mag_alle_raadplegingen(user):
            return queryset
        ids = wijk_ids_van(user)
        if not ids:
            return queryset.none()
        return _binnen_wijken(queryset, ids)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if mag_alle_raadplegingen(user):
            return True
        ids = wijk_ids_van(user)
        if not ids or instance.pk is None or instance.stadsbreed:
            return False
        eigen = set(instance.wijken.values_list("pk", flat=True))
        return bool(eigen) and eigen <= ids

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class AntwoordPermissionPolicy(WijkPermissionPolicy):
    """Open-text answers of sent responses, narrowed to the respondent's district."""

    def __init__(self):
        super().__init__(Antwoord)

    def basis_queryset(self):
        return (
            Antwoord.objects.filter(soort=VraagSoort.OPEN, geteld=True)
            .exclude(tekst="")
            .exclude(citaat_status=CitaatStatus.GEEN)
            .select_related("raadpleging", "wijk")
            .defer(
                "wijk__grens",
                "raadpleging__inleiding",
                "raadpleging__opvolging",
            )
        )


def mag_reacties_exporteren(user) -> bool:
    """Raw responses: staff who act for districts (coordinators, administrators)."""
    return heeft_alle_wijken(user) or bool(wijk_ids_van(user))


def reacties_in_scope(queryset, user):
    """Responses limited to the respondent's district among the user's (all for
    administrators; responses without a district only for them)."""
    ids = wijk_ids_van(user)
    if ids is None:
        return queryset
    return queryset.filter(Q(wijk_id__in=ids)) if ids else queryset.none()
