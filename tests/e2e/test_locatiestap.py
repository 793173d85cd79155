"""Step 2 (location) in a real browser: a click on the map names the neighbourhood in the status
line, the point can be cleared again, a saved point is named when the step is opened again, and
axe finds nothing on the step with a point chosen and after clearing it.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import re

import pytest
from playwright.sync_api import expect

from portal.gebieden.lookup import buurt_voor_punt

from .stappen import aanvraag_van_bewoner, inloggen_als_bewoner
from .test_aanvraag import KAART, gekozen_punt, klik_in_het_midden_van_delft, op_stap

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATUS = "main .delft-locatiekiezer__status"
WISKNOP = "main .delft-locatiekiezer__wissen"
MARKER = f"{KAART} .leaflet-marker-icon"


def genoemd(buurt: str, wijk: str) -> re.Pattern:
    """The status line naming a neighbourhood and its district (not coordinates)."""
    return re.compile(rf"^Gekozen op de kaart: \D*{re.escape(buurt)}\D*{re.escape(wijk)}\D*$")


def test_a_map_click_names_the_neighbourhood_and_the_point_can_be_cleared(
    site, page, screenshot, axe, wachtwoord
):
    aanvraag = aanvraag_van_bewoner(1)
    stap_2 = f"/aanvragen/{aanvraag.pk}/stap/2/"
    inloggen_als_bewoner(page, site, wachtwoord, stap_2)
    op_stap(page, 2)
    status, wisknop = page.locator(STATUS), page.locator(WISKNOP)
    expect(wisknop).to_be_hidden()  # nothing to clear yet
    page.locator("#id_straat").fill("Roland Holstlaan")
    page.locator("#id_huisnummer").fill("12")

    # A click: the marker, the neighbourhood in the status line, the button to clear it.
    lat, lon = klik_in_het_midden_van_delft(page)
    plek = buurt_voor_punt(lat, lon)
    expect(status).to_have_text(genoemd(plek.buurt.naam, plek.wijk.naam))
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator(MARKER)).to_have_count(1)
    expect(wisknop).to_be_visible()
    screenshot("buurt-genoemd")
    axe(page, "step 2 with a point chosen on the map")

    # Clearing: no coordinates, no marker, the status says so, focus on the map.
    wisknop.click()
    expect(page.locator("#id_locatie_lat")).to_have_value("")
    expect(page.locator("#id_locatie_lon")).to_have_value("")
    expect(page.locator(MARKER)).to_have_count(0)
    expect(wisknop).to_be_hidden()
    expect(status).to_contain_text("gewist")
    expect(page.locator(KAART)).to_be_focused()
    screenshot("punt-gewist")
    axe(page, "step 2 after clearing the point")

    # A point saved with the step is named when the step is opened again. The map has the
    # focus after clearing: Enter places the point under the cross (the keyboard way).
    page.keyboard.press("Enter")
    lat, lon = gekozen_punt(page)
    page.locator("main").get_by_role("button", name="Opslaan en verder").click()
    op_stap(page, 3)
    page.goto(site(stap_2))
    op_stap(page, 2)
    plek = buurt_voor_punt(lat, lon)
    expect(status).to_have_text(genoemd(plek.buurt.naam, plek.wijk.naam))
    expect(wisknop).to_be_visible()
    screenshot("opgeslagen-punt-genoemd")
