"""The site's navigation for every template, from the page tree, cached per site.

One cache entry per site holds the main menu (the home page's live children marked "show in
menus"; base.html adds the fixed items: news, events, the play-space map, consultations), the
listing pages other templates link to (news, events, barometer) and the footer
links; it is keyed by the content version (cms/inhoudsversie.py), so a published change shows
at once.
"""

from django.core.cache import cache
from wagtail.models import Site

from .inhoudsversie import inhoudsversie
from .models import NAVIGATIE_CACHE_KEY, AgendaIndexPage, BarometerPage, NieuwsIndexPage, SiteLinks

LIJSTPAGINAS = {"nieuws": NieuwsIndexPage, "agenda": AgendaIndexPage, "barometer": BarometerPage}


def _bouw(site, request) -> dict:
    instellingen = SiteLinks.for_site(site)
    links = {}
    for naam, pagina in (
        ("toegankelijkheid", instellingen.toegankelijkheidsverklaring),
        ("privacy", instellingen.privacyverklaring),
    ):
        if pagina is not None and pagina.live:
            links[naam] = pagina.get_url(request)
    home = site.root_page
    lijstpaginas = {}
    for naam, model in LIJSTPAGINAS.items():
        pagina = model.objects.live().descendant_of(home).only("url_path", "path").first()
        if pagina is not None:
            lijstpaginas[naam] = pagina.get_url(request)
    # The news and events listings have fixed places in the main navigation (base.html);
    # a listing page also marked "show in menus" is not listed twice.
    vast = {lijstpaginas.get("nieuws"), lijstpaginas.get("agenda")}
    menu = [
        {"titel": pagina.title, "url": url}
        for pagina in home.get_children().live().in_menu().only("title", "url_path", "path")
        if (url := pagina.get_url(request)) not in vast
    ]
    return {"site_links": links, "hoofdmenu": menu, "lijstpaginas": lijstpaginas}


def navigatie(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"site_links": {}, "hoofdmenu": [], "lijstpaginas": {}}
    key = NAVIGATIE_CACHE_KEY.format(site_id=site.pk, versie=inhoudsversie())
    waarde = cache.get(key)
    if waarde is None:
        waarde = _bouw(site, request)
        cache.set(key, waarde, 60 * 60)
    return waarde
