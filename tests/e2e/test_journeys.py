"""User journeys in a real browser, with a screenshot of every step.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import re

import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.gebieden.models import Buurt, Wijk
from tests.accounts.helpers import activeer_totp, code_uit_mail, laatste_mail_aan

from .stappen import (
    inloggen_met_wachtwoord,
    naar_mfa_code,
    verstuur_formulier,
    voer_totp_code_in,
    wacht_op_kaart,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NIEUW_WACHTWOORD = "Tulpenbollen-aan-de-Schie-42"


def test_visitor_finds_a_district_from_the_list_and_the_map(site, page, screenshot):
    wijken = list(Wijk.objects.values_list("naam", flat=True))  # in the model's order
    assert len(wijken) == 8

    page.goto(site("/"))
    expect(page.locator("main h1")).to_have_text("Wijkportaal Delft")
    lijst = page.locator(".delft-wijklijst")
    expect(lijst.locator(".delft-wijklijst__item")).to_have_count(8)
    expect(lijst.locator("h3")).to_have_text(wijken)
    # The map: Leaflet draws one polygon per district from the site's own GeoJSON.
    wacht_op_kaart(page, 8)
    expect(page.locator(".delft-kaart")).to_have_attribute(
        "aria-label", "Kaart van de acht wijken van Delft"
    )
    screenshot("home-met-lijst-en-kaart")

    lijst.get_by_role("link", name="Buitenhof", exact=True).click()
    expect(page).to_have_url(site("/buitenhof/"))
    expect(page.locator("main h1")).to_have_text("Buitenhof")

    buurten = list(Buurt.objects.filter(wijk__slug="buitenhof").order_by("naam"))
    aandacht = [b.naam for b in buurten if b.is_aandachtsbuurt]
    assert len(buurten) == 11
    assert len(aandacht) == 4
    items = page.locator(".delft-buurtlijst > li")
    expect(items).to_have_count(11)
    for item, buurt in zip(items.all(), buurten, strict=True):
        expect(item).to_contain_text(buurt.naam)
        badge = item.locator(".delft-badge")
        expect(badge).to_have_count(1 if buurt.is_aandachtsbuurt else 0)
        if buurt.is_aandachtsbuurt:
            expect(badge).to_have_text("aandachtsbuurt")
    expect(page.locator("main")).to_contain_text("11 buurten")
    # The district map: its boundary plus the 11 neighbourhoods, 4 of them marked.
    wacht_op_kaart(page, 12)
    expect(page.locator(".delft-kaart path.delft-kaart__vlak--aandacht")).to_have_count(4)
    screenshot("wijkpagina-buitenhof")

    kruimelpad = page.get_by_role("navigation", name="Kruimelpad")
    expect(kruimelpad.get_by_role("link")).to_have_text(["Wijkportaal Delft", "Buitenhof"])
    expect(kruimelpad.locator("[aria-current=page]")).to_have_text("Buitenhof")
    kruimelpad.get_by_role("link", name="Wijkportaal Delft").click()
    expect(page).to_have_url(site("/"))
    expect(page.locator("main h1")).to_have_text("Wijkportaal Delft")
    screenshot("terug-op-home-via-kruimelpad")


def test_resident_signs_up_verifies_by_code_logs_out_and_in_again(site, page, screenshot):
    from django.core import mail

    email = "nieuwe.bewoner@example.org"
    status = page.locator(".delft-account__status")

    page.goto(site("/"))
    page.locator("header").get_by_role("link", name="Account aanmaken").click()
    expect(page).to_have_url(site("/accounts/signup/"))
    page.locator("main #id_email").fill(email)
    page.locator("main #id_password1").fill(NIEUW_WACHTWOORD)
    page.locator("main #id_password2").fill(NIEUW_WACHTWOORD)
    screenshot("registratieformulier-ingevuld")
    verstuur_formulier(page)

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    expect(page.locator("main input[name=code]")).to_be_visible()
    screenshot("verificatiecode-gevraagd")
    assert len(mail.outbox) == 1
    code = code_uit_mail(laatste_mail_aan(email))
    assert not User.objects.get(email=email).emailaddress_set.get().verified

    page.locator("main input[name=code]").fill(code)
    verstuur_formulier(page)
    expect(status).to_have_text(f"Ingelogd als {email}")
    assert User.objects.get(email=email).emailaddress_set.get().verified
    screenshot("ingelogd-na-verificatie")

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(status).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
    screenshot("uitgelogd")

    page.locator("header").get_by_role("link", name="Inloggen").click()
    inloggen_met_wachtwoord(page, email, NIEUW_WACHTWOORD)
    expect(status).to_have_text(f"Ingelogd als {email}")
    screenshot("opnieuw-ingelogd-met-wachtwoord")

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    expect(status).to_have_count(0)
    screenshot("weer-uitgelogd")


def test_coordinator_reaches_the_admin_only_with_a_totp_code(site, page, screenshot, wachtwoord):
    coordinator = User.objects.get(email="coordinator.tanthof@example.org")
    secret = activeer_totp(coordinator)

    naar_mfa_code(page, site, coordinator.email, wachtwoord, screenshot=screenshot)
    expect(page.locator("main input[name=code]")).to_be_visible()
    screenshot("totp-code-gevraagd")

    voer_totp_code_in(page, secret)
    expect(page).to_have_url(site("/admin/"))
    paneel = page.locator("section[aria-labelledby=mijn-wijken-titel]")
    expect(paneel.locator("h2")).to_have_text("Uw wijken")
    expect(paneel.locator("li")).to_have_text(["Tanthof"])
    expect(paneel).not_to_contain_text("Buitenhof")
    screenshot("admin-dashboard-uw-wijken")


GEEN_HORIZONTAAL_SCROLLEN = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_a_district_on_the_home_map_opens_its_page(site, page, screenshot):
    """The districts GeoJSON holds no URLs: the map takes them from the list's links
    (data-kaart-slug), and Leaflet was loaded by the map script only when needed."""
    page.goto(site("/"))
    wacht_op_kaart(page, 8)
    expect(page.locator("script[src$='leaflet/leaflet.js']")).to_have_count(1)
    buitenhof = list(Wijk.objects.values_list("slug", flat=True)).index("buitenhof")
    page.locator(".delft-kaart path.leaflet-interactive").nth(buitenhof).dispatch_event("click")
    expect(page).to_have_url(site("/buitenhof/"))
    expect(page.locator("main h1")).to_have_text("Buitenhof")


def test_visitor_on_a_phone_uses_list_and_map_without_horizontal_scrolling(
    site, mobiele_page, screenshot
):
    page = mobiele_page
    page.goto(site("/"))
    expect(page.locator(".delft-wijklijst__item")).to_have_count(8)
    wacht_op_kaart(page, 8)
    assert page.evaluate(GEEN_HORIZONTAAL_SCROLLEN), "home page scrolls sideways at 375 px"
    screenshot("home-op-telefoon")

    page.locator(".delft-wijklijst").get_by_role("link", name="Tanthof", exact=True).tap()
    expect(page).to_have_url(site("/tanthof/"))
    expect(page.locator("main h1")).to_have_text("Tanthof")
    wacht_op_kaart(page, 1 + Buurt.objects.filter(wijk__slug="tanthof").count())
    assert page.evaluate(GEEN_HORIZONTAAL_SCROLLEN), "district page scrolls sideways at 375 px"
    screenshot("wijkpagina-op-telefoon")
