"""Production. Refuses to start with an unsafe configuration.

Required: SECRET_KEY, ALLOWED_HOSTS (no wildcard), DATABASE_URL; recommended: REDIS_URL and the
EMAIL_* settings. See `.env.example`.
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env, env_int, env_list, setdefault

setdefault("DEBUG", "false")
setdefault("LOG_FORMAAT", "json")  # one JSON object per log record (portal/core/waarneming.py)

from .base import *  # noqa: E402

# No development fallback for hosts in production: they must be listed explicitly.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
if any(host == "*" or host.startswith("*") for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must not contain wildcards in production.")

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
