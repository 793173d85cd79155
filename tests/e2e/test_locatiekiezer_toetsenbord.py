"""The location picker (static/js/locatiekiezer.js) without a mouse (WCAG 2.1.1), in both forms
that use it: step 2 of a resident's application and the admin's play-space form.

Only the keyboard: Tab reaches the map (every stop on the way shows its focus), a cross marks
the map's centre while it has keyboard focus, the instructions under the map describe it, + zooms,
the arrow keys move the map and Enter or Space places the point under the cross; the inputs get
the point and the status line names its neighbourhood. axe on both pages with a point chosen.
In the admin the coordinator then saves the new play space (in their own district: the map
opens on it).

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.gebieden.lookup import buurt_voor_punt

from .stappen import COORDINATOR, aanvraag_van_bewoner, inloggen_als_bewoner, naar_admin_dashboard
from .test_aanvraag import naar_de_inhoud, op_stap, tab_tot, wacht_op_locatiekiezer
from .test_keyboard import actief, assert_focus_zichtbaar, label
from .test_locatiestap import genoemd

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KAART = ".delft-locatiekiezer__kaart"
KRUIS = f"{KAART} .delft-locatiekiezer__kruis"
UITLEG = ".delft-locatiekiezer__uitleg"
STATUS = ".delft-locatiekiezer__status"
MARKER = f"{KAART} .leaflet-marker-icon"
GRENZEN = f"{KAART} .leaflet-overlay-pane path"  # the district outlines (see test_aanvraag.py)
UITLEG_TEKST = "Enter"  # the instructions name the key (translated or not)

KAART_HEEFT_FOCUS = """() => document.activeElement
    && document.activeElement.classList.contains("delft-locatiekiezer__kaart")"""
# Leaflet pans with a script animation (not CSS): give it time to finish.
PAN_MS = 700


def tab_naar_de_kaart(page: Page, maximaal: int = 20) -> list[str]:
    """Tab until the map has focus; every element on the way shows a visible focus indicator."""
    volgorde = []
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        element = actief(page)
        assert_focus_zichtbaar(element)
        volgorde.append(label(element))
        if page.evaluate(KAART_HEEFT_FOCUS):
            return volgorde
    pytest.fail(f"the map was not reached with Tab; focus order was {volgorde}")


def punt(page: Page, lat_id: str, lon_id: str) -> tuple[float, float]:
    return (
        float(page.locator(f"#{lat_id}").input_value()),
        float(page.locator(f"#{lon_id}").input_value()),
    )


def kies_met_het_toetsenbord(page: Page, scope: str, lat_id: str, lon_id: str, inzoomen: int = 0):
    """On the focused map: + ``inzoomen`` times; Enter; ↑ and Space; + and ↑ again and Enter.
    Returns the last point chosen and its neighbourhood."""
    kaart = page.locator(f"{scope} {KAART}")
    expect(kaart).to_be_focused()
    expect(page.locator(f"{scope} {KRUIS}")).to_be_visible()
    uitleg = page.locator(f"{scope} {UITLEG}")
    expect(uitleg).to_be_visible()
    expect(uitleg).to_contain_text(UITLEG_TEKST)
    expect(kaart).to_have_attribute(
        "aria-describedby", re.compile(rf"\b{uitleg.get_attribute('id')}\b")
    )

    def kies(toets: str, vorige: tuple[float, float] | None) -> tuple[float, float]:
        page.keyboard.press(toets)
        invoer = page.locator(f"#{lat_id}")
        expect(invoer).not_to_have_value(str(vorige[0]) if vorige else "")
        expect(page.locator(f"{scope} {MARKER}")).to_have_count(1)
        expect(kaart).to_be_focused()  # the map keeps focus: choose again, or Tab on
        return punt(page, lat_id, lon_id)

    for _ in range(inzoomen):
        page.keyboard.press("+")
        page.wait_for_timeout(PAN_MS)
    eerste = kies("Enter", None)
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(PAN_MS)
    tweede = kies(" ", eerste)
    stap = tweede[0] - eerste[0]
    assert stap > 0 and abs(tweede[1] - eerste[1]) < 0.0001, (eerste, tweede)  # north

    # Zoomed in one level, the same key moves the map half as far.
    page.keyboard.press("+")
    page.wait_for_timeout(PAN_MS)
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(PAN_MS)
    derde = kies("Enter", tweede)
    verhouding = (derde[0] - tweede[0]) / stap
    assert 0.4 < verhouding < 0.6, (eerste, tweede, derde)

    plek = buurt_voor_punt(*derde)
    status = page.locator(f"{scope} {STATUS}")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(genoemd(plek.buurt.naam, plek.wijk.naam))
    return derde, plek


def test_a_resident_chooses_the_place_with_the_keyboard(site, page, screenshot, axe, wachtwoord):
    aanvraag = aanvraag_van_bewoner(1)
    stap_2 = f"/aanvragen/{aanvraag.pk}/stap/2/"
    inloggen_als_bewoner(page, site, wachtwoord, stap_2)
    op_stap(page, 2)
    wacht_op_locatiekiezer(page)
    expect(page.locator(f"main {KRUIS}")).to_be_hidden()  # only while the map has focus

    # Street and number typed, then the next tab stop is the map.
    naar_de_inhoud(page)
    tab_tot(page, "input#id_straat")
    page.keyboard.type("Roland Holstlaan")
    page.keyboard.press("Tab")
    expect(page.locator("#id_huisnummer")).to_be_focused()
    page.keyboard.type("12")
    tab_naar_de_kaart(page, maximaal=1)
    screenshot("kaart-met-focus-en-kruis")

    gekozen, plek = kies_met_het_toetsenbord(page, "main", "id_locatie_lat", "id_locatie_lon")
    screenshot("plek-gekozen-met-het-toetsenbord")
    axe(page, "step 2 with a place chosen with the keyboard")

    # Tab moves on (the marker is no tab stop): the map's own controls, then the clear button.
    page.keyboard.press("Tab")
    expect(page.locator(f"main {KRUIS}")).to_be_hidden()
    # The point is saved with the step, with its neighbourhood and district.
    page.locator("main").get_by_role("button", name="Opslaan en verder").click()
    op_stap(page, 3)
    aanvraag.refresh_from_db()
    assert (float(aanvraag.locatie_lat), float(aanvraag.locatie_lon)) == gekozen
    assert (aanvraag.buurt, aanvraag.wijk) == (plek.buurt, plek.wijk)


def test_a_coordinator_places_a_play_space_with_the_keyboard(
    site, page, screenshot, axe, wachtwoord
):
    from portal.accounts.models import User
    from portal.gebieden.models import Wijk
    from speelkaart.models import Speelplek
    from tests.accounts.helpers import activeer_totp

    tanthof = Wijk.objects.get(slug="tanthof")
    coordinator = User.objects.get(email=COORDINATOR)
    tanthof.coordinatoren.add(coordinator)
    secret = activeer_totp(coordinator)
    naar_admin_dashboard(page, site, COORDINATOR, wachtwoord, secret)

    page.goto(site("/admin/speelplekken/new/"))
    main = page.locator("main")
    page.locator("#id_naam").fill("Testspeeltuin met het toetsenbord")
    page.locator("#id_soort").select_option("speeltuin")
    expect(main.locator(KAART)).to_be_visible()
    expect(main.locator(GRENZEN)).to_have_count(8)
    page.wait_for_timeout(PAN_MS)  # fitted to the coordinator's districts
    expect(main.locator(KAART)).to_have_attribute("tabindex", "0")

    # From the longitude field, the next tab stop is the map.
    page.locator("#id_lon").focus()
    tab_naar_de_kaart(page, maximaal=1)
    screenshot("beheer-kaart-met-focus-en-kruis")
    # Closer first: a step of the arrow keys is 80 pixels, at this zoom about a kilometre.
    gekozen, plek = kies_met_het_toetsenbord(page, "main", "id_lat", "id_lon", inzoomen=2)
    assert plek.wijk == tanthof  # the map opened on Tanthof
    screenshot("beheer-plek-gekozen-met-het-toetsenbord")
    axe(page, "admin play-space form with a place chosen with the keyboard")

    main.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/speelplekken/(\?.*)?$"))
    speelplek = Speelplek.objects.get(naam="Testspeeltuin met het toetsenbord")
    assert (float(speelplek.lat), float(speelplek.lon)) == gekozen
    assert (speelplek.buurt, speelplek.wijk) == (plek.buurt, tanthof)
    screenshot("beheer-speelplek-opgeslagen")
