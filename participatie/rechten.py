"""The one access policy for applications and their attachments.

"Who may see or change this application / this attachment?" is answered here and nowhere
else: the resident views, the download view and the staff screens (through
``AanvraagPermissionPolicy``, a Wagtail permission policy) all ask this module. It is built on
the kernel's district rule (``portal.accounts.scoping``) and second-factor check
(``portal.accounts.middleware``).

- A resident reaches only their own applications. Anyone else's answers 404, exactly like one
  that does not exist, so ids leak nothing.
- Staff reach the submitted applications of the districts they act for
  (``scoping.mag_handelen``), and only in a session with a second factor. Drafts are the
  resident's own business until submitted.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal.accounts.middleware import is_staff_gebruiker, sessie_heeft_mfa
from portal.accounts.scoping import beperk_tot_wijken, mag_handelen

from .constants import Status
from .models import Aanvraag

# District and neighbourhood boundaries are large GeoJSON that no application page shows.
ZONDER_GRENZEN = ("wijk__grens", "buurt__grens")


def _aanvragen() -> QuerySet:
    return Aanvraag.objects.select_related("regeling", "wijk", "buurt").defer(*ZONDER_GRENZEN)


def eigen_aanvraag(user, pk, *, voor_update: bool = False) -> Aanvraag:
    """The application with this id *of this user*, or 404 (never another resident's)."""
    queryset = _aanvragen()
    if voor_update:
        # Lock only the application row: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins to district and neighbourhood.
        queryset = queryset.select_for_update(of=("self",))
    return get_object_or_404(queryset, pk=pk, aanvrager=user)


def bewerkbare_aanvraag(user, pk) -> Aanvraag:
    """The user's own application, only while its content may still be edited."""
    aanvraag = eigen_aanvraag(user, pk)
    if not aanvraag.is_bewerkbaar:
        raise Http404
    return aanvraag


def is_medewerker_met_tweede_factor(request) -> bool:
    return is_staff_gebruiker(request.user) and sessie_heeft_mfa(request)


def mag_zien_als_medewerker(request, aanvraag: Aanvraag) -> bool:
    """Staff of the application's district, with a second factor, once it is submitted."""
    return (
        not aanvraag.is_concept
        and is_medewerker_met_tweede_factor(request)
        and mag_handelen(request.user, aanvraag)
    )


def zichtbare_aanvraag(request, pk) -> Aanvraag:
    """For read-only views shared by the applicant and the district's staff (attachments)."""
    aanvraag = get_object_or_404(_aanvragen(), pk=pk)
    if aanvraag.aanvrager_id == request.user.pk or mag_zien_als_medewerker(request, aanvraag):
        return aanvraag
    raise Http404


def aanvragen_voor_medewerker(user) -> QuerySet:
    """Submitted applications in the user's districts (none for users without a district)."""
    return beperk_tot_wijken(_aanvragen().exclude(status=Status.CONCEPT), user)


class AanvraagPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the roles) narrowed to the user's districts, for the staff
    screens built on Wagtail's viewsets.

    https://docs.wagtail.org/en/stable/extending/customising_group_views.html and
    ``wagtail.permission_policies.base`` for the methods overridden here.
    """

    def __init__(self):
        super().__init__(Aanvraag)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Aanvraag.objects.none()
        return aanvragen_voor_medewerker(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions)
            and not instance.is_concept
            and mag_handelen(user, instance)
        )

    def user_has_permission_for_instance(self, user, action, instance):
        # Wagtail's base answers this one from the model permission alone; narrow it too, so
        # no caller can ask the question that skips the district.
        return self.user_has_any_permission_for_instance(user, [action], instance)
