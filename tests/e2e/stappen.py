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
    """Scroll to the map (static/js/wijkkaart.js loads Leaflet when the map comes near the
    viewport), then wait until Leaflet has drawn ``vlakken`` polygons from the GeoJSON."""
    page.locator("section:has(.delft-kaart)").first.scroll_into_view_if_needed()
    kaart = page.locator(".delft-kaart")
    expect(kaart).to_be_visible()
    expect(kaart.locator("path.leaflet-interactive")).to_have_count(vlakken)


def inloggen_met_wachtwoord(page: Page, email: str, wachtwoord: str) -> None:
    """Fill in allauth's login form on the current page and submit it."""
    expect(page.locator("main h1")).to_have_text("Inloggen")
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


# --- Applications (participatie) -----------------------------------------------------------

BEWONER = "bewoner@example.org"
REGELINGPAGINA = "/straatfeestcheque/"


def regelingpagina(page: Page, site, request=None) -> None:
    """The Straatfeestcheque scheme page as an anonymous visitor sees it (conditions, and the
    link to log in to apply). Also the accessibility gate's "scheme-page"."""
    page.goto(site(REGELINGPAGINA))
    expect(page.locator("main h1")).to_have_text("Straatfeestcheque")
    expect(page.locator("main").get_by_role("link", name="Log in om aan te vragen")).to_be_visible()


def inloggen_als_bewoner(page: Page, site, wachtwoord: str, naar: str) -> None:
    """Log in as the demo resident through allauth's form and land on ``naar``."""
    page.goto(site(f"/accounts/login/?next={naar}"))
    inloggen_met_wachtwoord(page, BEWONER, wachtwoord)
    expect(page).to_have_url(site(naar))


def aanvraag_van_bewoner(stap: int, huishoudens: int = 0, **velden):
    """The demo resident's Straatfeestcheque application, saved as the steps save it up to
    step ``stap`` (0-4), with ``huishoudens`` consenting households: for tests that start at a
    later step. ``velden`` override the model fields."""
    from datetime import timedelta

    from django.utils import timezone

    from participatie.models import Aanvraag, Regeling
    from portal.accounts.models import User
    from portal.gebieden.models import Buurt

    buurt = Buurt.objects.select_related("wijk").get(naam="Roland Holstbuurt")
    per_stap = {
        1: {"titel": "Zomerfeest Roland Holstlaan", "omschrijving": "Muziek en spelletjes."},
        2: {"straat": "Roland Holstlaan", "huisnummer": "12", "buurt": buurt, "wijk": buurt.wijk},
        3: {
            "activiteit_datum": timezone.localdate() + timedelta(days=28),
            "gevraagd_bedrag": "125.50",
        },
        4: {
            "privacy_akkoord": True,
            "naam_aanvrager": "Bewoner Demo",
            "adres_aanvrager": "Roland Holstlaan 12, 2624 HE Delft",
            "iban": "NL91ABNA0417164300",
        },
    }
    gegevens = {k: v for n in range(1, stap + 1) for k, v in per_stap[n].items()}
    aanvraag = Aanvraag.objects.create(
        aanvrager=User.objects.get(email=BEWONER),
        regeling=Regeling.objects.get(soort="straatfeestcheque"),
        stappen_voltooid=stap,
        **{**gegevens, **velden},
    )
    for i in range(huishoudens):
        aanvraag.huishoudens.create(adres=f"Roland Holstlaan {i + 1}", akkoord=True)
    return aanvraag


def mijn_aanvragen(page: Page, site, request) -> None:
    """The resident's list of applications with one submitted application (the accessibility
    gate's "my-applications")."""
    from participatie.constants import Rol, Status

    aanvraag = aanvraag_van_bewoner(4, huishoudens=5)
    aanvraag.wijzig_status(Status.INGEDIEND, door=aanvraag.aanvrager, rol=Rol.AANVRAGER)
    inloggen_als_bewoner(page, site, request.getfixturevalue("wachtwoord"), "/aanvragen/")
    expect(page.locator("main h1")).to_have_text("Mijn aanvragen")
    expect(page.locator("main tbody tr .delft-referentie")).to_have_text(aanvraag.referentie)


def mijn_gegevens(page: Page, site, request) -> None:
    """The resident's "Mijn gegevens" page (download and delete)."""
    inloggen_als_bewoner(page, site, request.getfixturevalue("wachtwoord"), "/mijn-gegevens/")
    expect(page.locator("main h1")).to_have_text("Mijn gegevens")


def account_verwijderen_fout(page: Page, site, request) -> None:
    """Deleting the account without ticking the box: the form in its error state."""
    wachtwoord = request.getfixturevalue("wachtwoord")
    inloggen_als_bewoner(page, site, wachtwoord, "/mijn-gegevens/")
    page.goto(site("/mijn-gegevens/verwijderen/"))
    if "/reauthenticate/" in page.url:
        page.locator("main input[name=password]").fill(wachtwoord)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(site("/mijn-gegevens/verwijderen/"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()


# --- The coordinators' review queue (participatie.wachtrij) ----------------------------------

COORDINATOR = "coordinator.tanthof@example.org"
WACHTRIJ = "/admin/aanvragen/"


def ingediende_aanvraag():
    """The demo resident's complete Straatfeestcheque application (Roland Holstbuurt, district
    Voorhof, € 125,50 requested, five households), submitted: it has its reference."""
    from participatie.constants import Rol, Status

    aanvraag = aanvraag_van_bewoner(4, huishoudens=5)
    aanvraag.wijzig_status(Status.INGEDIEND, door=aanvraag.aanvrager, rol=Rol.AANVRAGER)
    aanvraag.refresh_from_db()
    return aanvraag


def coordinator_van(wijk, email: str = COORDINATOR):
    """Make the demo coordinator ``email`` a coordinator of ``wijk`` too (the demo resident's
    applications lie in Voorhof, which no demo coordinator has); returns the user."""
    from portal.accounts.models import User

    user = User.objects.get(email=email)
    wijk.coordinatoren.add(user)
    return user


def naar_wachtrij(page: Page, site, request, pad: str = WACHTRIJ, aanvraag=None):
    """Log in as the coordinator of the application's district (with the second factor) and
    open ``pad`` in the review queue. Without ``aanvraag`` a submitted one is made. Returns
    the application."""
    from tests.accounts.helpers import activeer_totp

    aanvraag = aanvraag or ingediende_aanvraag()
    secret = activeer_totp(coordinator_van(aanvraag.wijk))
    naar_admin_dashboard(page, site, COORDINATOR, request.getfixturevalue("wachtwoord"), secret)
    page.goto(site(pad))
    return aanvraag


def wachtrij_lijst(page: Page, site, request) -> None:
    """The accessibility gate's "review-queue": the listing with one submitted application."""
    aanvraag = naar_wachtrij(page, site, request)
    expect(page.locator("main h1")).to_contain_text("Aanvragen")
    expect(page.locator("main tbody tr")).to_have_count(1)
    expect(page.locator("main tbody tr")).to_contain_text(aanvraag.referentie)


def wachtrij_detail(page: Page, site, request) -> None:
    """The accessibility gate's "review-detail": a submitted application's detail screen."""
    aanvraag = ingediende_aanvraag()
    naar_wachtrij(page, site, request, f"{WACHTRIJ}{aanvraag.pk}/", aanvraag)
    expect(page.locator("#wachtrij-acties")).to_be_visible()
    expect(page.locator("main")).to_contain_text(aanvraag.referentie)


def in_behandeling(aanvraag) -> None:
    """Take ``aanvraag`` into assessment as the coordinator (the domain function, no browser)."""
    from participatie import besluiten

    besluiten.in_behandeling_nemen(aanvraag, door=coordinator_van(aanvraag.wijk))


def goedkeuren_formulier(page: Page, site, request) -> None:
    """The accessibility gate's "review-approve-form": the approval form of an application in
    assessment."""
    aanvraag = ingediende_aanvraag()
    in_behandeling(aanvraag)
    naar_wachtrij(page, site, request, f"{WACHTRIJ}{aanvraag.pk}/goedkeuren/", aanvraag)
    expect(page.locator("main #id_bedrag")).to_be_visible()


def verstuur_admin_formulier(page: Page) -> None:
    """Press the decision form's submit button (not the header's search or the note form)."""
    page.locator("main form[method=post] button[type=submit]").first.click()


def afwijzen_formulier_fout(page: Page, site, request) -> None:
    """The accessibility gate's "review-reject-form-error": rejecting without a motivation."""
    aanvraag = ingediende_aanvraag()
    in_behandeling(aanvraag)
    naar_wachtrij(page, site, request, f"{WACHTRIJ}{aanvraag.pk}/afwijzen/", aanvraag)
    verstuur_admin_formulier(page)
    expect(page.locator("main #foutoverzicht")).to_be_visible()
    expect(page.locator("main #id_motivatie")).to_have_attribute("aria-invalid", "true")
