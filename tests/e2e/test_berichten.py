"""News and events in a real browser: the news listing, a news item, the agenda and an event,
each with axe-core (WCAG 2.2 AA) at 1280 px and at 390 px; the district filter without
JavaScript-dependent behaviour (a GET form) and its pagination.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP

pytestmark = pytest.mark.e2e

SMAL = {"width": 390, "height": 844}


@pytest.fixture
def berichten_site(site):
    """The demo site with the example news and events (idempotent: a no-op once
    cms.demo.laad_demo loads them itself)."""
    from cms.demo_berichten import laad_berichten
    from cms.models import HomePage

    laad_berichten(HomePage.objects.get())
    return site


def nieuwsoverzicht(page, site):
    page.goto(site("/nieuws/"))
    expect(page.locator("main h1")).to_have_text("Nieuws")


def nieuwsbericht(page, site):
    page.goto(site("/nieuws/?wijk=tanthof"))
    page.locator("main .delft-wijklijst__link").first.click()
    expect(page.locator("main .utrecht-paragraph--lead")).to_contain_text("Voorbeeld:")


def agenda(page, site):
    page.goto(site("/agenda/"))
    expect(page.locator("main h1")).to_have_text("Agenda")
    expect(page.locator("main .delft-wijklijst__item").first).to_be_visible()


def activiteit(page, site):
    page.goto(site("/agenda/?wijk=buitenhof"))
    page.locator("main .delft-wijklijst__link").first.click()
    expect(page.locator("main a[href$='/ical/']")).to_be_visible()


PAGINAS = {
    "news-listing": nieuwsoverzicht,
    "news-item": nieuwsbericht,
    "events-listing": agenda,
    "event": activiteit,
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("naam", list(PAGINAS))
def test_news_and_event_pages_have_no_axe_violations(berichten_site, page, screenshot, axe, naam):
    PAGINAS[naam](page, berichten_site)

    rapporten = []
    for viewport in (DESKTOP, SMAL):
        page.set_viewport_size(viewport)
        screenshot(f"{naam}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{naam} at {viewport['width']} px"))
        # WCAG 1.4.10 reflow: nothing scrolls sideways at 390 px.
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= viewport["width"], f"{naam} is {breedte}px wide"
    assert not rapporten, "\n\n".join(rapporten)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_district_filter_is_a_plain_form_and_the_agenda_links_to_the_calendar(
    berichten_site, page, screenshot
):
    page.goto(berichten_site("/agenda/"))
    page.locator("main select#id_wijk").select_option(label="Tanthof")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(berichten_site("/agenda/?wijk=tanthof"))
    expect(page.locator("main h2").first).to_contain_text("Tanthof")
    screenshot("agenda-tanthof")

    ical = page.locator("main a[href='/agenda/ical/?wijk=tanthof']")
    expect(ical).to_be_visible()
    antwoord = page.request.get(berichten_site("/agenda/ical/?wijk=tanthof"))
    assert antwoord.ok and antwoord.headers["content-type"].startswith("text/calendar")
    assert antwoord.text().count("BEGIN:VEVENT") == 2  # the demo's two events in Tanthof
