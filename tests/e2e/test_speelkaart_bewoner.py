"""A resident on the play-space map in a real browser: rates a play space and reports a defect
with the keyboard, and finds the report in "Mijn meldingen"; axe (WCAG 2.x A/AA) on the rating
form, the report form and its error state, and the wish form, at 1280 px and at 390 px.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import io
import re

from django.utils import translation

import pytest
from playwright.sync_api import Page, expect

from portal.gebieden.models import Buurt
from speelkaart.constants import MeldingStatus, OpmerkingStatus
from speelkaart.models import Melding, Waardering

from .conftest import DESKTOP
from .stappen import BEWONER, inloggen_als_bewoner

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TELEFOON = {"width": 390, "height": 844}
BREEDTES = (DESKTOP, TELEFOON)


@pytest.fixture
def speelplek(site, settings, tmp_path):
    """A play space in a real neighbourhood, after the demo content is loaded (``site``).
    Photos go to a temporary private directory."""
    from tests.factories import SpeelplekFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    buurt = Buurt.objects.select_related("wijk").order_by("pk").first()
    return SpeelplekFactory(in_buurt=buurt, naam="Speeltuin Proefpark", slug="speeltuin-proefpark")


def _nl(tekst) -> str:
    """``tekst`` (an English msgid or a lazy label) as the Dutch site shows it."""
    with translation.override("nl"):
        return translation.gettext(tekst) if isinstance(tekst, str) else str(tekst)


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def axe_op_beide_breedtes(page: Page, axe, screenshot, wat: str) -> None:
    """Zero violations at 1280 px and at 390 px (reflow); back to 1280 px afterwards."""
    rapporten = []
    for viewport in BREEDTES:
        page.set_viewport_size(viewport)
        screenshot(f"{wat}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{wat} at {viewport['width']} px"))
    page.set_viewport_size(DESKTOP)
    assert not rapporten, "\n\n".join(rapporten)


def kies_score(page: Page, veld: str, score: int) -> None:
    """Choose a score in a radio group with the keyboard: focus is on the group's first radio;
    each arrow key moves to (and selects) the next score."""
    for _ in range(score - 1):
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"main #id_{veld}_{score - 1}")).to_be_checked()


def test_resident_rates_and_reports_a_defect_and_follows_it(
    site, page, screenshot, axe, wachtwoord, speelplek
):
    waarderen = f"/speelkaart/{speelplek.slug}/waarderen/"
    inloggen_als_bewoner(page, site, wachtwoord, waarderen)
    expect(page.locator("main h1")).to_contain_text(speelplek.naam)
    legends = page.locator("main fieldset legend")
    expect(legends).to_have_count(4)
    axe_op_beide_breedtes(page, axe, screenshot, "rate-form")

    # The keyboard only: into the first group, arrows for a score, Tab to the next group.
    page.locator("main #id_speelwaarde_0").focus()
    kies_score(page, "speelwaarde", 4)
    for veld, score in (("veiligheid", 5), ("onderhoud", 2), ("leeftijd", 3)):
        page.keyboard.press("Tab")
        expect(page.locator(f"main #id_{veld}_0")).to_be_focused()
        page.keyboard.press("Space")
        kies_score(page, veld, score)
    page.keyboard.press("Tab")
    expect(page.locator("main #id_opmerking")).to_be_focused()
    page.keyboard.type("Fijne speeltuin, maar de schommel piept.")
    page.keyboard.press("Tab")
    expect(page.locator("main form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(site(speelplek.get_absolute_url())) + "$"))
    expect(page.locator("main .delft-meldingen")).to_be_visible()
    screenshot("rated")
    waardering = Waardering.objects.get(speelplek=speelplek, bewoner__email=BEWONER)
    assert (waardering.speelwaarde, waardering.veiligheid) == (4, 5)
    assert (waardering.onderhoud, waardering.leeftijd) == (2, 3)
    assert waardering.opmerking_status == OpmerkingStatus.WACHT

    # The report form, its error state, then a report with a photo.
    page.goto(site(f"/speelkaart/{speelplek.slug}/melden/"))
    expect(page.locator("main h1")).to_contain_text(speelplek.naam)
    axe_op_beide_breedtes(page, axe, screenshot, "report-form")

    page.locator("main form button[type=submit]").click()
    samenvatting = page.locator("main [data-error-summary]")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_be_focused()
    expect(page.locator("main #id_tekst")).to_have_attribute("aria-invalid", "true")
    axe_op_beide_breedtes(page, axe, screenshot, "report-form-error")

    # From the summary's link to the category group, then the keyboard.
    samenvatting.locator("a[href='#id_categorie_0']").click()
    expect(page.locator("main #id_categorie_0")).to_be_focused()
    page.keyboard.press("ArrowDown")  # "Onveilige situatie"
    expect(page.locator("main #id_categorie_1")).to_be_checked()
    page.locator("main #id_tekst").focus()
    page.keyboard.type("Er steekt een spijker uit het klimrek.")
    page.locator("main #id_foto").set_input_files(
        files=[{"name": "klimrek.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/speelkaart/mijn-meldingen/$"))
    expect(page.locator("main h1")).to_have_text(_nl("My reports"))
    rij = page.locator("main table").first.locator("tbody tr").first
    expect(rij).to_contain_text(speelplek.naam)
    expect(rij).to_contain_text("Er steekt een spijker uit het klimrek.")
    expect(rij).to_contain_text(_nl(MeldingStatus.INGEDIEND.label))
    screenshot("my-reports")
    melding = Melding.objects.get(bewoner__email=BEWONER)
    assert melding.foto_mime == "image/jpeg" and melding.wijk == speelplek.wijk

    # The resident's own photo is served to them (fetched with the page's session: opened as a
    # page, Chromium's image viewer trips over the photo's own sandbox CSP in the console).
    foto = rij.get_by_role("link", name=_nl("Your photo"))
    expect(foto).to_have_attribute("href", f"/speelkaart/meldingen/{melding.pk}/foto/")
    antwoord = page.request.get(site(f"/speelkaart/meldingen/{melding.pk}/foto/"))
    assert antwoord.status == 200
    assert antwoord.headers["content-type"] == "image/jpeg"


def test_the_wish_form_has_no_axe_violations(site, page, screenshot, axe, wachtwoord, speelplek):
    inloggen_als_bewoner(page, site, wachtwoord, "/speelkaart/wensen/nieuw/")
    expect(page.locator("main h1")).to_be_visible()
    # With JavaScript the location picker is shown and has drawn the district outlines.
    expect(page.locator("main .delft-locatiekiezer")).to_be_visible()
    expect(
        page.locator("main .delft-locatiekiezer__kaart .leaflet-overlay-pane path")
    ).to_have_count(8)
    axe_op_beide_breedtes(page, axe, screenshot, "wish-form")

    # And for an improvement to a play space (no place to choose).
    page.goto(site(f"/speelkaart/{speelplek.slug}/wens/"))
    expect(page.locator("main h1")).to_contain_text(speelplek.naam)
    axe_op_beide_breedtes(page, axe, screenshot, "wish-improvement-form")
