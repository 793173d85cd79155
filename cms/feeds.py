"""Feeds of news and events, for the whole city or one district (``?wijk=<slug>``).

- News: Atom 1.0 and RSS 2.0 through Django's syndication framework
  (https://docs.djangoproject.com/en/5.2/ref/contrib/syndication/), served by routes of the
  news listing (``NieuwsIndexPage.feed_atom`` / ``feed_rss``).
- Events: iCalendar (RFC 5545) with the ``icalendar`` library, for the events listing
  (``AgendaIndexPage.ical``) and for one event (``AgendaPage.ical``, "add to calendar"). Times
  are written in Europe/Amsterdam with a TZID, and the calendar carries that VTIMEZONE.

Invariants:

- Feeds carry what the public pages show and nothing more: title, summary, link, dates, place,
  accessibility and district. No authors, page owners or organisers (an organiser's name may
  be a resident's): a feed is copied and kept by readers and calendars beyond our reach.
- Ids are stable across renames and moves: built from the page id and the Wagtail site's host
  name (``tag:`` URIs in Atom/RSS, ``UID`` in iCalendar), never from the URL.
- Which items appear, in which order, is ``cms.berichten_queries``'s answer, as on the listings.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from wagtail.models import Site

import icalendar

from portal.gebieden.models import Wijk

from .berichten_queries import gekozen_wijk, nieuws

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_IN_FEED = 50
SITENAAM = "Wijkportaal Delft"
# The date in our tag: URIs (RFC 4151): any fixed date at which we owned the host name.
TAG_DATUM = "2026"


def site_van(request) -> tuple[str, str]:
    """(host name, site name) of the Wagtail site that serves ``request``. Ids use the site's
    host name, not the request's, so they stay the same whichever alias or port was used."""
    site = Site.find_for_request(request)
    if site is None:
        return request.get_host().split(":")[0], SITENAAM
    return site.hostname, site.site_name or SITENAAM


# --- News: Atom and RSS -----------------------------------------------------------------------


@dataclass(frozen=True)
class NieuwsBron:
    """What a news feed is about: the listing, the district (None: the whole city) and the site."""

    index: object  # NieuwsIndexPage
    wijk: Wijk | None
    pad: str
    host: str
    sitenaam: str


class NieuwsRssFeed(Feed):
    """Call with the listing page: ``NieuwsRssFeed()(request, index=page)``. A new instance per
    request (it keeps the request for page URLs)."""

    feed_type = Rss201rev2Feed
    item_guid_is_permalink = False

    def get_object(self, request, index):
        host, sitenaam = site_van(request)
        self.request = request
        self.bron = NieuwsBron(
            index=index,
            wijk=gekozen_wijk(request.GET.get("wijk")),
            pad=request.get_full_path(),
            host=host,
            sitenaam=sitenaam,
        )
        return self.bron

    def title(self, bron):
        onderwerp = f"{bron.index.title}: {bron.wijk.naam}" if bron.wijk else bron.index.title
        return f"{onderwerp} | {bron.sitenaam}"

    def description(self, bron):
        if bron.wijk:
            return _("News from %(wijk)s, a district of Delft.") % {"wijk": bron.wijk.naam}
        return _("News from the districts of Delft.")

    subtitle = description  # Atom's name for it

    def link(self, bron):
        url = bron.index.get_url(self.request)
        return f"{url}?{urlencode({'wijk': bron.wijk.slug})}" if bron.wijk else url

    def feed_url(self, bron):
        return bron.pad

    def feed_guid(self, bron):
        return f"tag:{bron.host},{TAG_DATUM}:nieuws" + (f"/{bron.wijk.slug}" if bron.wijk else "")

    def author_name(self, bron):
        return bron.sitenaam  # the publisher, never a person

    def items(self, bron):
        return nieuws(bron.wijk)[:MAX_IN_FEED]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.samenvatting

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"tag:{self.bron.host},{TAG_DATUM}:nieuws/{item.pk}"

    def item_pubdate(self, item):
        return datetime.combine(item.datum, time.min, tzinfo=AMSTERDAM)

    def item_updateddate(self, item):
        gepubliceerd = self.item_pubdate(item)
        if item.last_published_at is None:
            return gepubliceerd
        return max(gepubliceerd, item.last_published_at)

    def item_categories(self, item):
        return [item.wijk.naam] if item.wijk_id else []


class NieuwsAtomFeed(NieuwsRssFeed):
    feed_type = Atom1Feed


# --- Events: iCalendar ------------------------------------------------------------------------


def ical_antwoord(request, activiteiten, *, naam: str, bestandsnaam: str) -> HttpResponse:
    """``activiteiten`` (AgendaPage objects) as one iCalendar file named ``<bestandsnaam>.ics``."""
    host, sitenaam = site_van(request)
    kalender = icalendar.Calendar()
    kalender.add("prodid", f"-//{sitenaam}//{host}//NL")
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("method", "PUBLISH")
    kalender.add("x-wr-calname", f"{naam} | {sitenaam}")
    kalender.add("x-wr-timezone", AMSTERDAM.key)
    nu = timezone.now()
    for activiteit in activiteiten:
        kalender.add_component(_vevent(request, activiteit, host, nu))
    if activiteiten:
        # The VTIMEZONE for every TZID used, with the transitions around these events only.
        momenten = [a.begin for a in activiteiten] + [a.einde for a in activiteiten if a.einde]
        kalender.add_missing_timezones(
            first_date=min(momenten).date() - timedelta(days=366),
            last_date=max(momenten).date() + timedelta(days=366),
        )
    response = HttpResponse(kalender.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{bestandsnaam}.ics"
    )
    return response


def _vevent(request, activiteit, host: str, nu: datetime) -> icalendar.Event:
    url = request.build_absolute_uri(activiteit.get_url(request))
    toegankelijkheid = _("Accessibility of the venue: %(toegankelijkheid)s") % {
        "toegankelijkheid": activiteit.get_toegankelijkheid_display()
    }
    if activiteit.toegankelijkheid_toelichting:
        toegankelijkheid += f" ({activiteit.toegankelijkheid_toelichting})"

    event = icalendar.Event()
    event.add("uid", f"agenda-{activiteit.pk}@{host}")
    event.add("dtstamp", nu)
    event.add("dtstart", timezone.localtime(activiteit.begin, AMSTERDAM))
    if activiteit.einde:
        event.add("dtend", timezone.localtime(activiteit.einde, AMSTERDAM))
    event.add("summary", activiteit.title)
    event.add("location", ", ".join(filter(None, [activiteit.plaats, activiteit.adres])))
    event.add("description", "\n\n".join([activiteit.samenvatting, toegankelijkheid, url]))
    event.add("url", url)
    if activiteit.wijk_id:
        event.add("categories", [activiteit.wijk.naam])
    if activiteit.last_published_at:
        event.add("last-modified", activiteit.last_published_at)
    return event
