"""Finding pages: the site search with district and page-type filters, sitemap.xml at the
public address, canonical URLs and Open Graph metadata, the main navigation from the tree."""

import re
import xml.etree.ElementTree as ET

from django.test import override_settings

import pytest

from cms.models import ContentPage, HomePage, NieuwsPage, WijkPage

pytestmark = pytest.mark.django_db


def publiceer(ouder, pagina):
    ouder.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def paginas(tanthof, buitenhof):
    tanthof_pagina = WijkPage.objects.get(wijk=tanthof)
    buitenhof_pagina = WijkPage.objects.get(wijk=buitenhof)
    return {
        "nieuws_tanthof": publiceer(
            tanthof_pagina, NieuwsPage(title="Kolibrie in Tanthof", samenvatting="Een vogel.")
        ),
        "nieuws_buitenhof": publiceer(
            buitenhof_pagina, NieuwsPage(title="Kolibrie in Buitenhof", samenvatting="Vogel.")
        ),
        "achtergrond_tanthof": publiceer(tanthof_pagina, ContentPage(title="Kolibrie-achtergrond")),
    }


def titels(response) -> list[str]:
    return re.findall(r'<h3 class="utrecht-heading-3"><a [^>]*>([^<]+)</a>', html(response))


def test_search_finds_published_pages_and_filters_by_district_and_kind(client, paginas):
    assert sorted(titels(client.get("/zoeken/", {"q": "kolibrie"}))) == [
        "Kolibrie in Buitenhof",
        "Kolibrie in Tanthof",
        "Kolibrie-achtergrond",
    ]
    assert sorted(titels(client.get("/zoeken/", {"q": "kolibrie", "wijk": "tanthof"}))) == [
        "Kolibrie in Tanthof",
        "Kolibrie-achtergrond",
    ]
    assert titels(
        client.get("/zoeken/", {"q": "kolibrie", "wijk": "tanthof", "soort": "nieuws"})
    ) == ["Kolibrie in Tanthof"]


def test_search_does_not_show_drafts(client, tanthof):
    concept = NieuwsPage(title="Geheime kolibrie", samenvatting="x", live=False)
    WijkPage.objects.get(wijk=tanthof).add_child(instance=concept)
    assert "Geheime kolibrie" not in html(client.get("/zoeken/", {"q": "kolibrie"}))


@pytest.mark.parametrize("term", ['"', "*", "()", "x" * 5000, "kolibrie OR", "\x00"])
def test_hostile_search_input_gets_a_dutch_message_or_results_never_a_500(client, term):
    response = client.get("/zoeken/", {"q": term, "wijk": "<script>", "soort": "../"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_search_results_paginate_and_keep_the_filters(client, tanthof):
    pagina = WijkPage.objects.get(wijk=tanthof)
    for n in range(12):
        publiceer(pagina, NieuwsPage(title=f"Spreeuw {n}", samenvatting="x"))
    eerste = html(client.get("/zoeken/", {"q": "spreeuw", "wijk": "tanthof"}))
    assert "12 resultaten" in eerste and "Pagina 1 van 2" in eerste
    volgende = re.search(r'href="(\?[^"]+)" rel="next"', eerste).group(1).replace("&amp;", "&")
    assert "wijk=tanthof" in volgende and "q=spreeuw" in volgende and "pagina=2" in volgende


@override_settings(WAGTAILADMIN_BASE_URL="https://wijkportaal.example.nl")
def test_sitemap_lists_live_pages_at_the_public_address(client, paginas):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    boom = ET.fromstring(response.content)  # noqa: S314 (our own sitemap, not untrusted XML)
    locaties = [e.text for e in boom.findall("s:url/s:loc", ns)]
    assert "https://wijkportaal.example.nl/tanthof/" in locaties
    assert "https://wijkportaal.example.nl/tanthof/kolibrie-in-tanthof/" in locaties
    assert all(loc.startswith("https://wijkportaal.example.nl/") for loc in locaties)


@override_settings(WAGTAILADMIN_BASE_URL="https://wijkportaal.example.nl")
def test_pages_carry_a_canonical_url_and_open_graph(client, paginas):
    pagina = html(client.get("/tanthof/kolibrie-in-tanthof/?utm_source=nieuwsbrief"))
    assert (
        '<link rel="canonical" href="https://wijkportaal.example.nl/tanthof/kolibrie-in-tanthof/">'
        in pagina
    )
    assert '<meta property="og:title" content="Kolibrie in Tanthof">' in pagina
    assert '<meta property="og:type" content="article">' in pagina
    assert '<meta property="og:description" content="Een vogel.">' in pagina


def test_the_main_navigation_comes_from_the_page_tree(client):
    home = HomePage.objects.get()

    def nav():
        return html(client.get("/")).split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]

    pagina = publiceer(home, ContentPage(title="Over het Wijkportaal", show_in_menus=True))
    assert "Over het Wijkportaal" in nav() and "Zoeken" in nav()
    pagina.unpublish()
    assert "Over het Wijkportaal" not in nav()


def test_the_main_navigation_has_news_events_the_play_map_and_consultations_once(client):
    from tests.cms.factories_berichten import AgendaIndexPageFactory, NieuwsIndexPageFactory

    def nav():
        return html(client.get("/")).split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]

    assert "/speelkaart/" in nav() and "/raadplegingen/" in nav()

    # A listing page an editor also marked "show in menus" is still listed once.
    nieuws = NieuwsIndexPageFactory(show_in_menus=True)
    agenda = AgendaIndexPageFactory()
    links = re.findall(r'href="([^"]+)"', nav())
    assert links.count(nieuws.url) == 1 and links.count(agenda.url) == 1
    assert ">Nieuws<" in nav() and ">Agenda<" in nav()
