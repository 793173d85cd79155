"""News and events: where editors may create them, how they render, the district they get,
the listings (filter by district, pagination, coming events) and their query counts."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest

from cms.berichten_queries import komende_activiteiten, laatste_nieuws, nieuws
from cms.models import (
    AgendaIndexPage,
    AgendaPage,
    ContentPage,
    HomePage,
    NieuwsIndexPage,
    NieuwsPage,
    WijkPage,
)
from tests.accounts.helpers import activeer_totp, totp_code
from tests.factories import WACHTWOORD, BeheerderFactory

from .factories_berichten import (
    AgendaIndexPageFactory,
    AgendaPageFactory,
    NieuwsIndexPageFactory,
    NieuwsPageFactory,
    over_dagen,
    wijkpagina,
)

pytestmark = pytest.mark.django_db


def html_van(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def titels_in(html: str) -> list[str]:
    return re.findall(r'class="utrecht-link delft-wijklijst__link" href="[^"]*">([^<]*)</a>', html)


# --- Wagtail: where pages may be created, rendering, editing --------------------------------


class TestBerichtenInWagtail(WagtailPageTestCase):
    def test_news_and_events_are_creatable_under_a_district_page_and_their_listing(self):
        self.assertCanCreateAt(WijkPage, NieuwsPage)
        self.assertCanCreateAt(WijkPage, AgendaPage)
        self.assertCanCreateAt(NieuwsIndexPage, NieuwsPage)
        self.assertCanCreateAt(AgendaIndexPage, AgendaPage)
        self.assertCanCreateAt(HomePage, NieuwsIndexPage)
        self.assertCanCreateAt(HomePage, AgendaIndexPage)

    def test_news_and_events_are_not_creatable_elsewhere(self):
        self.assertCanNotCreateAt(HomePage, NieuwsPage)
        self.assertCanNotCreateAt(HomePage, AgendaPage)
        self.assertCanNotCreateAt(NieuwsIndexPage, AgendaPage)
        self.assertCanNotCreateAt(AgendaIndexPage, NieuwsPage)
        self.assertCanNotCreateAt(ContentPage, NieuwsPage)
        self.assertCanNotCreateAt(WijkPage, NieuwsIndexPage)
        self.assertCanNotCreateAt(NieuwsPage, NieuwsPage)
        self.assertCanNotCreateAt(AgendaPage, AgendaPage)
        self.assertAllowedSubpageTypes(NieuwsPage, {})
        self.assertAllowedSubpageTypes(AgendaPage, {})

    def test_pages_and_their_routes_render(self):
        bericht = NieuwsPageFactory()
        activiteit = AgendaPageFactory()
        nieuws_index = NieuwsIndexPageFactory()
        agenda_index = AgendaIndexPageFactory()
        self.assertPageIsRenderable(bericht)
        self.assertPageIsRenderable(activiteit)
        self.assertPageIsRenderable(activiteit, route_path="/ical/")
        self.assertPageIsRenderable(nieuws_index)
        self.assertPageIsRenderable(nieuws_index, query_data={"wijk": "tanthof", "pagina": "2"})
        self.assertPageIsRenderable(nieuws_index, route_path="/feed/atom/")
        self.assertPageIsRenderable(nieuws_index, route_path="/feed/rss/")
        self.assertPageIsRenderable(agenda_index)
        self.assertPageIsRenderable(agenda_index, route_path="/ical/")

    def test_pages_are_editable_by_an_administrator_with_a_second_factor(self):
        paginas = [
            NieuwsPageFactory(),
            AgendaPageFactory(),
            NieuwsIndexPageFactory(),
            AgendaIndexPageFactory(),
        ]
        for pagina in paginas:
            # Through the one login path (allauth + TOTP); assertPageIsEditable's force_login
            # keeps this session (same user), so the admin's MFA gate stays on. One account per
            # page: allauth refuses a TOTP code that the same account used before.
            beheerder = BeheerderFactory(is_superuser=True)
            secret = activeer_totp(beheerder)
            self.client.post(
                reverse("account_login"), {"login": beheerder.email, "password": WACHTWOORD}
            )
            self.client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
            self.assertPageIsEditable(pagina, self._bewerkgegevens(pagina), user=beheerder)

    def _bewerkgegevens(self, pagina):
        """The edit form as the browser sends it. Wagtail's StreamField editor builds its inputs
        in JavaScript, so the form's HTML lacks them: add the content block by block."""
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[pagina.id]))
        data = querydict_from_html(html.content.decode(), form_id="page-edit-form")
        if hasattr(pagina, "inhoud"):
            data.update(
                nested_form_data({"inhoud": streamfield([("tekst", rich_text("<p>Bewerkt</p>"))])})
            )
        data["action-publish"] = ""
        return data


# --- The district ------------------------------------------------------------------------------


def test_the_district_of_an_item_follows_its_district_page(tanthof, buitenhof):
    bericht = NieuwsPageFactory(parent=wijkpagina("tanthof"), wijk=buitenhof)
    activiteit = AgendaPageFactory(parent=wijkpagina("tanthof"))
    assert bericht.wijk == tanthof
    assert activiteit.wijk == tanthof


def test_under_a_listing_the_editor_chooses_the_district_or_none(buitenhof):
    stad = NieuwsPageFactory(parent=NieuwsIndexPageFactory())
    wijk = NieuwsPageFactory(parent=NieuwsIndexPageFactory(), wijk=buitenhof)
    assert stad.wijk is None
    assert wijk.wijk == buitenhof


# --- Pages --------------------------------------------------------------------------------------


def test_news_item_shows_date_district_summary_and_content(client):
    bericht = NieuwsPageFactory(samenvatting="Kort gezegd: de wijkagenda staat.")
    html = html_van(client.get(bericht.url))
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f'<time datetime="{bericht.datum:%Y-%m-%d}">' in html
    assert 'href="/tanthof/">Tanthof</a>' in html
    assert "Kort gezegd: de wijkagenda staat." in html
    assert "De inhoud van het bericht." in html


def test_event_page_shows_time_in_dutch_place_organiser_accessibility_and_calendar_link(client):
    activiteit = AgendaPageFactory(begin=over_dagen(10, 19, 30))
    html = html_van(client.get(activiteit.url))
    dagen = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    assert dagen[timezone.localtime(activiteit.begin).weekday()] in html
    assert timezone.localtime(activiteit.begin).strftime("%-d ") in html
    assert "19:30" in html and "21:30" in html
    assert "Buurthuis De Proef" in html and "Proefstraat 1, 2611 AA Delft" in html
    assert "Bewonersgroep De Proef" in html
    assert str(activiteit.get_toegankelijkheid_display()) in html
    assert "Lift bij de zij-ingang." in html
    assert f'href="{activiteit.url}ical/"' in html
    assert " style=" not in html
    assert not re.search(r'<script(?![^>]*(\bsrc=|type="application/json"))[^>]*>', html)


# --- Listings -----------------------------------------------------------------------------------


def test_news_listing_filters_by_district(client, tanthof, buitenhof):
    index = NieuwsIndexPageFactory()
    in_tanthof = NieuwsPageFactory(parent=wijkpagina("tanthof"))
    in_buitenhof = NieuwsPageFactory(parent=wijkpagina("buitenhof"))

    alles = titels_in(html_van(client.get(index.url)))
    assert in_tanthof.title in alles and in_buitenhof.title in alles

    html = html_van(client.get(index.url, {"wijk": "tanthof"}))
    assert in_tanthof.title in titels_in(html)
    assert in_buitenhof.title not in titels_in(html)
    assert '<option value="tanthof" selected>' in html
    assert '<label class="utrecht-form-label" for="id_wijk">' in html


def test_listing_without_a_chosen_district_shows_everything(client):
    index = NieuwsIndexPageFactory()
    NieuwsPageFactory()
    html = html_van(client.get(index.url, {"wijk": ""}))
    assert len(titels_in(html)) == min(nieuws().count(), 20)


def test_an_unknown_district_is_a_404_not_a_500(client):
    nieuws_index = NieuwsIndexPageFactory()
    agenda_index = AgendaIndexPageFactory()
    for url in (nieuws_index.url, agenda_index.url):
        assert client.get(url, {"wijk": "atlantis"}).status_code == 404


def test_listing_has_20_items_per_page_and_keeps_the_district_in_its_links(client, tanthof):
    index = NieuwsIndexPageFactory()
    for _ in range(21):
        NieuwsPageFactory()
    totaal = nieuws(tanthof).count()

    eerste = html_van(client.get(index.url, {"wijk": "tanthof"}))
    assert len(titels_in(eerste)) == 20
    assert 'href="?wijk=tanthof&amp;pagina=2" rel="next"' in eerste

    tweede = html_van(client.get(index.url, {"wijk": "tanthof", "pagina": "2"}))
    assert len(titels_in(tweede)) == totaal - 20
    assert 'href="?wijk=tanthof&amp;pagina=1" rel="prev"' in tweede
    assert set(titels_in(eerste)).isdisjoint(titels_in(tweede))


def test_agenda_lists_coming_events_from_today_by_start(client, tanthof):
    index = AgendaIndexPageFactory()
    later = AgendaPageFactory(begin=over_dagen(9))
    eerder = AgendaPageFactory(begin=over_dagen(2))
    vandaag_voorbij = AgendaPageFactory(begin=over_dagen(0, 0, 1), einde=over_dagen(0, 0, 30))
    loopt_nog = AgendaPageFactory(begin=over_dagen(-2), einde=over_dagen(2))
    voorbij = AgendaPageFactory(voorbij=True)
    concept = AgendaPageFactory(concept=True)

    titels = titels_in(html_van(client.get(index.url, {"wijk": "tanthof"})))
    assert eerder.title in titels and later.title in titels and loopt_nog.title in titels
    assert titels.index(loopt_nog.title) < titels.index(eerder.title) < titels.index(later.title)
    assert vandaag_voorbij.title in titels  # today's events stay listed all day
    assert voorbij.title not in titels
    assert concept.title not in titels


def test_drafts_are_not_listed(client):
    index = NieuwsIndexPageFactory()
    concept = NieuwsPageFactory(concept=True)
    assert concept.title not in titels_in(html_van(client.get(index.url, {"wijk": "tanthof"})))


def test_listings_autodiscover_their_feeds(client):
    nieuws_html = html_van(client.get(NieuwsIndexPageFactory().url, {"wijk": "tanthof"}))
    assert '<link rel="alternate" type="application/atom+xml" href="/nieuws/feed/atom/"' in (
        nieuws_html
    )
    assert 'type="application/atom+xml" href="/nieuws/feed/atom/?wijk=tanthof"' in nieuws_html
    assert 'type="application/rss+xml" href="/nieuws/feed/rss/?wijk=tanthof"' in nieuws_html
    agenda_html = html_van(client.get(AgendaIndexPageFactory().url))
    assert '<link rel="alternate" type="text/calendar" href="/agenda/ical/"' in agenda_html


# --- Query counts -------------------------------------------------------------------------------


def _aantal_queries(client, url, params=None) -> int:
    client.get(url, params)  # warm per-process caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["", "feed/atom/", "feed/rss/"])
def test_news_listing_and_feeds_query_count_is_constant_with_ten_times_the_news(client, route):
    index = NieuwsIndexPageFactory()
    for _ in range(2):
        NieuwsPageFactory()
    url = index.url + route
    voor = _aantal_queries(client, url, {"wijk": "tanthof"}), _aantal_queries(client, url)
    for _ in range(18):
        NieuwsPageFactory()
    na = _aantal_queries(client, url, {"wijk": "tanthof"}), _aantal_queries(client, url)
    assert voor == na
    assert max(na) <= 12


@pytest.mark.parametrize("route", ["", "ical/"])
def test_agenda_listing_and_calendar_query_count_is_constant(client, route):
    index = AgendaIndexPageFactory()
    for _ in range(2):
        AgendaPageFactory()
    url = index.url + route
    voor = _aantal_queries(client, url, {"wijk": "tanthof"})
    for _ in range(18):
        AgendaPageFactory()
    assert _aantal_queries(client, url, {"wijk": "tanthof"}) == voor <= 12


def test_item_pages_query_count(client):
    for pagina in (NieuwsPageFactory(), AgendaPageFactory()):
        assert _aantal_queries(client, pagina.url) <= 12


def test_district_page_queries_are_constant_and_specific(tanthof, buitenhof):
    def tel(functie, *args):
        with CaptureQueriesContext(connection) as queries:
            resultaat = functie(*args)
            for item in resultaat:  # what the district page reads
                item.get_url(None), item.title
        return len(queries), resultaat

    NieuwsPageFactory()
    AgendaPageFactory()
    tel(laatste_nieuws, tanthof)  # warm per-process caches (site root paths)
    voor = tel(laatste_nieuws, tanthof)[0], tel(komende_activiteiten, tanthof)[0]
    for _ in range(9):
        NieuwsPageFactory()
        AgendaPageFactory()
    NieuwsPageFactory(concept=True, datum=over_dagen(1).date())
    NieuwsPageFactory(parent=wijkpagina("buitenhof"), datum=over_dagen(1).date())

    aantal_nieuws, berichten = tel(laatste_nieuws, tanthof)
    aantal_agenda, activiteiten = tel(komende_activiteiten, tanthof.pk)
    assert (aantal_nieuws, aantal_agenda) == voor
    assert len(berichten) == len(activiteiten) == 3
    assert all(type(b) is NieuwsPage and b.live and b.wijk_id == tanthof.pk for b in berichten)
    assert all(type(a) is AgendaPage and a.wijk_id == tanthof.pk for a in activiteiten)
    assert [a.begin for a in activiteiten] == sorted(a.begin for a in activiteiten)
    assert laatste_nieuws(tanthof, aantal=5)[0].datum >= berichten[-1].datum


# --- Demo content -------------------------------------------------------------------------------


def test_demo_news_and_events_are_idempotent_and_labelled():
    from cms.demo_berichten import laad_berichten

    home = HomePage.objects.get()
    laad_berichten(home)
    assert laad_berichten(home) == 0
    assert NieuwsIndexPage.objects.count() == AgendaIndexPage.objects.count() == 1

    for wijk_pagina in WijkPage.objects.all():
        assert NieuwsPage.objects.child_of(wijk_pagina).count() == 2
        activiteiten = AgendaPage.objects.child_of(wijk_pagina)
        assert activiteiten.count() == 2
        assert all(a.begin >= over_dagen(0, 0, 0) for a in activiteiten)
    assert NieuwsPage.objects.child_of(NieuwsIndexPage.objects.get()).count() == 3

    for pagina in [*NieuwsPage.objects.all(), *AgendaPage.objects.all()]:
        assert pagina.samenvatting.startswith("Voorbeeld:"), pagina.title
        assert "Voorbeeldtekst" in str(pagina.inhoud), pagina.title
