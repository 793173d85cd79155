"""Production settings for the fault runs on plain HTTP at 127.0.0.1.

Everything is ``portal.settings.production`` (DEBUG off, WhiteNoise with the manifest storage,
Redis cache and broker, PostgreSQL with its timeouts, the SMTP backend), except the four
settings that assume a TLS proxy in front: without them a client on http://127.0.0.1 would be
redirected to https:// and its session and CSRF cookies, marked Secure, would never come back.
Nothing here is used outside ``ops/``.
"""

from portal.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
