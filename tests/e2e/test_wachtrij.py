"""The coordinators' review queue in the Wagtail admin (``participatie.wachtrij``,
``participatie.admin_aanvragen``) in a real browser.

- ``test_resident_applies_and_the_coordinator_approves_with_the_keyboard``: the resident submits
  on the review page; the coordinator of the district logs in with the second factor, finds the
  application in the queue with the keyboard only (Tab, typing, Enter: the search field, the
  result link), takes it into assessment, tries to grant more than was requested (the form's
  error state), approves with a motivation and sees the success message; the resident then
  sees "Goedgekeurd" and the motivation, and got the e-mail linking to the public site. axe on
  the queue, the detail screen, the approval form and its error state.

Known bugs found here raise ``BekendeFout`` (test_aanvraag.py) at the end of the journey with
what was wrong; where the keyboard cannot go on, the journey continues the way a user could
(the address bar) so that the rest of the flow is still checked.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import re

import pytest
from playwright.sync_api import Page, expect

from participatie.constants import Rol, Status
from participatie.models import Aanvraag, Boeking
from tests.accounts.helpers import activeer_totp, laatste_mail_aan

from .stappen import (
    BEWONER,
    COORDINATOR,
    WACHTRIJ,
    aanvraag_van_bewoner,
    coordinator_van,
    inloggen_als_bewoner,
    naar_admin_dashboard,
)
from .test_aanvraag import BekendeFout, adres, naar_de_inhoud, tab_tot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOTIVATIE = "Een mooi initiatief met vijf huishoudens; veel plezier op de Roland Holstlaan!"
TE_VEEL = "Het toegekende bedrag mag niet hoger zijn dan het gevraagde bedrag (€ 125,50)."


def foutoverzicht_getoond(page: Page, veld: str, tekst: str) -> None:
    """The decision form in its error state: the summary (role=alert) links to the field, the
    field is marked invalid and shows the message."""
    samenvatting = page.locator("main #foutoverzicht")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_have_attribute("role", "alert")
    expect(samenvatting.locator(f"a[href='#{veld}']")).to_contain_text(tekst)
    veldfout = page.locator(f"main [data-field-wrapper]:has(#{veld}) [data-field-errors]")
    expect(veldfout).to_contain_text(tekst)
    expect(page.locator(f"main #{veld}")).to_have_attribute("aria-invalid", "true")


def test_resident_applies_and_the_coordinator_approves_with_the_keyboard(
    site, page, screenshot, axe, wachtwoord
):
    main = page.locator("main")
    bekend: list[str] = []  # bugs that do not stop the journey; reported at the end

    # Another application in the queue, so that the search has something to leave out.
    ander = aanvraag_van_bewoner(
        4, huishoudens=5, titel="Burendag Multatulistraat", straat="Multatulistraat"
    )
    ander.wijzig_status(Status.INGEDIEND, door=ander.aanvrager, rol=Rol.AANVRAGER)

    # The resident's complete draft (Roland Holstbuurt, Voorhof); the coordinator of Tanthof
    # is made coordinator of Voorhof too (no demo coordinator has it).
    aanvraag = aanvraag_van_bewoner(4, huishoudens=5)
    wijk = aanvraag.wijk
    assert wijk.naam == "Voorhof", wijk
    secret = activeer_totp(coordinator_van(wijk))

    # 1. The resident submits on the review page.
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/controleren/")
    expect(main.locator("h1")).to_have_text("Controleren en indienen")
    screenshot("bewoner-controleren")
    main.get_by_role("button", name="Aanvraag indienen").click()
    expect(page).to_have_url(site(f"/aanvragen/{aanvraag.pk}/"))
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND and aanvraag.referentie
    referentie = aanvraag.referentie
    expect(main.get_by_text("Status:")).to_have_text("Status: Ingediend")
    screenshot("bewoner-ingediend")
    page.context.clear_cookies()  # the resident leaves; the coordinator uses this browser

    # 2. The coordinator logs in with the second factor; to the queue through the menu.
    naar_admin_dashboard(page, site, COORDINATOR, wachtwoord, secret)
    screenshot("coordinator-dashboard")
    tab_tot(page, "a:Aanvragen", maximaal=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site(WACHTRIJ))
    rijen = main.locator("table.listing tbody tr")
    expect(rijen).to_have_count(2)
    screenshot("wachtrij")
    axe(page, "review queue")

    # Search by the reference: Tab to the search field, type, Enter.
    tab_tot(page, "input#id_q", maximaal=30)
    page.keyboard.type(referentie)
    page.keyboard.press("Enter")
    expect(rijen).to_have_count(1)
    expect(rijen.first).to_contain_text(referentie)
    expect(rijen.first).to_contain_text("Zomerfeest Roland Holstlaan")
    expect(page.locator("#id_q")).to_have_value(referentie)
    screenshot("wachtrij-gezocht-op-kenmerk")
    axe(page, "review queue, searched")

    # Tab to the result's link and open it.
    expect(rijen.first.get_by_role("link", name=referentie)).to_be_visible()
    tab_tot(page, f"a:{referentie}", maximaal=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/"))
    expect(main).to_contain_text(referentie)
    acties = main.locator("section[aria-labelledby=wachtrij-acties]")
    expect(acties.get_by_role("link")).to_have_text(["In behandeling nemen"])
    screenshot("detail-ingediend")
    axe(page, "review detail, submitted")

    # 3. Take it into assessment (assigned to herself, the form's default).
    naar_de_inhoud(page)
    tab_tot(page, "a:In behandeling nemen", maximaal=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/in_behandeling/"))
    screenshot("formulier-in-behandeling")
    axe(page, "take-into-assessment form")
    naar_de_inhoud(page)
    tab_tot(page, "button:In behandeling nemen", maximaal=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/"))
    expect(page.locator(".messages li.success")).to_contain_text("In behandeling nemen")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING
    assert aanvraag.behandelaar.email == COORDINATOR
    expect(acties.get_by_role("link")).to_contain_text(["Goedkeuren", "Afwijzen"])
    screenshot("detail-in-behandeling")

    # 4. Approve: first for more than was requested (the error state), then for € 100.
    naar_de_inhoud(page)
    tab_tot(page, "a:Goedkeuren", maximaal=30)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/goedkeuren/"))
    expect(page.locator("main #id_bedrag")).to_have_value("125,50")
    screenshot("formulier-goedkeuren")
    axe(page, "approve form")

    naar_de_inhoud(page)
    tab_tot(page, "input#id_bedrag", maximaal=30)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("200")
    tab_tot(page, "textarea#id_motivatie")
    page.keyboard.type(MOTIVATIE)
    tab_tot(page, "button:Goedkeuren", maximaal=10)
    page.keyboard.press("Enter")
    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/goedkeuren/"))
    foutoverzicht_getoond(page, "id_bedrag", TE_VEEL)
    expect(page.locator("main #id_motivatie")).to_have_value(MOTIVATIE)
    screenshot("formulier-goedkeuren-te-veel")
    axe(page, "approve form with an error")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING and aanvraag.toegekend_bedrag is None

    naar_de_inhoud(page)
    tab_tot(page, "input#id_bedrag", maximaal=30)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("100")
    tab_tot(page, "button:Goedkeuren", maximaal=10)
    screenshot("formulier-goedkeuren-100-euro")
    page.keyboard.press("Enter")

    expect(page).to_have_url(adres(site, f"{WACHTRIJ}{aanvraag.pk}/"))
    succes = page.locator(".messages li.success")
    expect(succes).to_contain_text(f"Goedkeuren: uitgevoerd voor {referentie}.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD
    assert str(aanvraag.toegekend_bedrag) == "100.00"
    reservering = Boeking.objects.get(aanvraag=aanvraag)
    assert reservering.bedrag == aanvraag.toegekend_bedrag and reservering.budget.jaar
    expect(main.locator("section[aria-labelledby=wachtrij-tijdlijn]")).to_contain_text(MOTIVATIE)
    screenshot("detail-goedgekeurd")
    axe(page, "review detail, approved")

    # 5. The resident's e-mail: the reference, the motivation, the public link (not /admin/).
    bericht = laatste_mail_aan(BEWONER)
    assert referentie in bericht.subject and "Goedgekeurd" in bericht.subject, bericht.subject
    assert MOTIVATIE in bericht.body
    assert "€ 100,00" in bericht.body or "€ 100.00" in bericht.body, bericht.body
    publiek = site(f"/aanvragen/{aanvraag.pk}/")
    assert publiek in bericht.body, bericht.body
    links = re.findall(r"https?://\S+", bericht.body)
    assert links and all(
        link.startswith(site("/aanvragen/")) and "/admin/" not in link for link in links
    ), links
    for inhoud, soort in getattr(bericht, "alternatives", []):
        if soort == "text/html":
            assert publiek in inhoud and "/admin/" not in inhoud

    # 6. The resident sees the decision and the motivation.
    page.context.clear_cookies()
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/")
    expect(main.get_by_text("Status:")).to_have_text("Status: Goedgekeurd")
    expect(main.locator("section[aria-labelledby=tijdlijn-titel]")).to_contain_text(MOTIVATIE)
    screenshot("bewoner-ziet-goedkeuring")
    axe(page, "resident's detail page, approved")

    assert Aanvraag.objects.get(pk=ander.pk).status == Status.INGEDIEND  # untouched
    if bekend:
        raise BekendeFout("\n".join(bekend))
