"""District publishing in a real browser: a visitor finds their way with the keyboard only.

- From the home page to a scheme's application start: Tab to the scheme's link, Enter; on the
  scheme page Tab to "Log in to apply", Enter: the login page (where an application starts).
- From the home page to their district's programme: the "your district" field, type the
  district's name, Enter; on the district page Tab to the programme's link, Enter.
Also at 390 px: long Dutch words in headings stay within the screen.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import pytest
from playwright.sync_api import Page, expect

from .test_aanvraag import adres, naar_de_inhoud, tab_tot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_the_home_page_to_a_schemes_application_start_by_keyboard(
    site, page: Page, screenshot, axe
):
    page.goto(site("/"))
    naar_de_inhoud(page)
    tab_tot(page, "a:Straatfeestcheque", maximaal=40)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, "/straatfeestcheque/"))
    expect(page.locator("main h1")).to_have_text("Straatfeestcheque")
    screenshot("regeling")
    naar_de_inhoud(page)
    tab_tot(page, "a:Log in om aan te vragen", maximaal=40)
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Inloggen")
    assert "next=/straatfeestcheque/" in page.url.replace("%2F", "/")
    screenshot("inloggen-om-aan-te-vragen")


def test_from_the_home_page_to_the_district_programme_by_keyboard(
    site, page: Page, screenshot, axe
):
    page.goto(site("/"))
    naar_de_inhoud(page)
    tab_tot(page, "input#id_mijn_wijk", maximaal=40)
    page.keyboard.type("Tanthof")
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, "/tanthof/"))
    expect(page.locator("main h1")).to_contain_text("Tanthof")
    screenshot("wijkpagina")
    axe(page, "district page")
    naar_de_inhoud(page)
    links = page.locator("main nav.delft-inhoudsopgave a")
    programma = links.filter(has_text="Wijkprogramma")
    expect(programma).to_have_count(1)
    tab_tot(page, f"a:{programma.inner_text()}", maximaal=40)
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_contain_text("Wijkprogramma")
    screenshot("wijkprogramma")
    axe(page, "district programme")


def test_long_words_in_headings_stay_on_a_390px_screen(site, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    try:
        for pad in ("/", "/tanthof/", "/zoeken/?q=wijk", "/mijn-wijk/?q=hof"):
            page.goto(site(pad))
            breedte = page.evaluate("document.documentElement.scrollWidth")
            assert breedte <= 390, (pad, breedte)
            for kop in page.locator("main h1, main h2").all():
                doos = kop.bounding_box()
                assert doos is None or doos["x"] + doos["width"] <= 390, (pad, kop.inner_text())
        screenshot("390px", page)
    finally:
        context.close()


def test_an_editor_submits_news_the_eindredacteur_approves_it_and_it_is_published(
    site, page: Page, screenshot, axe, wachtwoord
):
    from cms.models import NieuwsPage, WijkPage
    from portal.accounts.models import User
    from tests.accounts.helpers import activeer_totp

    from .stappen import naar_mfa_code, voer_totp_code_in

    tanthof = WijkPage.objects.get(wijk__slug="tanthof")
    titel = "Nieuwe bankjes in het Abtswoudse Bos"
    geheimen = {
        email: activeer_totp(User.objects.get(email=email))
        for email in ("redacteur@example.org", "eindredacteur@example.org")
    }

    def inloggen_in_admin(email):
        page.context.clear_cookies()
        naar_mfa_code(page, site, email, wachtwoord)
        voer_totp_code_in(page, geheimen[email])
        expect(page).to_have_url(site("/admin/"))

    def footer_actie(selector):
        """Open the editor's action menu (the footer's dropdown) and press ``selector``."""
        footer = page.locator("footer")
        footer.locator("[data-w-dropdown-target='toggle']").first.click()
        knop = footer.locator(selector)
        expect(knop).to_be_visible()
        knop.click()

    # 1. The editor writes the item under the district page and submits it for approval.
    inloggen_in_admin("redacteur@example.org")
    page.goto(site(f"/admin/pages/add/cms/nieuwspage/{tanthof.pk}/"))
    page.locator("#id_title").fill(titel)
    page.locator("#id_samenvatting").fill("Voorbeeld: de bewoners kozen zelf de plek.")
    screenshot("redacteur-schrijft")
    footer_actie("button[name=action-submit]")
    expect(page.locator(".messages")).to_be_visible()
    bericht = NieuwsPage.objects.get(title=titel)
    assert not bericht.live and bericht.current_workflow_state is not None
    assert bericht.wijk_id == tanthof.wijk_id
    screenshot("redacteur-ingediend")
    assert titel not in page.request.get(site("/tanthof/")).text()

    # 2. The Eindredacteur approves it: it is live at once.
    inloggen_in_admin("eindredacteur@example.org")
    page.goto(site(f"/admin/pages/{bericht.pk}/edit/"))
    screenshot("eindredacteur-opent")
    footer_actie("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    expect(page.locator(".messages")).to_be_visible()
    bericht.refresh_from_db()
    assert bericht.live

    # 3. On the district page (anonymous, cached pages invalidated by the publish) and in the
    # district's feed.
    page.context.clear_cookies()
    page.goto(site("/tanthof/"))
    expect(page.locator("main").get_by_role("link", name=titel)).to_be_visible()
    screenshot("op-de-wijkpagina")
    feed = page.request.get(site("/nieuws/feed/atom/?wijk=tanthof")).text()
    assert titel in feed
