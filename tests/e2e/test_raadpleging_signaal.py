"""Wmo consultations and signals in a real browser (issue 12).

- ``test_resident_answers_a_consultation_with_the_keyboard_and_sees_the_results``: the demo
  resident answers a consultation with one question of each type using only the keyboard (Tab,
  Space, arrow keys, typing, Enter), after first meeting the form's error state; after closing,
  the results page shows the aggregate of the answers. axe on the form, its error state, the
  listing and the results page.
- ``test_resident_sends_a_signal_and_the_coordinator_replies``: the resident sends a signal
  (after the error state), the district's coordinator closes it in the admin queue with a reply
  (after the reply form's error state), and the resident reads the reply in "Mijn signalen".
  axe on every page of the way.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from participatie.raadplegingen.constants import ReactieStatus
from participatie.raadplegingen.models import Antwoord, Reactie
from participatie.signalen.constants import SignaalStatus
from participatie.signalen.models import Signaal
from portal.gebieden.models import Buurt, Wijk
from tests.accounts.helpers import activeer_totp, laatste_mail_aan

from .stappen import (
    BEWONER,
    COORDINATOR,
    coordinator_van,
    inloggen_als_bewoner,
    naar_admin_dashboard,
)
from .test_aanvraag import kies_met_pijltjes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def actief_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_naar(page: Page, element_id: str, maximaal: int = 40) -> None:
    """Press Tab until the element with ``element_id`` has focus."""
    for _ in range(maximaal):
        if actief_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    assert actief_id(page) == element_id, f"Tab never reached #{element_id}"


def test_resident_answers_a_consultation_with_the_keyboard_and_sees_the_results(
    site, page, screenshot, axe, wachtwoord
):
    from tests.factories import RaadplegingFactory

    raadpleging = RaadplegingFactory(titel="Samen in de buurt", slug="samen-in-de-buurt")
    pad = raadpleging.get_absolute_url()

    page.goto(site("/raadplegingen/"))
    expect(page.locator("main")).to_contain_text("Samen in de buurt")
    screenshot("listing")
    axe(page, "consultation listing")

    inloggen_als_bewoner(page, site, wachtwoord, pad)
    expect(page.locator("main h1")).to_contain_text("Samen in de buurt")
    expect(page.locator("main fieldset legend")).to_have_count(5)
    screenshot("form")
    axe(page, "consultation form")

    # Sending without answers: the error summary, the required questions marked.
    page.locator("main button[value=versturen]").click()
    expect(page.locator("main [data-error-summary]")).to_be_visible()
    expect(page.locator("main fieldset.utrecht-form-fieldset--invalid")).to_have_count(3)
    screenshot("form-errors")
    axe(page, "consultation form with errors")
    assert not Reactie.objects.filter(raadpleging=raadpleging, status=ReactieStatus.INGEDIEND)

    # The keyboard only, from the first question to the send button.
    page.bring_to_front()
    tab_naar(page, "id_v_v-enkel_0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # "Een beetje"
    expect(page.locator("main #id_v_v-enkel_1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("main #id_v_v-meer_0")).to_be_focused()
    page.keyboard.press("Space")  # Buurthuis
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Speeltuin
    tab_naar(page, "id_v_v-schaal_0")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("main #id_v_v-schaal_3")).to_be_checked()  # 4
    for i, positie in enumerate(("2", "1", "3")):
        page.keyboard.press("Tab")
        select = page.locator(f"main #id_v_v-rang_{i}")
        expect(select).to_be_focused()
        kies_met_pijltjes(page, select, positie)
    page.keyboard.press("Tab")
    expect(page.locator("main #id_v_v-open")).to_be_focused()
    page.keyboard.type("Een bankje bij het buurthuis.")
    page.keyboard.press("Tab")
    wijk = page.locator("main #id_wijk")
    expect(wijk).to_be_focused()
    kies_met_pijltjes(page, wijk, "Tanthof")
    page.keyboard.press("Tab")
    expect(page.locator("main button[value=versturen]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("main .delft-meldingen")).to_be_visible()
    screenshot("sent")
    reactie = Reactie.objects.get(raadpleging=raadpleging, bewoner__email=BEWONER)
    assert reactie.status == ReactieStatus.INGEDIEND and reactie.wijk.naam == "Tanthof"
    antwoorden = {(a.vraag, a.keuze, a.getal) for a in Antwoord.objects.filter(reactie=reactie)}
    assert ("v-enkel", "Een beetje", None) in antwoorden
    assert ("v-schaal", "", 4) in antwoorden
    assert ("v-rang", "Ontmoeten", 1) in antwoorden
    assert "Samen in de buurt" in laatste_mail_aan(BEWONER).subject

    # After closing: the aggregate of the answers, as a chart and a table.
    raadpleging.opent_op = timezone.now() - timedelta(days=20)
    raadpleging.sluit_op = timezone.now() - timedelta(minutes=1)
    raadpleging.save()
    page.goto(site(f"{pad}resultaten/"))
    main = page.locator("main")
    expect(main).to_contain_text("1 bewoner reageerde")
    tabel = main.locator("table", has_text="Een beetje").first
    expect(tabel.locator("tr", has_text="Een beetje")).to_contain_text("1")
    expect(main.locator("svg[role=img]").first).to_be_visible()
    screenshot("results")
    axe(page, "consultation results")


def test_resident_sends_a_signal_and_the_coordinator_replies(
    site, page, screenshot, axe, wachtwoord
):
    from tests.factories import SignaalCategorieFactory

    SignaalCategorieFactory(naam="Ontmoeten", omschrijving="Een plek of activiteit")
    tanthof = Wijk.objects.get(slug="tanthof")
    buurt = Buurt.objects.filter(wijk=tanthof).order_by("naam").first()

    inloggen_als_bewoner(page, site, wachtwoord, "/signaal/")
    expect(page.locator("main h1")).to_be_visible()
    screenshot("signal-form")
    axe(page, "signal form")

    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main [data-error-summary]")).to_be_visible()
    screenshot("signal-form-errors")
    axe(page, "signal form with errors")

    page.locator("main").get_by_label("Ontmoeten", exact=False).check()
    page.locator("main #id_tekst").fill("Er is geen plek waar ouderen elkaar kunnen ontmoeten.")
    page.locator("main #id_buurt").select_option(str(buurt.pk))
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main h1")).to_contain_text("Bedankt")
    screenshot("signal-sent")
    axe(page, "signal sent")
    signaal = Signaal.objects.get(bewoner__email=BEWONER)
    assert signaal.wijk == tanthof and signaal.buurt == buurt

    # The coordinator of Tanthof closes it with a reply; the sender's name is not shown.
    secret = activeer_totp(coordinator_van(tanthof))
    page.context.clear_cookies()
    naar_admin_dashboard(page, site, COORDINATOR, wachtwoord, secret)
    page.goto(site(f"/admin/signalen/{signaal.pk}/"))
    expect(page.locator("main")).to_contain_text("ouderen elkaar")
    expect(page.locator("main")).not_to_contain_text(BEWONER)
    screenshot("queue-detail")
    axe(page, "signal in the queue")

    page.goto(site(f"/admin/signalen/{signaal.pk}/afsluiten/"))
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("main #id_antwoord")).to_have_attribute("aria-invalid", "true")
    screenshot("reply-form-errors")
    axe(page, "reply form with errors")
    page.locator("main #id_antwoord").fill("We nemen dit op in het wijkprogramma.")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.AFGESLOTEN

    # The resident reads the reply.
    page.context.clear_cookies()
    inloggen_als_bewoner(page, site, wachtwoord, "/signaal/mijn/")
    expect(page.locator("main")).to_contain_text("We nemen dit op in het wijkprogramma.")
    screenshot("my-signals")
    axe(page, "my signals")


# --- Page types for the accessibility gate (tests/e2e/test_accessibility.py) -----------------


def raadplegingen_lijst(page: Page, site, request) -> None:
    """The listing with an open and a closed consultation."""
    from tests.factories import RaadplegingFactory

    RaadplegingFactory(titel="Buren helpen buren", slug="buren-helpen-buren")
    RaadplegingFactory(titel="Ontmoeten in de wijk", slug="ontmoeten", gesloten=True)
    page.goto(site("/raadplegingen/"))
    expect(page.locator("main")).to_contain_text("Ontmoeten in de wijk")


def anonieme_raadpleging_fout(page: Page, site, request) -> None:
    """An anonymous consultation's form sent empty: the error state with the e-mail field."""
    from tests.factories import RaadplegingFactory

    raadpleging = RaadplegingFactory(anoniem=True, slug="anoniem-meedoen")
    page.goto(site(raadpleging.get_absolute_url()))
    page.locator("main button[value=versturen]").click()
    expect(page.locator("main [data-error-summary]")).to_be_visible()
    expect(page.locator("main input[type=email]")).to_have_attribute("aria-invalid", "true")


def anonieme_raadpleging_mail(page: Page, site, request) -> None:
    """After an anonymous response: "check your e-mail"."""
    from tests.factories import RaadplegingFactory

    raadpleging = RaadplegingFactory(anoniem=True, slug="anoniem-mail")
    page.goto(site(raadpleging.get_absolute_url()))
    page.locator("main #id_v_v-enkel_0").check()
    page.locator("main #id_v_v-schaal_2").check()
    for i, positie in enumerate(("1", "2", "3")):
        page.locator(f"main #id_v_v-rang_{i}").select_option(positie)
    page.locator("main input[type=email]").fill("buur@example.org")
    page.locator("main button[value=versturen]").click()
    expect(page.locator("main h1")).to_have_text("Kijk in uw e-mail")


def signaal_formulier_fout(page: Page, site, request) -> None:
    """The signal form sent empty, as the demo resident."""
    inloggen_als_bewoner(page, site, request.getfixturevalue("wachtwoord"), "/signaal/")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main [data-error-summary]")).to_be_visible()


PAGINAS = {
    "consultations": raadplegingen_lijst,
    "consultation-anonymous-error": anonieme_raadpleging_fout,
    "consultation-check-email": anonieme_raadpleging_mail,
    "signal-form-error": signaal_formulier_fout,
}
