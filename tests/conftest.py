"""Shared fixtures, named after the roles they play.

The test database is built once per session with Delft's real geography, the demo pages and
the demo accounts (``cms.demo.laad_demo``); every test runs in a transaction on top of it.
"""

from django.core.cache import cache

import pytest

from cms.demo import DEMO_WACHTWOORD
from portal.accounts.models import User
from portal.gebieden.models import Wijk


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cms.demo import laad_demo

    with django_db_blocker.unblock():
        laad_demo()


@pytest.fixture(autouse=True)
def _schone_cache():
    """Rate-limit counters and cached footer links must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wachtwoord():
    return DEMO_WACHTWOORD


@pytest.fixture
def tanthof(db):
    return Wijk.objects.get(slug="tanthof")


@pytest.fixture
def buitenhof(db):
    return Wijk.objects.get(slug="buitenhof")


@pytest.fixture
def bewoner(db):
    return User.objects.get(email="bewoner@example.org")


@pytest.fixture
def bewoner_b(db):
    return User.objects.get(email="bewoner2@example.org")


@pytest.fixture
def coordinator_tanthof(db):
    return User.objects.get(email="coordinator.tanthof@example.org")


@pytest.fixture
def coordinator_buitenhof(db):
    return User.objects.get(email="coordinator.buitenhof@example.org")


@pytest.fixture
def redacteur(db):
    return User.objects.get(email="redacteur@example.org")


@pytest.fixture
def eindredacteur(db):
    return User.objects.get(email="eindredacteur@example.org")


@pytest.fixture
def beheerder(db):
    return User.objects.get(email="beheerder@example.org")
