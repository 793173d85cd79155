"""Tests: fast hashing, tasks run synchronously, no map tiles or geocoder, e-mail kept in memory."""

import os

from .env import setdefault

setdefault("SECRET_KEY", "test-only-insecure-key")
setdefault("MAP_TILES_URL", "")
setdefault("GEOCODER_URL", "")  # off: the tests never ask PDOK (portal/gebieden/geocoder.py)
# Off, so query counts measure rendering; tests/cms/test_paginacache.py switches it on.
setdefault("PAGINACACHE_SECONDEN", "0")
# A separate cache namespace per run, so a shared Redis never leaks rate-limit counters.
setdefault("CACHE_KEY_PREFIX", f"wijkportaal-test-{os.getpid()}")
if not os.environ.get("DATABASE_URL"):
    setdefault("SQLITE_PATH", ":memory:")

from .base import *  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
Q_CLUSTER["sync"] = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
WAGTAILADMIN_BASE_URL = "http://testserver"
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
