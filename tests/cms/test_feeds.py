"""Feeds of news (Atom, RSS) and events (iCalendar), parsed back with feedparser and icalendar:
valid, per district with ?wijk=, stable ids, Europe/Amsterdam times, no personal data."""

from datetime import timedelta

from django.utils import timezone

import feedparser
import icalendar
import pytest

from cms.models import AgendaPage

from .factories_berichten import (
    AgendaIndexPageFactory,
    AgendaPageFactory,
    NieuwsIndexPageFactory,
    NieuwsPageFactory,
    over_dagen,
    wijkpagina,
)

pytestmark = pytest.mark.django_db


def feed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response, feedparser.parse(response.content)


# --- News: Atom and RSS -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "versie", "content_type"),
    [
        ("feed/atom/", "atom10", "application/atom+xml; charset=utf-8"),
        ("feed/rss/", "rss20", "application/rss+xml; charset=utf-8"),
    ],
)
def test_news_feed_is_valid_and_lists_the_newest_news(client, route, versie, content_type):
    index = NieuwsIndexPageFactory()
    bericht = NieuwsPageFactory(samenvatting="De wijkagenda is vastgesteld.")
    response, gelezen = feed(client, index.url + route)

    assert response["Content-Type"] == content_type
    assert not gelezen.bozo, gelezen.get("bozo_exception")
    assert gelezen.version == versie
    assert gelezen.feed.language == "nl"
    entry = next(e for e in gelezen.entries if e.title == bericht.title)
    assert entry.link == f"http://testserver{bericht.url}"
    assert entry.summary == "De wijkagenda is vastgesteld."
    assert entry.id == f"tag:localhost,2026:nieuws/{bericht.pk}"
    assert [t.term for t in entry.tags] == ["Tanthof"]
    datums = [e.published_parsed for e in gelezen.entries]
    assert datums == sorted(datums, reverse=True)


def test_atom_feed_has_a_self_link_author_and_updated_date(client):
    index = NieuwsIndexPageFactory()
    NieuwsPageFactory()
    _, gelezen = feed(client, index.url + "feed/atom/", wijk="tanthof")
    assert gelezen.feed.id == "tag:localhost,2026:nieuws/tanthof"
    assert {"rel": "self", "href": "http://testserver/nieuws/feed/atom/?wijk=tanthof"}.items() <= (
        next(link for link in gelezen.feed.links if link.rel == "self").items()
    )
    assert gelezen.feed.author == "Wijkportaal Delft"
    assert all(e.updated_parsed for e in gelezen.entries)


@pytest.mark.parametrize("route", ["feed/atom/", "feed/rss/"])
def test_news_feed_of_a_district_has_only_that_districts_news(client, route, tanthof):
    index = NieuwsIndexPageFactory()
    in_tanthof = NieuwsPageFactory(parent=wijkpagina("tanthof"))
    in_buitenhof = NieuwsPageFactory(parent=wijkpagina("buitenhof"))
    stad = NieuwsPageFactory(parent=index)

    _, gelezen = feed(client, index.url + route, wijk="tanthof")
    titels = {e.title for e in gelezen.entries}
    assert in_tanthof.title in titels
    assert in_buitenhof.title not in titels and stad.title not in titels
    assert {t.term for e in gelezen.entries for t in e.tags} == {"Tanthof"}
    assert "Tanthof" in gelezen.feed.title
    assert gelezen.feed.link == "http://testserver/nieuws/?wijk=tanthof"

    _, alles = feed(client, index.url + route)
    assert {in_tanthof.title, in_buitenhof.title, stad.title} <= {e.title for e in alles.entries}


def test_news_feed_leaves_out_drafts_and_personal_data(client, redacteur):
    index = NieuwsIndexPageFactory()
    concept = NieuwsPageFactory(concept=True)
    NieuwsPageFactory(owner=redacteur)
    response, gelezen = feed(client, index.url + "feed/rss/")
    assert concept.title not in {e.title for e in gelezen.entries}
    inhoud = response.content.decode()
    assert redacteur.email not in inhoud
    assert redacteur.last_name not in inhoud


def test_feed_ids_do_not_change_when_an_item_is_renamed(client):
    index = NieuwsIndexPageFactory()
    bericht = NieuwsPageFactory()
    _, voor = feed(client, index.url + "feed/atom/")
    bericht.title, bericht.slug = "Nieuwe titel", "nieuwe-titel"
    bericht.save_revision().publish()
    _, na = feed(client, index.url + "feed/atom/")
    assert next(e for e in voor.entries if e.id.endswith(f"/{bericht.pk}")).title != "Nieuwe titel"
    assert next(e for e in na.entries if e.id.endswith(f"/{bericht.pk}")).title == "Nieuwe titel"


# --- Events: iCalendar ------------------------------------------------------------------------


def kalender(client, url, **params) -> icalendar.Calendar:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_has_one_event_per_coming_event_in_amsterdam_time(client, tanthof):
    index = AgendaIndexPageFactory()
    winter = AgendaPageFactory(begin=over_dagen(3, 19, 30))
    later = AgendaPageFactory(begin=over_dagen(200, 10, 0), einde=None)
    voorbij = AgendaPageFactory(voorbij=True)

    cal = kalender(client, index.url + "ical/", wijk="tanthof")
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    verwacht = {
        f"agenda-{a.pk}@localhost"
        for a in AgendaPage.objects.live().filter(wijk=tanthof, begin__gte=over_dagen(0, 0, 0))
    }
    assert set(events) == verwacht  # exactly one VEVENT per coming event of the district
    assert f"agenda-{voorbij.pk}@localhost" not in events

    for activiteit in (winter, later):
        event = events[f"agenda-{activiteit.pk}@localhost"]
        assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/Amsterdam"
        assert start == activiteit.begin
        lokaal = timezone.localtime(activiteit.begin)
        assert (start.hour, start.minute) == (lokaal.hour, lokaal.minute)
    assert events[f"agenda-{winter.pk}@localhost"].decoded("dtend") == winter.einde
    assert "dtend" not in events[f"agenda-{later.pk}@localhost"]
    assert {tz["tzid"] for tz in cal.walk("VTIMEZONE")} == {"Europe/Amsterdam"}


def test_calendar_event_carries_place_summary_link_and_accessibility_but_no_organiser(client):
    index = AgendaIndexPageFactory()
    activiteit = AgendaPageFactory(organisator_naam="Jan Jansen")
    cal = kalender(client, index.url + "ical/", wijk="tanthof")
    event = next(e for e in cal.walk("VEVENT") if e["uid"] == f"agenda-{activiteit.pk}@localhost")
    assert str(event["summary"]) == activiteit.title
    assert str(event["location"]) == "Buurthuis De Proef, Proefstraat 1, 2611 AA Delft"
    assert str(event["url"]) == f"http://testserver{activiteit.url}"
    beschrijving = str(event["description"])
    assert activiteit.samenvatting in beschrijving and "Lift bij de zij-ingang." in beschrijving
    assert event["dtstamp"].dt.tzinfo is not None
    assert "Jan Jansen" not in cal.to_ical().decode()


def test_calendar_of_a_district_has_only_that_districts_events(client, tanthof):
    index = AgendaIndexPageFactory()
    in_tanthof = AgendaPageFactory(parent=wijkpagina("tanthof"))
    in_buitenhof = AgendaPageFactory(parent=wijkpagina("buitenhof"))
    uids = {
        str(e["uid"]) for e in kalender(client, index.url + "ical/", wijk="tanthof").walk("VEVENT")
    }
    assert f"agenda-{in_tanthof.pk}@localhost" in uids
    assert f"agenda-{in_buitenhof.pk}@localhost" not in uids
    alle = {str(e["uid"]) for e in kalender(client, index.url + "ical/").walk("VEVENT")}
    assert {f"agenda-{in_tanthof.pk}@localhost", f"agenda-{in_buitenhof.pk}@localhost"} <= alle


def test_one_event_as_a_calendar_file_with_a_stable_uid(client):
    activiteit = AgendaPageFactory(begin=over_dagen(5, 20, 0))
    response = client.get(activiteit.url + "ical/")
    assert response["Content-Disposition"] == f'attachment; filename="{activiteit.slug}.ics"'
    cal = icalendar.Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == f"agenda-{activiteit.pk}@localhost"
    assert event.decoded("dtstart") == activiteit.begin
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)

    activiteit.title = "Andere titel"
    activiteit.save_revision().publish()
    (opnieuw,) = kalender(client, activiteit.url + "ical/").walk("VEVENT")
    assert str(opnieuw["uid"]) == str(event["uid"])


# --- Unknown district ---------------------------------------------------------------------------


def test_an_unknown_district_in_a_feed_is_a_404_not_a_500(client):
    nieuws_index = NieuwsIndexPageFactory()
    agenda_index = AgendaIndexPageFactory()
    for url in (
        nieuws_index.url + "feed/atom/",
        nieuws_index.url + "feed/rss/",
        agenda_index.url + "ical/",
    ):
        assert client.get(url, {"wijk": "atlantis"}).status_code == 404, url
