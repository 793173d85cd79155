"""Absolute URLs for places outside a request (e-mails, tasks): the configured public base.

``WAGTAILADMIN_BASE_URL`` (from the environment) is the site's public address; e-mails never
link to whatever host a request happened to arrive on.
"""

from django.conf import settings


def publieke_url(pad: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + pad
