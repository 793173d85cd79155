"""A Redis cache that degrades instead of failing: a cache outage is a slow site, not a down one.

Everything the portal keeps in the cache can be recomputed or lives elsewhere too: footer links
come from the database, sessions are ``cached_db`` (the database is the record), allauth's and
our rate-limit counters start again. So when Redis is down or frozen, reads answer "miss",
writes are dropped, and the error is logged (at most once per ``LOG_INTERVAL`` seconds per
process, not once per request). Short socket timeouts (settings ``REDIS_SOCKET_TIMEOUT``) bound
what a frozen Redis costs a request.

Rate limiters must decide what a missing counter means, and one setting decides for both:
``THROTTLE_ZONDER_CACHE``. Our POST throttle gets ``CacheNietBeschikbaar`` from ``incr`` and
chooses (``portal.core.throttle``); allauth's limiter takes a lock with ``add`` first, so during
an outage ``add`` answers True ("toestaan": limits off, requests go through) or False
("weigeren": allauth answers 429). https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_INTERVAL = 30


class CacheNietBeschikbaar(Exception):
    """The cache could not be reached; raised only where a caller has to decide."""


class VeiligeRedisCache(RedisCache):
    _laatste_melding = 0.0
    # After an error, skip Redis for REDIS_PAUZE_NA_FOUT seconds (per process): a frozen Redis
    # then costs one socket timeout per process and pause, not one per cache call. Measured
    # with `make faults`: without it a page made several calls and waited a second for each.
    _pauze_tot = 0.0

    def _in_pauze(self) -> bool:
        return time.monotonic() < VeiligeRedisCache._pauze_tot

    def _storing(self, bewerking: str, fout: Exception) -> None:
        nu = time.monotonic()
        VeiligeRedisCache._pauze_tot = nu + getattr(settings, "REDIS_PAUZE_NA_FOUT", 5)
        if nu - VeiligeRedisCache._laatste_melding > LOG_INTERVAL:
            VeiligeRedisCache._laatste_melding = nu
            logger.warning("cache unavailable (%s): %s; continuing without it", bewerking, fout)

    def get(self, key, default=None, version=None):
        if self._in_pauze():
            return default
        try:
            return super().get(key, default, version)
        except RedisError as fout:
            self._storing("get", fout)
            return default

    def get_many(self, keys, version=None):
        if self._in_pauze():
            return {}
        try:
            return super().get_many(keys, version)
        except RedisError as fout:
            self._storing("get_many", fout)
            return {}

    def has_key(self, key, version=None):
        if self._in_pauze():
            return False
        try:
            return super().has_key(key, version)
        except RedisError as fout:
            self._storing("has_key", fout)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._in_pauze():
            return None
        try:
            return super().set(key, value, timeout, version)
        except RedisError as fout:
            self._storing("set", fout)
            return None

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._in_pauze():
            return settings.THROTTLE_ZONDER_CACHE != "weigeren"
        try:
            return super().add(key, value, timeout, version)
        except RedisError as fout:
            self._storing("add", fout)
            return settings.THROTTLE_ZONDER_CACHE != "weigeren"

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if self._in_pauze():
            return list(data)
        try:
            return super().set_many(data, timeout, version)
        except RedisError as fout:
            self._storing("set_many", fout)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        if self._in_pauze():
            return False
        try:
            return super().touch(key, timeout, version)
        except RedisError as fout:
            self._storing("touch", fout)
            return False

    def delete(self, key, version=None):
        if self._in_pauze():
            return False
        try:
            return super().delete(key, version)
        except RedisError as fout:
            self._storing("delete", fout)
            return False

    def delete_many(self, keys, version=None):
        if self._in_pauze():
            return None
        try:
            return super().delete_many(keys, version)
        except RedisError as fout:
            self._storing("delete_many", fout)
            return None

    def incr(self, key, delta=1, version=None):
        if self._in_pauze():
            raise CacheNietBeschikbaar("paused after an error")
        try:
            return super().incr(key, delta, version)
        except RedisError as fout:
            self._storing("incr", fout)
            raise CacheNietBeschikbaar(str(fout)) from fout
