"""The location of an application on the review queue's detail screen, in a real browser
(static/js/wachtrijkaart.js in the Wagtail admin), and a decision form in its error state.

- ``test_the_detail_shows_point_and_neighbourhood_on_a_map_and_the_reject_form_ties_its_error``:
  the coordinator of the district (password and TOTP) opens a submitted application that was
  placed on the map: Leaflet draws the neighbourhood's boundary (fitted to it) and a marker,
  the text beside the map says the same, Tab leaves the map after its controls (no trap) and
  the marker is no tab stop; axe on the detail screen. Then the reject form without a
  motivation: the control is invalid and described by its error; axe on that error state.
- ``test_without_a_point_the_map_shows_only_the_neighbourhood``: the neighbourhood chosen from
  the list: the boundary, no marker, and the text says so.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import Page, expect

from .stappen import (
    WACHTRIJ,
    aanvraag_van_bewoner,
    in_behandeling,
    naar_wachtrij,
    verstuur_admin_formulier,
)

GEEN_PUNT = "No point on the map; the resident chose the neighbourhood from the list"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every control marked invalid is described by an element that holds its error message:
# [name, aria-invalid, the texts of the elements aria-describedby names] per invalid control.
BESCHRIJVINGEN = """() => Array.from(document.querySelectorAll("main [aria-invalid=true]")).map(
    (el) => [
        el.name,
        (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean).map(
            (id) => (document.getElementById(id) || {}).textContent || null
        ),
    ]
)"""


def punt_in_de_buurt(naam: str) -> tuple[Decimal, Decimal]:
    from shapely.geometry import shape

    from portal.gebieden.models import Buurt

    punt = shape(Buurt.objects.get(naam=naam).grens).representative_point()
    return Decimal(f"{punt.y:.6f}"), Decimal(f"{punt.x:.6f}")


def ingediend(**velden):
    """The demo resident's complete application in the Roland Holstbuurt (Voorhof), submitted."""
    from participatie.constants import Rol, Status

    aanvraag = aanvraag_van_bewoner(4, huishoudens=5, **velden)
    aanvraag.wijzig_status(Status.INGEDIEND, door=aanvraag.aanvrager, rol=Rol.AANVRAGER)
    aanvraag.refresh_from_db()
    return aanvraag


def kaart_getekend(page: Page, markeringen: int):
    """Wait until Leaflet has drawn the boundary (one polygon) and ``markeringen`` markers; the
    map is fitted to the boundary: the polygon fills a good part of the map."""
    blok = page.locator("main [data-wachtrijkaart]")
    expect(blok).to_be_visible()
    expect(blok.locator("path.leaflet-interactive")).to_have_count(1)
    expect(blok.locator(".leaflet-marker-icon")).to_have_count(markeringen)
    kaart = blok.locator(".wachtrijkaart__kaart").bounding_box()
    vlak = blok.locator("path.leaflet-interactive").bounding_box()
    assert kaart["height"] > 200, kaart
    assert vlak["width"] > 0.3 * kaart["width"] or vlak["height"] > 0.3 * kaart["height"], vlak
    return blok


def tab_verlaat_de_kaart(page: Page, blok, maximaal: int = 6) -> list[str]:
    """From the map itself, Tab reaches an element after the map within a few stops."""
    kaart = blok.locator(".wachtrijkaart__kaart")
    kaart.focus()
    expect(kaart).to_be_focused()
    onderweg = []
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        binnen, naam = page.evaluate(
            """(blok) => [blok.contains(document.activeElement),
                document.activeElement.getAttribute("aria-label")
                || document.activeElement.textContent.trim().slice(0, 40)]""",
            blok.element_handle(),
        )
        onderweg.append(naam)
        if not binnen:
            return onderweg
    pytest.fail(f"Tab did not leave the map in {maximaal} presses: {onderweg}")


def test_the_detail_shows_point_and_neighbourhood_on_a_map_and_the_reject_form_ties_its_error(
    site, page, screenshot, axe, request
):
    lat, lon = punt_in_de_buurt("Roland Holstbuurt")
    aanvraag = ingediend(locatie_lat=lat, locatie_lon=lon)
    in_behandeling(aanvraag)  # so that the reject form is offered
    naar_wachtrij(page, site, request, f"{WACHTRIJ}{aanvraag.pk}/", aanvraag)
    main = page.locator("main")
    expect(main).to_contain_text(aanvraag.referentie)

    blok = kaart_getekend(page, markeringen=1)
    kaart = blok.locator(".wachtrijkaart__kaart")
    expect(kaart).to_have_attribute("role", "application")
    expect(kaart).to_have_attribute("aria-describedby", "aanvraag-locatie-tekst")
    tekst = page.locator("#aanvraag-locatie-tekst")
    expect(tekst).to_contain_text("Roland Holstbuurt")
    expect(tekst).to_contain_text("Voorhof")
    expect(tekst).to_contain_text(f"{lat}")
    expect(tekst).to_contain_text(f"{lon}")
    expect(tekst).to_contain_text("Roland Holstlaan 12")
    # The marker only shows: no tab stop of its own.
    assert blok.locator(".leaflet-marker-icon[tabindex='0']").count() == 0
    blok.scroll_into_view_if_needed()
    screenshot("detail-met-kaart")
    tab_verlaat_de_kaart(page, blok)
    axe(page, "review detail with the location map")

    # The reject form without a motivation: its error state.
    page.goto(site(f"{WACHTRIJ}{aanvraag.pk}/afwijzen/"))
    verstuur_admin_formulier(page)
    expect(main.locator("#foutoverzicht")).to_be_visible()
    motivatie = main.locator("#id_motivatie")
    expect(motivatie).to_have_attribute("aria-invalid", "true")
    expect(main.locator("#foutoverzicht a[href='#id_motivatie']")).to_be_visible()
    fout = main.locator("#id_motivatie_error")
    expect(fout).not_to_be_empty()
    beschrijvingen = page.evaluate(BESCHRIJVINGEN)
    assert [naam for naam, _ in beschrijvingen] == ["motivatie"], beschrijvingen
    foutmelding = " ".join(fout.inner_text().split())
    for naam, teksten in beschrijvingen:
        assert None not in teksten, (naam, teksten)  # every id exists
        assert any(foutmelding in " ".join(t.split()) for t in teksten), (naam, teksten)
    screenshot("afwijzen-zonder-motivatie")
    axe(page, "reject form with an error")


def test_without_a_point_the_map_shows_only_the_neighbourhood(site, page, screenshot, axe, request):
    aanvraag = ingediend()  # the neighbourhood chosen from the list: no point
    assert aanvraag.locatie_lat is None
    naar_wachtrij(page, site, request, f"{WACHTRIJ}{aanvraag.pk}/", aanvraag)
    kaart_getekend(page, markeringen=0).scroll_into_view_if_needed()
    tekst = page.locator("#aanvraag-locatie-tekst")
    expect(tekst).to_contain_text("Roland Holstbuurt")
    with translation.override("nl"):
        expect(tekst).to_contain_text(gettext(GEEN_PUNT))
    screenshot("detail-zonder-punt")
    axe(page, "review detail, neighbourhood from the list")
