"""sitemap.xml: every live, public page at the site's public address (WAGTAILADMIN_BASE_URL),
not whatever host a request arrived on (the same base as canonical URLs and e-mails)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PaginaSitemap(Sitemap):
    limit = 5000

    def items(self):
        return (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .order_by("path")
            .only("url_path", "path", "last_published_at")
        )

    def location(self, pagina):
        return pagina.url  # relative for a single site; the framework adds the public base

    def lastmod(self, pagina):
        return pagina.last_published_at

    def get_protocol(self, protocol=None):
        return urlsplit(settings.WAGTAILADMIN_BASE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
