"""Steps shared by the browser journeys and the accessibility gate."""

import re
import time

from playwright.sync_api import Page, expect

from tests.accounts.helpers import totp_code

MFA_CODE_URL = re.compile(r"/accounts/2fa/authenticate/")


def verstuur_formulier(page: Page) -> None:
    """Press the form's own submit button (scoped to <main>: the header has a logout form)."""
    page.locator("main form button[type=submit]").first.click()


def wacht_op_kaart(page: Page, vlakken: int) -> None:
    """Wait until Leaflet has drawn ``vlakken`` polygons from the GeoJSON on the page's map."""
    kaart = page.locator(".delft-kaart")
    expect(kaart).to_be_visible()
    expect(kaart.locator("path.leaflet-interactive")).to_have_count(vlakken)


def inloggen_met_wachtwoord(page: Page, email: str, wachtwoord: str) -> None:
    """Fill in allauth's login form on the current page and submit it."""
    expect(page.locator("main h1")).to_have_text("Aanmelden")
    page.locator("main #id_login").fill(email)
    page.locator("main #id_password").fill(wachtwoord)
    verstuur_formulier(page)


def naar_mfa_code(page: Page, site, email: str, wachtwoord: str, screenshot=None) -> None:
    """Staff: /admin/ → allauth's login → password → the TOTP code page."""
    page.goto(site("/admin/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)$"))
    if screenshot:
        screenshot("admin-vraagt-om-inloggen")
    inloggen_met_wachtwoord(page, email, wachtwoord)
    expect(page).to_have_url(MFA_CODE_URL)
    expect(page.locator("main h1")).to_be_visible()


def verse_totp_code(secret: str) -> str:
    """The current TOTP code, valid for at least a few more seconds.

    allauth accepts only the current 30 s window (MFA_TOTP_TOLERANCE = 0): a code taken just
    before the window ends would be refused by the time the server checks it.
    """
    from allauth.mfa import app_settings

    resterend = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if resterend < 3:
        time.sleep(resterend + 0.1)
    return totp_code(secret)


def voer_totp_code_in(page: Page, secret: str) -> None:
    """Enter a fresh TOTP code (allauth refuses a code used before in the same window)."""
    page.locator("main input[name=code]").fill(verse_totp_code(secret))
    verstuur_formulier(page)


def naar_admin_dashboard(page: Page, site, email: str, wachtwoord: str, secret: str) -> None:
    naar_mfa_code(page, site, email, wachtwoord)
    voer_totp_code_in(page, secret)
    expect(page).to_have_url(site("/admin/"))
    expect(page.locator("#mijn-wijken-titel")).to_have_text("Uw wijken")
