"""Accessibility gate: axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page type, at 1280 px and
at 375 px (reflow, WCAG 1.4.10). Zero violations is the bar; no rule is skipped.

Every page type is one entry in ``PAGE_TYPES``. A feature that adds a page (or a form, or an
error state of a form) adds its entry there in the same change.
Screenshots: test-results/screenshots/<test>/<nn>-<page type>-<width>px.png
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.models import User
from tests.accounts.helpers import activeer_totp, totp_code

from . import test_berichten, test_raadpleging_signaal
from .conftest import DESKTOP, MOBIEL
from .stappen import (
    MFA_CODE_URL,
    account_verwijderen_fout,
    afwijzen_formulier_fout,
    goedkeuren_formulier,
    inloggen_als_bewoner,
    mijn_aanvragen,
    mijn_gegevens,
    naar_admin_dashboard,
    naar_mfa_code,
    regelingpagina,
    verstuur_formulier,
    wacht_op_kaart,
    wachtrij_detail,
    wachtrij_lijst,
)

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator.tanthof@example.org"


@dataclass(frozen=True)
class PaginaType:
    naam: str
    # Opens the page in the state to check: open(page, site, request).
    open: Callable

    def __str__(self):
        return self.naam


def _wachtwoord(request) -> str:
    return request.getfixturevalue("wachtwoord")


def _foutmelding_getoond(page: Page, ongeldige_velden: bool = True) -> None:
    """A form in its error state: the error summary is shown and has focus (static/js/site.js),
    and (for field errors) the fields are marked invalid."""
    samenvatting = page.locator("main [data-error-summary]")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_be_focused()
    if ongeldige_velden:
        expect(page.locator("main [aria-invalid=true]").first).to_be_visible()


def home(page, site, request):
    page.goto(site("/"))
    wacht_op_kaart(page, 8)


def wijkpagina(page, site, request):
    page.goto(site("/buitenhof/"))
    wacht_op_kaart(page, 12)


def zoekresultaten(page, site, request):
    page.goto(site("/zoeken/?q=wijk&wijk=tanthof"))
    expect(page.locator("main [role=status]")).to_be_visible()


def zoeken_zonder_resultaat(page, site, request):
    page.goto(site('/zoeken/?q="'))
    expect(page.locator("main [role=alert]")).to_be_visible()


def mijn_wijk_keuze(page, site, request):
    page.goto(site("/mijn-wijk/?q=hof"))
    expect(page.locator("main [role=status]")).to_be_visible()


def _bericht(open_functie):
    """A page type of tests/e2e/test_berichten.py (news and events) for this gate."""
    return lambda page, site, request: open_functie(page, site)


def contentpagina(page, site, request):
    page.goto(site("/privacy/"))
    expect(page.locator("main h1")).to_have_text("Privacyverklaring")


def inloggen(page, site, request):
    page.goto(site("/accounts/login/"))
    expect(page.locator("main h1")).to_have_text("Inloggen")


def registreren(page, site, request):
    page.goto(site("/accounts/signup/"))
    expect(page.locator("main h1")).to_have_text("Account aanmaken")


def wachtwoord_vergeten(page, site, request):
    page.goto(site("/accounts/password/reset/"))
    expect(page.locator("main #id_email")).to_be_visible()


def inloggen_fout(page, site, request):
    inloggen(page, site, request)
    page.locator("main #id_login").fill("bewoner@example.org")
    page.locator("main #id_password").fill("dit-is-niet-het-wachtwoord")
    verstuur_formulier(page)
    _foutmelding_getoond(page, ongeldige_velden=False)  # one error for the form as a whole


def registreren_fout(page, site, request):
    registreren(page, site, request)
    page.locator("main #id_email").fill("nieuw@example.org")
    page.locator("main #id_password1").fill("kort")
    page.locator("main #id_password2").fill("anders")
    verstuur_formulier(page)
    _foutmelding_getoond(page)


def wachtwoord_vergeten_fout(page, site, request):
    wachtwoord_vergeten(page, site, request)
    page.locator("main #id_email").fill("geen-e-mailadres")
    verstuur_formulier(page)
    _foutmelding_getoond(page)


def niet_gevonden(page, site, request):
    antwoord = page.goto(site("/deze-pagina-bestaat-niet/"))
    assert antwoord.status == 404
    expect(page.locator("main h1")).to_have_text("Pagina niet gevonden")


def serverfout(page, site, request):
    """templates/500.html as Django's handler500 renders it for an uncaught exception."""
    settings = request.getfixturevalue("settings")
    # tests/e2e/urls.py: portal.urls plus a view that raises. The live server thread reads
    # ROOT_URLCONF on every request, so it sees this override.
    settings.ROOT_URLCONF = "tests.e2e.urls"
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    antwoord = page.goto(site("/e2e/serverfout/"))
    assert antwoord.status == 500
    expect(page.locator("main h1")).to_have_text("Er ging iets mis")


def te_veel_verzoeken(page, site, request):
    """templates/429.html, as allauth renders it when a rate limit is hit (here: 1 login/min)."""
    settings = request.getfixturevalue("settings")
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    inloggen(page, site, request)
    for verwacht in (200, 429):
        page.locator("main #id_login").fill("bewoner@example.org")
        page.locator("main #id_password").fill("dit-is-niet-het-wachtwoord")
        with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
            verstuur_formulier(page)
        assert antwoord.value.status == verwacht
    expect(page.locator("main h1")).to_have_text("Te veel verzoeken, probeer het later opnieuw")


def _coordinator_met_totp() -> str:
    return activeer_totp(User.objects.get(email=COORDINATOR))


def mfa_code(page, site, request):
    _coordinator_met_totp()
    naar_mfa_code(page, site, COORDINATOR, _wachtwoord(request))
    expect(page.locator("main input[name=code]")).to_be_visible()


def mfa_code_fout(page, site, request):
    secret = _coordinator_met_totp()
    naar_mfa_code(page, site, COORDINATOR, _wachtwoord(request))
    fout = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    page.locator("main input[name=code]").fill(fout)
    verstuur_formulier(page)
    expect(page).to_have_url(MFA_CODE_URL)
    _foutmelding_getoond(page)


def herauthenticeren(page, site, request):
    """allauth asks for the password again before a sensitive change (here: a resident's
    session that opens the reauthentication page for "Mijn gegevens")."""
    inloggen_als_bewoner(page, site, _wachtwoord(request), "/mijn-gegevens/")
    page.goto(site("/accounts/reauthenticate/?next=/mijn-gegevens/verwijderen/"))
    expect(page.locator("main input[type=password]")).to_be_visible()


def mfa_totp_instellen(page, site, request):
    """Staff without an authenticator land on the TOTP setup page right after logging in (no
    second password): QR code, secret and the code field."""
    page.goto(site("/accounts/login/?next=/admin/"))
    page.locator("main #id_login").fill("redacteur@example.org")
    page.locator("main #id_password").fill(_wachtwoord(request))
    verstuur_formulier(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("main img")).to_be_visible()


def admin_dashboard(page, site, request):
    secret = _coordinator_met_totp()
    naar_admin_dashboard(page, site, COORDINATOR, _wachtwoord(request), secret)
    # Check the dashboard with allauth's "logged in" message fully faded in (Wagtail's messages).
    expect(page.locator(".messages li.success")).to_contain_text("ingelogd")
    expect(page.locator(".messages > ul")).to_have_css("opacity", "1")


# Every page type of the site. Later issues add their pages (and forms in their error state)
# here, so the accessibility gate covers them from the start.
PAGE_TYPES: list[PaginaType] = [
    PaginaType("home", home),
    PaginaType("district-page", wijkpagina),
    PaginaType("content-page", contentpagina),
    PaginaType("search-results", zoekresultaten),
    PaginaType("search-error", zoeken_zonder_resultaat),
    PaginaType("find-your-district", mijn_wijk_keuze),
    *(PaginaType(naam, _bericht(open_)) for naam, open_ in test_berichten.PAGINAS.items()),
    PaginaType("login", inloggen),
    PaginaType("signup", registreren),
    PaginaType("password-reset", wachtwoord_vergeten),
    PaginaType("login-error", inloggen_fout),
    PaginaType("signup-error", registreren_fout),
    PaginaType("password-reset-error", wachtwoord_vergeten_fout),
    PaginaType("404", niet_gevonden),
    PaginaType("500", serverfout),
    PaginaType("429", te_veel_verzoeken),
    PaginaType("mfa-code", mfa_code),
    PaginaType("mfa-code-error", mfa_code_fout),
    PaginaType("reauthenticate", herauthenticeren),
    PaginaType("mfa-totp-setup", mfa_totp_instellen),
    PaginaType("admin-dashboard", admin_dashboard),
    PaginaType("scheme-page", regelingpagina),
    PaginaType("my-applications", mijn_aanvragen),
    PaginaType("my-data", mijn_gegevens),
    PaginaType("delete-account-error", account_verwijderen_fout),
    PaginaType("review-queue", wachtrij_lijst),
    PaginaType("review-detail", wachtrij_detail),
    PaginaType("review-approve-form", goedkeuren_formulier),
    PaginaType("review-reject-form-error", afwijzen_formulier_fout),
    *(PaginaType(naam, open_) for naam, open_ in test_raadpleging_signaal.PAGINAS.items()),
]

# The page types this gate must always cover; removing one from PAGE_TYPES is a visible change.
VERPLICHT = {
    "home",
    "district-page",
    "content-page",
    "login",
    "signup",
    "password-reset",
    "login-error",
    "signup-error",
    "password-reset-error",
    "404",
    "500",
    "mfa-code",
    "admin-dashboard",
}


def test_page_types_cover_the_required_pages():
    namen = [p.naam for p in PAGE_TYPES]
    assert len(namen) == len(set(namen)), "duplicate page type names"
    assert VERPLICHT <= set(namen), f"missing page types: {sorted(VERPLICHT - set(namen))}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("pagina_type", PAGE_TYPES, ids=str)
def test_page_type_has_no_axe_violations(pagina_type, site, page, screenshot, axe, request):
    pagina_type.open(page, site, request)

    rapporten = []
    for viewport in (DESKTOP, MOBIEL):
        page.set_viewport_size(viewport)
        wat = f"{pagina_type.naam} at {viewport['width']} px"
        screenshot(f"{pagina_type.naam}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{wat} ({page.url})"))
    assert not rapporten, "\n\n".join(rapporten)
