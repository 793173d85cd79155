"""Shared settings. Every tunable is read from the environment; ``.env.example`` lists them."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from botocore.config import Config as BotoConfig
from csp.constants import NONE, SELF

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the packages below.
    "portal.core",
    "portal.accounts",
    "portal.gebieden",
    "portal.mail",
    "cms",
    "participatie",
    "speelkaart",
    # Wagtail
    "django.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Maps and background tasks
    "leaflet",
    "django_q",
    "csp",
    # Django. SimpleAdminConfig: plain admin autodiscovers leaflet.admin, which needs GDAL.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    # A request id on every request, log line and task; one log line per request.
    "portal.core.waarneming.VerzoekIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.core.middleware.ContentSecurityPolicyMiddleware",
    "portal.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page responses from the cache; before the session middleware (cms/paginacache.py).
    "cms.paginacache.PaginaCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.core.middleware.DatabaseWachttijdMiddleware",
    "portal.core.throttle.PostThrottleMiddleware",
    "portal.accounts.middleware.StaffMFAMiddleware",
    "portal.accounts.middleware.TweedeFactorVoorAuthenticatorsMiddleware",
    "portal.accounts.adminrechten.AdminRechtenMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.site",
                "cms.context_processors.navigatie",
            ],
        },
    },
]
# One project-wide field and form template (NL Design System markup) for every Django form.
FORM_RENDERER = "portal.core.forms.NLDesignFormRenderer"

# Database: SQLite by default (embedded, `make run`), PostgreSQL through DATABASE_URL.
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Bounded waits on PostgreSQL: a statement or a lock wait that takes longer is cancelled and
# the request answers the Dutch 503 "try again" page (portal.core.middleware), well before the
# web server's worker timeout (GUNICORN_TIMEOUT, 30 s) would kill the worker.
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 15000)
DB_LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c lock_timeout={DB_LOCK_TIMEOUT_MS}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + immediate transactions: the web process and the django-q2 worker write at the same
    # time; without these SQLite answers "database is locked" under light concurrency.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and the task broker: local memory / database by default, Redis via REDIS_URL.
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "wijkportaal")
# Short socket timeouts: a frozen Redis costs a request about a second, not the whole request.
REDIS_SOCKET_TIMEOUT = float(env("REDIS_SOCKET_TIMEOUT", "1"))
REDIS_CONNECT_TIMEOUT = float(env("REDIS_CONNECT_TIMEOUT", "1"))
# After a Redis error each process skips the cache this many seconds (portal/core/cache.py).
REDIS_PAUZE_NA_FOUT = float(env("REDIS_PAUZE_NA_FOUT", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades instead of failing when Redis is down (portal/core/cache.py).
            "BACKEND": "portal.core.cache.VeiligeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            },
        }
    }
    # The database is the record, Redis the fast copy: a Redis outage logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "wijkportaal",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Anonymous page responses are served from the cache for this many seconds, and at once anew
# after a publish (cms/paginacache.py). Data that change without a publish (approved
# initiatives, schemes opening by date) may be this old on a public page. 0: off.
PAGINACACHE_SECONDEN = env_int("PAGINACACHE_SECONDEN", 60)

# django-q2. `retry` must exceed `timeout`, or a slow task is started twice; `max_attempts`
# bounds how often a failing task is retried (https://django-q2.readthedocs.io/en/master/configure.html).
Q_CLUSTER = {
    "name": "wijkportaal",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 60),
    "retry": env_int("Q_RETRY", 120),
    "max_attempts": env_int("Q_MAX_ATTEMPTS", 5),
    # The ORM broker re-delivers a failed or lost task after `retry` seconds (at most
    # `max_attempts` times); the Redis broker takes a task off the queue when a worker picks it
    # up and never re-delivers it. Work that must not be lost therefore lives in the database:
    # e-mail is an outbox row that a sweep re-queues (portal/mail/tasks.py).
    "ack_failures": False,
    # Successful tasks are not stored; failed ones are (with ids as arguments, never content)
    # and removed by a retention rule after MAIL_BEWAAR_DAGEN.
    "save_limit": -1,
    "catch_up": False,
    "label": _("Background tasks"),
}
if REDIS_URL:
    # The broker blocks up to 1 s per poll (BLPOP), so its socket timeout must be longer.
    _scheiding = "&" if "?" in REDIS_URL else "?"
    Q_CLUSTER["redis"] = f"{REDIS_URL}{_scheiding}socket_timeout=5&socket_connect_timeout=2"
else:
    Q_CLUSTER["orm"] = "default"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "portal.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail only, mandatory verification, login by code, rate limits on.
# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Wijkportaal Delft] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated here so they are visible and tunable.
    "login": env("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": env("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": env("RATE_LIMIT_SIGNUP", "20/m/ip"),
    "confirm_email": "1/3m/key",
    "reset_password": env("RATE_LIMIT_RESET_PASSWORD", "20/m/ip,5/m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "request_login_code": env("RATE_LIMIT_LOGIN_CODE", "20/m/ip,3/m/key"),
    "change_phone": "1/m/user",
    "reauthenticate": "10/m/user",
}
# Site-wide budget for public POST requests (portal/core/throttle.py); "" switches one off.
THROTTLE_POST_PER_IP = env("THROTTLE_POST_PER_IP", "60/m")
THROTTLE_POST_PER_ACCOUNT = env("THROTTLE_POST_PER_ACCOUNT", "30/m")
THROTTLE_TRUST_X_FORWARDED_FOR = env_bool("THROTTLE_TRUST_X_FORWARDED_FOR", False)
# When the cache is down: "toestaan" (allow and log) or "weigeren" (503); see throttle.py.
THROTTLE_ZONDER_CACHE = env("THROTTLE_ZONDER_CACHE", "toestaan")
# Retention: accounts whose e-mail address was never verified are deleted after this many days.
RETENTIE_ONBEVESTIGD_DAGEN = env_int("RETENTIE_ONBEVESTIGD_DAGEN", 14)
# Drafts of applications untouched this long are deleted; personal data of handled (closed,
# withdrawn, rejected) applications is removed after this long, amounts and decisions remain.
RETENTIE_CONCEPT_DAGEN = env_int("RETENTIE_CONCEPT_DAGEN", 90)
RETENTIE_AANVRAAG_DAGEN = env_int("RETENTIE_AANVRAAG_DAGEN", 730)
# Play-space defect reports: the photo of a handled report, and the link to the reporter of
# handled reports and wishes (speelkaart/privacy.py).
RETENTIE_MELDING_FOTO_DAGEN = env_int("RETENTIE_MELDING_FOTO_DAGEN", 180)
RETENTIE_MELDING_DAGEN = env_int("RETENTIE_MELDING_DAGEN", 730)
# Signals (participatie/signalen/privacy.py): closed signals lose the sender and the photo after
# this many days since their last change; the logbook entry itself stays, anonymous.
RETENTIE_SIGNAAL_DAGEN = env_int("RETENTIE_SIGNAAL_DAGEN", 365)
# Consultations (participatie/raadplegingen/privacy.py): this many days after closing, responses
# lose the link to the account and the e-mail address (answers stay, anonymous, in the results)
# and responses never sent are deleted.
RETENTIE_RAADPLEGING_DAGEN = env_int("RETENTIE_RAADPLEGING_DAGEN", 365)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Wijkportaal Delft"
# Accept the code of the previous or next 30-second step too (RFC 6238 §5.2: network delay and
# clock drift); a code typed at the end of its step no longer fails for staff (or tests).
MFA_TOTP_TOLERANCE = 1

# Wagtail
WAGTAIL_SITE_NAME = "Wijkportaal Delft"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Staff log in through allauth (with MFA), never through Wagtail's own login form.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Staff change their e-mail address through allauth (verified), not in Wagtail's account page.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send a hash of every staff e-mail address to a third
# party and needs an external image host in the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.core.zoeken"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Dutch stemming and stop words for PostgreSQL full text ("speelplekken" finds "speelplek").
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "csv", "txt"]

# Internationalisation: Dutch first, English msgids.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Attachments of applications: outside MEDIA_ROOT and STATIC_ROOT, served only through a view
# that checks the object (portal/bijlagen/).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
BIJLAGE_MAX_BYTES = env_int("BIJLAGE_MAX_MB", 10) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Object storage (S3-compatible, django-storages) instead of local disk, so that every web host
# sees the same files: S3_BUCKET_PRIVE for residents' attachments (private objects, streamed
# only by the checked views: portal/bijlagen/opslag.py), S3_BUCKET_PUBLIEK for Wagtail's images
# and documents. Empty: local disk (the embedded default).
S3_BUCKET_PRIVE = env("S3_BUCKET_PRIVE", "")
S3_BUCKET_PUBLIEK = env("S3_BUCKET_PUBLIEK", "")
AWS_S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", "") or None
AWS_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", "") or None
AWS_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", "") or None
AWS_S3_REGION_NAME = env("S3_REGION", "") or None
# Path-style addresses (http://host/bucket/key) work with every S3-compatible store; short
# waits: a store that does not answer is an error page in seconds, not a hung worker.
AWS_S3_CLIENT_CONFIG = BotoConfig(
    s3={"addressing_style": env("S3_ADDRESSING_STYLE", "path")},
    signature_version="s3v4",
    connect_timeout=env_int("S3_CONNECT_TIMEOUT", 2),
    read_timeout=env_int("S3_READ_TIMEOUT", 10),
    retries={"max_attempts": 2, "mode": "standard"},
)
# Documents are streamed by Wagtail's view, which checks a private collection first, also when
# they live in the public bucket (never a redirect to the store).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
if S3_BUCKET_PUBLIEK:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET_PUBLIEK,
            "default_acl": "public-read",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# E-mail: every transactional e-mail is a row in the outbox (portal.mail), sent by a task.
MAIL_MAX_POGINGEN = env_int("MAIL_MAX_POGINGEN", 8)
MAIL_EERSTE_WACHTTIJD = env_int("MAIL_EERSTE_WACHTTIJD", 30)  # seconds; doubles per attempt
MAIL_MAX_WACHTTIJD = env_int("MAIL_MAX_WACHTTIJD", 3600)
# A row still "sending" after this many seconds belonged to a worker that died: send it again.
MAIL_CLAIM_TIMEOUT = env_int("MAIL_CLAIM_TIMEOUT", 600)
MAIL_VEEG_MAX = env_int("MAIL_VEEG_MAX", 500)  # rows queued per sweep
MAIL_BEWAAR_DAGEN = env_int("MAIL_BEWAAR_DAGEN", 30)  # sent/failed rows and task records
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Wijkportaal Delft <noreply@wijkportaal.delft.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Maps. Tiles are configurable and may be switched off (empty string), as the tests do.
MAP_TILES_URL = env(
    "MAP_TILES_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    "Kaartgegevens © Kadaster / PDOK (BRT-Achtergrondkaart), © OpenStreetMap-bijdragers",
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.0, 4.36),
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 11,
    "MAX_ZOOM": 19,
    "TILES": [("PDOK BRT-Achtergrondkaart", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})]
    if MAP_TILES_URL
    else [],
    "ATTRIBUTION_PREFIX": "Leaflet",
    "RESET_VIEW": False,
}
# Geocoder for the check "is the point on the map near the typed address?" (step 2 of an
# application; portal/gebieden/geocoder.py). Empty URL: off, and the form gives no such warning.
GEOCODER_URL = env("GEOCODER_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free")
GEOCODER_BACKEND = env("GEOCODER_BACKEND", "portal.gebieden.geocoder.pdok")
CBS_ATTRIBUTION = (
    "Bron: CBS – Wijk- en Buurtkaart 2023 en Kerncijfers wijken en buurten 2024 (CC BY 4.0)"
)

# Security defaults shared by every environment; production tightens them further.
# Content Security Policy without 'unsafe-inline': our templates have no inline scripts or
# styles, Leaflet sets styles only through the CSSOM, and data: images are the vendored CSS
# icons and allauth's TOTP QR code. https://django-csp.readthedocs.io/en/latest/configuration.html
_TEGEL_HOST = ""
if MAP_TILES_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tegels = _urlsplit(MAP_TILES_URL)
    _TEGEL_HOST = f"{_tegels.scheme}://{_tegels.netloc}"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"] + ([_TEGEL_HOST] if _TEGEL_HOST else []),
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features: none by default; views that offer "use my location" allow geolocation.
PERMISSIONS_POLICY = {
    "geolocation": [],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# LOG_FORMAAT "json": one JSON object per record (production); "tekst": readable lines. Every
# record carries the request id (portal/core/waarneming.py).
LOG_FORMAAT = env("LOG_FORMAAT", "tekst")
# Bearer token of /gezond/metrieken/ (Prometheus text format); empty: the endpoint answers 404.
METRIEKEN_TOKEN = env("METRIEKEN_TOKEN", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"verzoek_id": {"()": "portal.core.logboek.VerzoekIdFilter"}},
    "formatters": {
        "json": {"()": "portal.core.logboek.JsonFormatter"},
        "tekst": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["verzoek_id"],
            "formatter": LOG_FORMAAT if LOG_FORMAAT in ("json", "tekst") else "tekst",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its search-index and reference-index updates as django-tasks; one
        # INFO line per task drowns everything else.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django-q": {"level": env("Q_LOG_LEVEL", "WARNING")},
        # One line per request (portal.core.waarneming); LOG_VERZOEKEN=WARNING silences it.
        "portal.verzoeken": {"level": env("LOG_VERZOEKEN", "INFO")},
    },
}
