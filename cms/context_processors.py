from django.core.cache import cache
from wagtail.models import Site

from .models import SITE_LINKS_CACHE_KEY, SiteLinks


def site_links(request):
    """URLs of the footer pages (accessibility and privacy statements), cached per site."""
    site = Site.find_for_request(request)
    if site is None:
        return {"site_links": {}}
    key = SITE_LINKS_CACHE_KEY.format(site_id=site.pk)
    links = cache.get(key)
    if links is None:
        instellingen = SiteLinks.for_site(site)
        links = {}
        for naam, pagina in (
            ("toegankelijkheid", instellingen.toegankelijkheidsverklaring),
            ("privacy", instellingen.privacyverklaring),
        ):
            if pagina is not None and pagina.live:
                links[naam] = pagina.get_url(request)
        cache.set(key, links, 60 * 60)
    return {"site_links": links}
