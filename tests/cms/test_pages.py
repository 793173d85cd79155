"""The public pages: home with the eight districts on map and list, one page per district."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from bench.urls import WIJKPAGINA_BUDGET
from cms.models import HomePage, WijkPage
from portal.gebieden.models import Wijk

pytestmark = pytest.mark.django_db

WIJKEN = [
    "Binnenstad",
    "Vrijenban",
    "Hof van Delft",
    "Voordijkshoorn",
    "Tanthof",
    "Voorhof",
    "Buitenhof",
    "Wippolder",
]


def html_van(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_home_lists_the_eight_districts_with_key_figures(client):
    html = html_van(client.get("/"))
    lijst = html[html.index('id="wijken"') :]
    posities = [lijst.index(f">{naam}</a>") for naam in WIJKEN]
    assert posities == sorted(posities)
    assert "14.525" in lijst  # Buitenhof inhabitants, Dutch thousands separator
    assert "14.115" in lijst  # Tanthof: Tanthof-West + Tanthof-Oost + Abtswoude


def test_home_map_has_its_geojson_and_refers_to_the_list(client):
    html = html_van(client.get("/"))
    assert 'class="delft-kaart"' in html
    # The same districts payload as the location picker's (one download for both).
    assert 'data-geojson-url="/gebieden/wijken.geojson"' in html
    assert 'href="#wijken"' in html
    # Tiles are off in tests: nothing on the page waits on the network.
    assert 'data-tiles-url=""' in html


def test_home_map_links_each_district_to_its_page_through_the_list(client):
    """static/js/wijkkaart.js sends a click on a district to the list's link with the
    feature's slug."""
    html = html_van(client.get("/"))
    links = dict(re.findall(r'href="([^"]+)" data-kaart-slug="([\w-]+)"', html))
    urls = {slug: url for url, slug in links.items()}
    slugs = [
        f["properties"]["slug"] for f in client.get("/gebieden/wijken.geojson").json()["features"]
    ]
    assert set(urls) == set(slugs) and len(slugs) == len(WIJKEN)
    assert urls["hof-van-delft"] == "/hof-van-delft/"


def test_the_home_page_no_longer_serves_its_own_copy_of_the_districts(client):
    assert client.get("/kaart-geojson/").status_code == 404


@pytest.mark.parametrize("slug", [w.lower().replace(" ", "-") for w in WIJKEN])
def test_every_district_page_renders_boundary_neighbourhoods_and_figures(client, slug):
    wijk = Wijk.objects.get(slug=slug)
    html = html_van(client.get(f"/{slug}/"))
    assert f'data-geojson-url="/gebieden/wijken/{slug}.geojson"' in html
    for buurt in wijk.buurten.all():
        assert buurt.naam.replace("'", "&#x27;") in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_focus_neighbourhoods_are_marked_on_the_district_page(client):
    html = html_van(client.get("/buitenhof/"))
    for naam in ["Gillisbuurt", "Het Rode Dorp", "Reinier de Graafbuurt", "Buitenhof-Noord"]:
        fragment = html[html.index(naam) : html.index(naam) + 300]
        assert "aandachtsbuurt" in fragment.lower(), naam
    juniusbuurt = html[html.index("Juniusbuurt") : html.index("Juniusbuurt") + 80]
    assert "aandachtsbuurt" not in juniusbuurt.lower()


def test_base_layout_is_accessible_and_dutch(client):
    html = html_van(client.get("/tanthof/"))
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'aria-current="page"' in html  # breadcrumb
    assert "Bron: CBS" in html and "PDOK" in html
    assert "/toegankelijkheid/" in html and "/privacy/" in html
    assert " style=" not in html
    # Only external scripts and JSON data blocks: no inline code (CSP).
    assert not re.search(r'<script(?![^>]*(\bsrc=|type="application/json"))[^>]*>', html)


def test_home_query_count_is_constant(client, django_assert_max_num_queries):
    client.get("/")  # warm per-process caches (site root paths)
    with CaptureQueriesContext(connection) as eerste:
        client.get("/")
    home = HomePage.objects.get()
    # More pages under home must not add queries per page.
    for i in range(5):
        home.add_child(
            instance=WijkPage(
                title=f"Extra {i}",
                slug=f"extra-{i}",
                wijk=Wijk.objects.create(naam=f"Extra {i}", slug=f"extra-{i}"),
            )
        )
    with CaptureQueriesContext(connection) as tweede:
        client.get("/")
    assert len(tweede) == len(eerste)
    assert len(eerste) <= 12


def test_district_page_query_count(client):
    client.get("/voorhof/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/voorhof/")
    assert len(queries) <= WIJKPAGINA_BUDGET


def test_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "niet gevonden" in response.content.decode().lower()


def test_health_check(client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
