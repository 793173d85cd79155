from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

import pytest

from portal.accounts.roles import (
    BEHEERDER,
    EINDREDACTEUR,
    REDACTEUR,
    ROLLEN,
    WIJKCOORDINATOR,
    WORKFLOW_NAAM,
    zorg_voor_rollen,
)

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_and_wagtails_defaults_are_gone():
    namen = set(Group.objects.values_list("name", flat=True))
    assert set(ROLLEN) <= namen
    assert not {"Editors", "Moderators"} & namen


def test_roles_are_idempotent():
    voor = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    zorg_voor_rollen()
    na = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert voor == na


def test_coordinator_has_admin_access_but_cannot_edit_pages_or_users(coordinator_tanthof):
    assert coordinator_tanthof.has_perm("wagtailadmin.access_admin")
    assert not coordinator_tanthof.has_perm("accounts.change_user")
    home = Page.objects.get(depth=2)
    perms = home.permissions_for_user(coordinator_tanthof)
    assert not perms.can_edit()


def test_editor_edits_but_cannot_publish(redacteur):
    perms = Page.objects.get(depth=2).permissions_for_user(redacteur)
    assert perms.can_edit()
    assert not perms.can_publish()


def test_final_editor_publishes(eindredacteur):
    perms = Page.objects.get(depth=2).permissions_for_user(eindredacteur)
    assert perms.can_publish()


def test_administrator_manages_users_and_districts_not_pages(beheerder):
    assert beheerder.has_perm("accounts.change_user")
    assert beheerder.has_perm("gebieden.change_wijk")
    assert not Page.objects.get(depth=2).permissions_for_user(beheerder).can_publish()


def test_publication_goes_through_the_final_editors_approval():
    workflow = Workflow.objects.get(name=WORKFLOW_NAAM)
    assert workflow.active
    home = Page.objects.get(depth=2)
    assert home.get_workflow() == workflow
    taak = workflow.tasks.get().specific
    assert list(taak.groups.values_list("name", flat=True)) == [EINDREDACTEUR]


@pytest.mark.parametrize("rol", [WIJKCOORDINATOR, REDACTEUR, EINDREDACTEUR, BEHEERDER])
def test_no_role_is_superuser_like(rol):
    perms = set(Group.objects.get(name=rol).permissions.values_list("codename", flat=True))
    assert "delete_group" not in perms
    assert "add_site" not in perms
