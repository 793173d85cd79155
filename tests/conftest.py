"""Shared fixtures, named after the roles they play.

The test database is built once per session with Delft's real geography and the demo pages
(``cms.demo.laad_demo``); every test runs in a transaction on top of it. People and schemes come
from the factories in ``tests/factories.py`` with the values a test relies on.
"""

import pytest

from portal.gebieden.models import Wijk
from tests.factories import (
    WACHTWOORD,
    BeheerderFactory,
    BewonerFactory,
    CoordinatorFactory,
    EindredacteurFactory,
    RedacteurFactory,
)

# The SeaweedFS server and bucket fixtures of the object-storage tests (marker objectopslag).
pytest_plugins = ["tests.objectopslag"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from cms.demo import laad_demo

    with django_db_blocker.unblock():
        laad_demo()


@pytest.fixture(autouse=True)
def _schone_cache():
    """Rate-limit counters, cached footer links and a cache pause (after a simulated Redis
    outage, portal/core/cache.py) must not leak between tests."""
    from portal.core.cache import VeiligeRedisCache

    VeiligeRedisCache._pauze_tot = 0.0
    _leeg_eigen_cache()
    yield
    VeiligeRedisCache._pauze_tot = 0.0
    _leeg_eigen_cache()


def _leeg_eigen_cache():
    """Clear this run's cache entries only. On Redis ``cache.clear()`` is FLUSHDB, which would
    also wipe another test run's sessions and counters on a shared server (CACHE_KEY_PREFIX is
    per process: settings/test.py)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from redis.exceptions import RedisError

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    try:
        client = backend._cache.get_client(write=True)
        sleutels = list(client.scan_iter(f"{settings.CACHE_KEY_PREFIX}:*", count=1000))
        if sleutels:
            client.delete(*sleutels)
    except RedisError:
        pass  # a test that simulates a Redis outage: nothing of ours is stored there


@pytest.fixture
def wachtwoord():
    return WACHTWOORD


@pytest.fixture
def tanthof(db):
    return Wijk.objects.get(slug="tanthof")


@pytest.fixture
def buitenhof(db):
    return Wijk.objects.get(slug="buitenhof")


# People per role, built by factories (tests/factories.py), not the demo loader's accounts.


@pytest.fixture
def bewoner(db):
    return BewonerFactory()


@pytest.fixture
def bewoner_b(db):
    return BewonerFactory()


@pytest.fixture
def coordinator_tanthof(tanthof):
    return CoordinatorFactory(wijken=[tanthof])


@pytest.fixture
def coordinator_buitenhof(buitenhof):
    return CoordinatorFactory(wijken=[buitenhof])


@pytest.fixture
def redacteur(db):
    return RedacteurFactory()


@pytest.fixture
def eindredacteur(db):
    return EindredacteurFactory()


@pytest.fixture
def beheerder(db):
    return BeheerderFactory()
