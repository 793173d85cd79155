from django.conf import settings

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware


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
