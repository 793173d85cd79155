import logging

from django.conf import settings

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

logger = logging.getLogger(__name__)


def _header(policy: dict[str, list[str]]) -> str:
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy``: no browser features by default.

    A view that needs one (e.g. the location picker asking for geolocation) sets
    ``request.permissions_policy = {"geolocation": ["self"]}`` and only that feature is
    loosened for that response.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = dict(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        policy = {**self.policy, **getattr(request, "permissions_policy", {})}
        response.headers.setdefault("Permissions-Policy", _header(policy))
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one exception: the Wagtail admin may run inline scripts and styles.

    The public site (everything residents see) gets the strict policy from settings, without
    'unsafe-inline'. Wagtail 7.4's admin still initialises several widgets (choosers, date
    pickers) with inline ``<script>`` blocks and sets inline styles, so under the admin prefix
    'unsafe-inline' is added to script-src and style-src only; every other directive (no
    external hosts, no plugins, form-action 'self') stays as strict as on the site, except that
    the admin may frame itself (page preview).
    Admin users are authenticated staff with two-factor authentication.
    """

    admin_prefixes = ("/admin/",)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(self.admin_prefixes):
            extra = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}
            parts.update = {**(parts.update or {}), **extra}
            # The page editor shows its live preview in an iframe of the admin itself.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


# PostgreSQL SQLSTATEs of a cancelled wait: statement_timeout (query_canceled) and lock_timeout
# (lock_not_available). https://www.postgresql.org/docs/current/errcodes-appendix.html
WACHTTIJD_VERSTREKEN = {"57014", "55P03"}


class DatabaseWachttijdMiddleware:
    """A database wait that ran out (settings DB_STATEMENT_TIMEOUT_MS / DB_LOCK_TIMEOUT_MS), or
    an object store that does not answer (``portal.bijlagen.OpslagNietBeschikbaar``), answers
    the Dutch 503 "busy, try again" page instead of a 500 or a killed worker. The request's
    transaction is rolled back, so nothing half-saved remains."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        from portal.bijlagen import OpslagNietBeschikbaar

        from .throttle import probeer_later

        if isinstance(exception, OpslagNietBeschikbaar):
            # The object store is down: the same Dutch "try again"; the request's transaction
            # is rolled back and no file was half written.
            logger.warning("object store unavailable on %s: %s", request.path, exception)
            return probeer_later(request, retry_after=20)
        oorzaak = getattr(exception, "__cause__", None)
        if isinstance(exception, OperationalError) and (
            getattr(oorzaak, "sqlstate", None) in WACHTTIJD_VERSTREKEN
        ):
            logger.warning("database wait timed out on %s: %s", request.path, oorzaak)
            return probeer_later(request, retry_after=10)
        return None
