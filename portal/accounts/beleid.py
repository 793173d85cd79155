"""A Wagtail permission policy for any model that belongs to a district: the model
permissions of the user's roles, narrowed to the districts they act for (``scoping``).

Admin viewsets of district items (play spaces, defect reports, ...) use it — or a subclass that
says where the item's district is — so the district rule is written once, in the kernel.
"""

from django.db.models import QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .scoping import beperk_tot_wijken, mag_handelen


class WijkPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the roles) narrowed to the user's districts.

    ``wijk_veld`` is the lookup path to the item's district; ``mag_handelen`` finds the district
    of one instance itself (``wijk_id``). Both the "any" and the single-action instance checks
    are narrowed: Wagtail's base class answers the single-action one from the model permission
    alone. See ``wagtail.permission_policies.base`` for the methods overridden here.
    """

    wijk_veld = "wijk"

    def __init__(self, model, wijk_veld: str | None = None):
        super().__init__(model)
        if wijk_veld:
            self.wijk_veld = wijk_veld

    def basis_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return beperk_tot_wijken(self.basis_queryset(), user, self.wijk_veld)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and mag_handelen(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)
