"""Anonymous page responses from the cache (cms/paginacache.py): shared only between visitors
without state, never holding anyone's name, CSRF token or messages, and replaced at once when
an editor publishes."""

import gzip

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

import brotli
import pytest

from cms.models import WijkPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def paginacache(settings):
    """The test settings switch the page cache off; these tests are about it."""
    settings.PAGINACACHE_SECONDEN = 60


@pytest.fixture
def ingelogd(bewoner):
    # Names no page contains by itself: a random first name like "Fleur" is also in "Fleur Op"
    # (a scheme on the page), which is no leak.
    bewoner.first_name, bewoner.last_name = "Xylofiena", "Quaadvliet-Zwerk"
    bewoner.save(update_fields=["first_name", "last_name"])
    client = Client()
    client.force_login(bewoner)
    return client


def x_cache(response) -> str | None:
    return response.headers.get("X-Cache")


def geheimen_van(gebruiker) -> list[str]:
    return [gebruiker.email, gebruiker.first_name, gebruiker.last_name, "csrfmiddlewaretoken"]


def test_anonymous_visitors_share_one_rendering():
    eerste, tweede = Client().get("/"), Client().get("/")
    assert (x_cache(eerste), x_cache(tweede)) == ("MISS", "HIT")
    assert tweede.status_code == 200
    assert tweede.content == eerste.content
    assert tweede["Content-Type"] == eerste["Content-Type"]
    # The security headers are on a hit as on any response.
    assert tweede["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in tweede["Content-Security-Policy"]
    assert tweede["Permissions-Policy"] == eerste["Permissions-Policy"]


def test_a_cached_hit_costs_no_more_than_two_queries():
    Client().get("/tanthof/")
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/tanthof/")
    assert x_cache(response) == "HIT"
    assert len(queries) <= 2, [q["sql"][:120] for q in queries]


@pytest.mark.parametrize("pad", ["/", "/straatfeestcheque/", "/tanthof/"])
def test_a_page_seen_logged_in_first_is_not_served_to_anonymous_visitors(ingelogd, bewoner, pad):
    html = ingelogd.get(pad).content.decode()
    assert bewoner.email in html and "csrfmiddlewaretoken" in html  # the logout form

    anoniem = Client().get(pad)
    assert x_cache(anoniem) == "MISS"
    nogmaals = Client().get(pad)
    assert x_cache(nogmaals) == "HIT"
    for geheim in geheimen_van(bewoner):
        assert geheim not in anoniem.content.decode()
        assert geheim not in nogmaals.content.decode()


@pytest.mark.parametrize("pad", ["/", "/straatfeestcheque/", "/tanthof/"])
def test_a_logged_in_user_never_gets_a_cached_response(ingelogd, bewoner, pad):
    Client().get(pad)
    assert x_cache(Client().get(pad)) == "HIT"

    response = ingelogd.get(pad)
    assert x_cache(response) is None
    assert f"{bewoner.email}" in response.content.decode()
    assert x_cache(Client().get(pad)) == "HIT"  # and the shared entry is still the anonymous one


def test_the_apply_form_with_its_csrf_token_is_never_stored(ingelogd):
    """The scheme page shows the "Apply" form (with a CSRF token) only when logged in; anonymous
    visitors get the "Log in to apply" link and no CSRF cookie."""
    assert "csrfmiddlewaretoken" in ingelogd.get("/straatfeestcheque/").content.decode()
    for _ in range(2):
        anoniem = Client().get("/straatfeestcheque/")
        assert "csrfmiddlewaretoken" not in anoniem.content.decode()
        assert "csrftoken" not in anoniem.cookies


def test_a_visitor_with_a_message_gets_it_and_nobody_else_does(bewoner):
    client = Client()
    client.force_login(bewoner)
    client.post("/accounts/logout/")  # allauth leaves "You have signed out." for the next page
    assert "messages" in client.cookies or "sessionid" in client.cookies

    met_melding = client.get("/")
    assert x_cache(met_melding) is None
    assert "utrecht-alert" in met_melding.content.decode()

    for verwacht in ("MISS", "HIT"):
        anoniem = Client().get("/")
        assert x_cache(anoniem) == verwacht
        assert "utrecht-alert" not in anoniem.content.decode()


def test_publishing_a_page_shows_the_new_version_at_once():
    Client().get("/tanthof/")
    assert x_cache(Client().get("/tanthof/")) == "HIT"

    pagina = WijkPage.objects.get(slug="tanthof")
    pagina.title = "Tanthof, vers gepubliceerd"
    pagina.save_revision().publish()

    response = Client().get("/tanthof/")
    assert x_cache(response) == "MISS"
    assert "Tanthof, vers gepubliceerd" in response.content.decode()

    pagina.unpublish()
    assert Client().get("/tanthof/").status_code == 404


def test_publishing_another_page_refreshes_the_home_page_too():
    """Home lists the district pages: any publish starts a new content version."""
    Client().get("/")
    pagina = WijkPage.objects.get(slug="voorhof")
    pagina.title = "Voorhof anders"
    pagina.save_revision().publish()
    assert x_cache(Client().get("/")) == "MISS"


def test_post_is_never_cached():
    response = Client().post("/")
    assert x_cache(response) is None
    assert x_cache(Client().get("/")) == "MISS"


def test_head_is_served_from_the_cache():
    Client().get("/")
    assert x_cache(Client().head("/")) == "HIT"


def test_each_query_string_is_its_own_entry():
    tanthof = Client().get("/initiatief-aanvragen/?wijk=tanthof")
    buitenhof = Client().get("/initiatief-aanvragen/?wijk=buitenhof")
    assert (x_cache(tanthof), x_cache(buitenhof)) == ("MISS", "MISS")
    assert tanthof.content != buitenhof.content
    assert x_cache(Client().get("/initiatief-aanvragen/?wijk=tanthof")) == "HIT"


def test_pages_with_a_view_restriction_are_never_stored():
    privacy = Page.objects.get(slug="privacy")
    PageViewRestriction.objects.create(
        page=privacy, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for _ in range(2):
        response = Client().get("/privacy/")
        assert x_cache(response) != "HIT"
        assert "csrfmiddlewaretoken" in response.content.decode()  # the password form


def test_only_wagtail_pages_are_cached():
    for pad in ("/accounts/login/", "/gebieden/wijken.geojson", "/zoeken/?q=wijk"):
        Client().get(pad)
        assert x_cache(Client().get(pad)) is None, pad


def test_cached_pages_are_sent_compressed_when_the_browser_accepts_it():
    leesbaar = Client().get("/").content
    gz = Client().get("/", headers={"Accept-Encoding": "gzip, deflate"})
    br = Client().get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert (gz["Content-Encoding"], br["Content-Encoding"]) == ("gzip", "br")
    assert gzip.decompress(gz.content) == leesbaar
    assert brotli.decompress(br.content) == leesbaar
    assert "Accept-Encoding" in br["Vary"] and "Cookie" in br["Vary"]
    assert int(br["Content-Length"]) == len(br.content) < len(leesbaar) / 3
    zonder = Client().get("/", headers={"Accept-Encoding": "br;q=0, identity"})
    assert "Content-Encoding" not in zonder and zonder.content == leesbaar


def test_switched_off_with_zero_seconds(settings):
    settings.PAGINACACHE_SECONDEN = 0
    Client().get("/")
    assert x_cache(Client().get("/")) is None
