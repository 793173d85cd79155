"""Development: `make run`. Embedded defaults, debug on, e-mail to the console."""

from .env import setdefault

setdefault("DEBUG", "true")
setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Template and page changes show at once while developing (cms/paginacache.py).
setdefault("PAGINACACHE_SECONDEN", "0")

from .base import *  # noqa: E402

# Runserver serves static files from the finders; no collectstatic needed in development.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# runserver serves static files itself; WhiteNoise is for production (collectstatic).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
