"""The play-space map in a real browser: keyboard only, and axe.

- ``test_filter_the_list_and_open_a_play_space_with_the_keyboard_only``: Tab to an age group,
  Space, Tab to the submit button, Enter; then the map's "same information in the list" link
  and Tab into the list, Enter on a play space (WCAG 2.1.1, 2.4.3, 2.4.7).
- ``test_a_marker_is_reached_by_tab_and_its_popup_opened_with_enter``: the markers are tab
  stops named after their play space; Enter opens the popup and moves focus to its link,
  Escape closes it and returns focus to the marker, Enter on the link opens the page.
- axe (WCAG 2.0/2.1/2.2 A and AA, no rule skipped) at 1280 px and 390 px: the map page with
  results (and the wishes layer on), the "no results" state, a play space's page.

Play spaces are made with the factories in each test, after ``site`` loaded the demo data
(the live server shares the database: transactional tests). The demo has example play spaces
of its own (speelkaart/demo.py), so expected numbers are counted in the database.
Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.gebieden.models import Buurt
from speelkaart.constants import WensStatus
from speelkaart.models import Speelplek
from tests.factories import SpeelplekFactory, WaarderingFactory, WensFactory

from .conftest import DESKTOP
from .test_aanvraag import naar_de_inhoud
from .test_keyboard import actief, assert_focus_zichtbaar, label, tab_tot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SMAL = {"width": 390, "height": 844}
NAAR_DE_LIJST = "a:Dezelfde informatie staat in de lijst hieronder."


def maak_speelplekken() -> dict:
    """Four play spaces in four districts (apart on the map), a rating with a published
    comment, and published and unpublished wishes."""
    buurten = {
        slug: Buurt.objects.filter(wijk__slug=slug).order_by("naam").first()
        for slug in ("tanthof", "wippolder", "binnenstad", "voorhof")
    }
    speelplekken = {
        "peuters": SpeelplekFactory(
            naam="Peutertuin De Kikker", in_buurt=buurten["tanthof"], voor_0_4=True, omheind=True
        ),
        "skate": SpeelplekFactory(
            naam="Skatebaan Mekelpark",
            in_buurt=buurten["wippolder"],
            soort="skatebaan",
            voor_4_8=False,
            voor_12_plus=True,
        ),
        "voorbeeld": SpeelplekFactory(
            naam="Voorbeeldspeeltuin Markt", in_buurt=buurten["binnenstad"], bron="voorbeeld"
        ),
        "gesloten": SpeelplekFactory(
            naam="Speelplek Voorhof",
            in_buurt=buurten["voorhof"],
            status="tijdelijk_gesloten",
            schaduw=True,
        ),
    }
    WaarderingFactory(
        speelplek=speelplekken["peuters"],
        speelwaarde=5,
        opmerking="Fijn omheind, ideaal voor peuters.",
        opmerking_status="gepubliceerd",
    )
    speelplekken["peuters"].herbereken_waarderingen()
    WensFactory(
        titel="Een trapveldje in Tanthof",
        in_buurt=buurten["tanthof"],
        status=WensStatus.GEPUBLICEERD,
    )
    WensFactory(titel="Nog niet gemodereerd", in_buurt=buurten["tanthof"])
    return speelplekken


# Play spaces on the map: single markers plus the number in each group marker (static/js/
# speelkaart.js groups markers that would cover each other).
OP_DE_KAART = """() => {
    const kaart = document.querySelector(".delft-speelkaart[data-geladen]");
    if (!kaart) return -1;
    let aantal = kaart.querySelectorAll("img.leaflet-marker-icon").length;
    kaart.querySelectorAll(".delft-groepmarker[data-aantal]").forEach((groep) => {
        aantal += Number(groep.dataset.aantal);
    });
    return aantal;
}"""
# The names the map's markers carry (a group marker names its members).
NAMEN_OP_DE_KAART = """() => Array.from(
    document.querySelectorAll(".delft-speelkaart .leaflet-marker-icon[title]"),
    (marker) => marker.title
).join(" | ")"""


def wacht_op_markers(page: Page, aantal: int) -> None:
    """The map block is shown and Leaflet drew ``aantal`` play spaces (singly or in groups)."""
    expect(page.locator("[data-speelkaart-blok]")).to_be_visible()
    page.wait_for_function(f"() => ({OP_DE_KAART})() === {aantal}")


def tab_tot_marker(page: Page, naam: str, maximaal: int = 12) -> dict:
    """Tab until the marker named ``naam`` has focus; every stop on the way (the map, other
    markers) shows its focus."""
    volgorde = []
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        element = actief(page)
        assert_focus_zichtbaar(element)
        alt = page.evaluate("document.activeElement.getAttribute('alt')")
        volgorde.append(f"{label(element)}{alt or ''}")
        if "leaflet-marker-icon" in element["klasse"] and alt == naam:
            return element
    pytest.fail(f"marker {naam} not reached with Tab; focus order was {volgorde}")


def test_filter_the_list_and_open_a_play_space_with_the_keyboard_only(site, page, screenshot):
    speelplekken = maak_speelplekken()
    alle = Speelplek.objects.count()
    peuters = Speelplek.objects.filter(voor_0_4=True).count()
    assert 1 < peuters < alle <= 20  # one page; the filter leaves some out
    page.goto(site("/speelkaart/"))
    wacht_op_markers(page, alle)
    expect(page.locator("[data-speelplekkenlijst] > li")).to_have_count(alle)
    screenshot("kaart-en-lijst")

    naar_de_inhoud(page)
    assert tab_tot(page, "input#id_leeftijd_0", maximaal=6)[-1] == "input#id_leeftijd_0"
    page.keyboard.press("Space")
    expect(page.locator("#id_leeftijd_0")).to_be_checked()
    knop = "button:" + page.locator("#filter-toepassen").inner_text().strip()
    tab_tot(page, knop, maximaal=20)
    screenshot("focus-op-tonen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/speelkaart/\?.*leeftijd=voor_0_4"))
    lijst = page.locator("[data-speelplekkenlijst] > li")
    expect(lijst).to_have_count(peuters)
    expect(lijst.first).to_contain_text("Peutertuin De Kikker")  # by name: before "Voorbeeld: …"
    expect(page.locator("[data-speelplekkenlijst]")).not_to_contain_text("Skatebaan Mekelpark")
    expect(page.locator("#id_leeftijd_0")).to_be_checked()
    wacht_op_markers(page, peuters)  # the map shows the same play spaces
    screenshot("gefilterd")

    # Past the map to the list: the link above the map, then into the list.
    naar_de_inhoud(page)
    tab_tot(page, NAAR_DE_LIJST, maximaal=30)
    page.keyboard.press("Enter")
    expect(page.locator("#lijst-titel")).to_be_focused()
    assert tab_tot(page, "a:Peutertuin De Kikker", maximaal=2) == ["a:Peutertuin De Kikker"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(site(speelplekken["peuters"].get_absolute_url()))
    expect(page.locator("main h1")).to_have_text("Peutertuin De Kikker")
    expect(page.locator("[data-opmerkingen]")).to_contain_text("ideaal voor peuters")
    screenshot("speelplek")


def test_a_marker_is_reached_by_tab_and_its_popup_opened_with_enter(site, page, screenshot):
    speelplekken = maak_speelplekken()
    page.goto(site("/speelkaart/?wijk=tanthof"))
    wacht_op_markers(page, Speelplek.objects.filter(wijk__slug="tanthof").count())

    naar_de_inhoud(page)
    tab_tot(page, NAAR_DE_LIJST, maximaal=30)
    marker = tab_tot_marker(page, "Peutertuin De Kikker")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Peutertuin De Kikker"
    )
    assert marker["focusVisible"]
    screenshot("focus-op-marker")

    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    link = popup.get_by_role("link", name="Peutertuin De Kikker")
    expect(link).to_be_focused()
    screenshot("popup-open")

    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(page.locator(".delft-speelkaart img[alt='Peutertuin De Kikker']")).to_be_focused()

    page.keyboard.press("Enter")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site(speelplekken["peuters"].get_absolute_url()))
    expect(page.locator("main h1")).to_have_text("Peutertuin De Kikker")


def test_the_wishes_layer_shows_only_published_wishes(site, page):
    maak_speelplekken()
    page.goto(site("/speelkaart/?wijk=tanthof"))
    wacht_op_markers(page, Speelplek.objects.filter(wijk__slug="tanthof").count())
    wensen = page.locator(".delft-speelkaart .delft-wensmarker")
    expect(wensen).to_have_count(0)
    page.locator("#wensen-tonen").check()
    page.wait_for_function(f"() => ({NAMEN_OP_DE_KAART})().includes('Een trapveldje in Tanthof')")
    namen = page.evaluate(NAMEN_OP_DE_KAART)
    assert "Een trapveldje in Tanthof" in namen and "Nog niet gemodereerd" not in namen
    page.locator("#wensen-tonen").uncheck()
    expect(wensen).to_have_count(0)
    assert "Een trapveldje in Tanthof" not in page.evaluate(NAMEN_OP_DE_KAART)


def _axe_op_twee_breedtes(page: Page, axe, screenshot, naam: str) -> None:
    rapporten = []
    for viewport in (DESKTOP, SMAL):
        page.set_viewport_size(viewport)
        screenshot(f"{naam}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{naam} at {viewport['width']} px"))
        # Reflow (WCAG 1.4.10): nothing wider than the screen.
        breedte = page.evaluate("document.documentElement.scrollWidth")
        if breedte > viewport["width"]:
            rapporten.append(f"{naam} is {breedte} px wide at {viewport['width']} px")
    assert not rapporten, "\n\n".join(rapporten)


def test_the_map_page_with_results_has_no_axe_violations(site, page, screenshot, axe):
    maak_speelplekken()
    page.goto(site("/speelkaart/"))
    wacht_op_markers(page, Speelplek.objects.count())
    page.locator("#wensen-tonen").check()
    page.wait_for_function(f"() => ({NAMEN_OP_DE_KAART})().includes('Een trapveldje in Tanthof')")
    # With a popup open: a group's list (the demo's and these play spaces lie close together).
    page.locator(".delft-speelkaart .leaflet-marker-icon[role=button]").first.click()
    expect(page.locator(".leaflet-popup")).to_be_visible()
    _axe_op_twee_breedtes(page, axe, screenshot, "speelkaart")


def test_the_map_page_without_results_and_with_errors_has_no_axe_violations(
    site, page, screenshot, axe
):
    maak_speelplekken()
    leeg = "wijk=tanthof&soort=schoolplein&voorziening=toilet&voorziening=schaduw"
    assert not Speelplek.objects.filter(
        wijk__slug="tanthof", soort="schoolplein", toilet=True, schaduw=True
    ).exists()
    page.goto(site(f"/speelkaart/?{leeg}"))
    expect(page.locator("[data-geen-resultaten]")).to_be_visible()
    wacht_op_markers(page, 0)
    _axe_op_twee_breedtes(page, axe, screenshot, "geen-resultaten")
    page.goto(site("/speelkaart/?leeftijd=baby&straat=Markt&huisnummer=1"))
    expect(page.locator("main [data-error-summary]")).to_be_focused()
    _axe_op_twee_breedtes(page, axe, screenshot, "foutmeldingen")


def test_a_play_space_page_has_no_axe_violations(site, page, screenshot, axe):
    speelplekken = maak_speelplekken()
    page.goto(site(speelplekken["peuters"].get_absolute_url()))
    expect(page.locator("[data-speelplekkaart]")).to_be_visible()
    expect(page.locator("[data-speelplekkaart] img.leaflet-marker-icon")).to_have_count(1)
    _axe_op_twee_breedtes(page, axe, screenshot, "speelplek")
    page.goto(site(speelplekken["gesloten"].get_absolute_url()))
    expect(page.locator("main h1")).to_have_text("Speelplek Voorhof")
    _axe_op_twee_breedtes(page, axe, screenshot, "speelplek-gesloten")
