"""The one object-scoping rule, used by every view that loads a district-bound object."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

import pytest

from portal.accounts.models import User
from portal.accounts.roles import REDACTEUR, WIJKCOORDINATOR
from portal.accounts.scoping import (
    beperk_tot_wijken,
    get_object_in_wijk_or_404,
    mag_handelen,
    mag_handelen_in_wijk,
    vergeet_scope,
    wijk_ids_van,
)
from portal.gebieden.models import Buurt, Wijk

pytestmark = pytest.mark.django_db


def item_in(wijk):
    """Any object that belongs to a district (later: an Aanvraag, a Melding, ...)."""
    return SimpleNamespace(wijk_id=wijk.pk)


def test_coordinator_acts_on_own_district_only(coordinator_tanthof, tanthof, buitenhof):
    assert mag_handelen(coordinator_tanthof, item_in(tanthof))
    assert not mag_handelen(coordinator_tanthof, item_in(buitenhof))
    assert mag_handelen_in_wijk(coordinator_tanthof, tanthof)
    assert not mag_handelen_in_wijk(coordinator_tanthof, buitenhof.pk)


def test_beheerder_and_superuser_act_on_every_district(beheerder, buitenhof):
    superuser = User.objects.create_superuser("root@example.org", "x" * 12)
    for user in (beheerder, superuser):
        assert mag_handelen(user, item_in(buitenhof))
        assert wijk_ids_van(user) is None


@pytest.mark.parametrize("wie", ["bewoner", "redacteur", "anoniem", "inactief"])
def test_others_act_on_no_district(wie, bewoner, redacteur, coordinator_tanthof, tanthof):
    if wie == "anoniem":
        user = AnonymousUser()
    elif wie == "inactief":
        user = coordinator_tanthof
        user.is_active = False
    else:
        user = {"bewoner": bewoner, "redacteur": redacteur}[wie]
    assert not mag_handelen(user, item_in(tanthof))
    assert not mag_handelen_in_wijk(user, None)


def test_district_link_without_the_coordinator_role_grants_nothing(bewoner, tanthof):
    tanthof.coordinatoren.add(bewoner)
    assert not mag_handelen(bewoner, item_in(tanthof))


def test_coordinator_of_two_districts(coordinator_tanthof, buitenhof, tanthof):
    buitenhof.coordinatoren.add(coordinator_tanthof)
    vergeet_scope(coordinator_tanthof)
    assert wijk_ids_van(coordinator_tanthof) == {tanthof.pk, buitenhof.pk}


def test_querysets_are_limited_to_the_users_districts(
    coordinator_tanthof, beheerder, bewoner, tanthof
):
    buurten = beperk_tot_wijken(Buurt.objects.all(), coordinator_tanthof)
    assert set(buurten.values_list("wijk_id", flat=True)) == {tanthof.pk}
    assert beperk_tot_wijken(Buurt.objects.all(), beheerder).count() == 91
    assert beperk_tot_wijken(Buurt.objects.all(), bewoner).count() == 0


def test_loading_an_object_of_another_district_is_404(coordinator_tanthof, buitenhof, tanthof):
    eigen = Buurt.objects.filter(wijk=tanthof).first()
    ander = Buurt.objects.filter(wijk=buitenhof).first()
    assert get_object_in_wijk_or_404(coordinator_tanthof, Buurt.objects.all(), pk=eigen.pk) == eigen
    with pytest.raises(Http404):
        get_object_in_wijk_or_404(coordinator_tanthof, Buurt.objects.all(), pk=ander.pk)
    with pytest.raises(Http404):
        get_object_in_wijk_or_404(coordinator_tanthof, Buurt.objects.all(), pk=-1)


def test_scope_through_a_related_object(coordinator_tanthof, tanthof, buitenhof):
    ander = Buurt.objects.filter(wijk=buitenhof).first()
    with pytest.raises(Http404):
        get_object_in_wijk_or_404(
            coordinator_tanthof, Buurt.objects.all(), wijk_veld="cbs_wijk__wijk", pk=ander.pk
        )


def test_a_wijk_itself_is_scoped(coordinator_tanthof, tanthof, buitenhof):
    assert mag_handelen(coordinator_tanthof, tanthof)
    assert not mag_handelen(coordinator_tanthof, buitenhof)


def test_scope_is_computed_once_per_user_object(coordinator_tanthof, tanthof):
    mag_handelen(coordinator_tanthof, item_in(tanthof))
    with CaptureQueriesContext(connection) as queries:
        for wijk in Wijk.objects.all():
            mag_handelen(coordinator_tanthof, item_in(wijk))
    assert len(queries) == 1  # only the Wijk listing itself


def test_coordinators_districts_are_data_not_groups():
    # District *editors* are a group per district page (cms/redactie.py): Wagtail grants page
    # permissions per group and subtree. Coordinators' districts are the Wijk relation.
    per_wijk = Group.objects.filter(name__icontains="tanthof")
    assert list(per_wijk.values_list("name", flat=True)) == [f"{REDACTEUR} Tanthof"]
    assert Group.objects.filter(name=WIJKCOORDINATOR).count() == 1
