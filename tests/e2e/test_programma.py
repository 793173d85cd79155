"""The district programme and district report in a real browser: axe-core (WCAG 2.2 AA) at
1280 px and 390 px, the links between a report's results and the programme's activity rows,
and the programme as printed (print media: static/css/print.css).

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png; the printed programme also as
PDF there (``programma.pdf``), to look at page breaks.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, SCREENSHOTS, _bestandsnaam

pytestmark = pytest.mark.e2e

SMAL = {"width": 390, "height": 844}
PROGRAMMA = "/buitenhof/wijkprogramma-2026-2027/"
VERSLAG = "/buitenhof/wijkverslag-2026/"


@pytest.fixture
def programma_site(site):
    """The demo site with the example programmes and reports (idempotent: a no-op once
    cms.demo.laad_demo loads them itself)."""
    from cms.demo_programma import laad_programmas
    from cms.models import HomePage

    laad_programmas(HomePage.objects.get())
    return site


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("pad", [PROGRAMMA, VERSLAG], ids=["programme", "report"])
def test_programme_and_report_have_no_axe_violations(programma_site, page, screenshot, axe, pad):
    page.goto(programma_site(pad))
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main table caption").first).to_be_visible()

    rapporten = []
    for viewport in (DESKTOP, SMAL):
        page.set_viewport_size(viewport)
        screenshot(f"{pad.strip('/').replace('/', '-')}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{pad} at {viewport['width']} px"))
    assert not rapporten, "\n\n".join(rapporten)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_result_links_to_the_activity_row_and_progress_links_back(programma_site, page):
    page.goto(programma_site(VERSLAG))
    activiteit = page.locator("main tbody tr").first.locator("th a")
    titel = activiteit.inner_text()
    activiteit.click()

    expect(page).to_have_url(re.compile(re.escape(programma_site(PROGRAMMA)) + r"#activiteit-\d+$"))
    rij = page.locator("main tr#" + page.url.split("#")[1])
    expect(rij.locator("th")).to_contain_text(titel)
    expect(rij).to_be_in_viewport()

    rij.get_by_role("link", name="Verslag 2026").click()
    expect(page).to_have_url(re.compile(re.escape(programma_site(VERSLAG)) + r"#resultaat-\d+$"))
    resultaat = page.locator("main tr#" + page.url.split("#")[1])
    expect(resultaat.locator("th")).to_contain_text(titel)
    expect(resultaat).to_be_in_viewport()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_programme_prints_as_a_clean_document(programma_site, page, screenshot, request):
    page.goto(programma_site(PROGRAMMA))
    page.emulate_media(media="print")

    for navigatie in (".delft-nav", ".delft-account", ".delft-breadcrumb", ".delft-footer"):
        expect(page.locator(navigatie)).to_be_hidden()
    expect(page.locator(".delft-skiplink")).to_be_hidden()
    expect(page.locator("main .delft-print-bron")).to_be_visible()
    expect(page.locator("main .delft-print-bron")).to_contain_text(PROGRAMMA)

    # A link's address is printed after it; in-page links are not.
    verslaglink = page.locator("main tbody a").first
    na = verslaglink.evaluate("a => getComputedStyle(a, '::after').content")
    assert verslaglink.get_attribute("href") in na, na
    # Tables print in full, their header repeats and rows are not cut across pages.
    tabel = page.locator("main table").first
    assert tabel.evaluate("t => getComputedStyle(t.parentElement).overflowX") == "visible"
    assert tabel.evaluate("t => getComputedStyle(t.tHead).display") == "table-header-group"
    assert tabel.evaluate("t => getComputedStyle(t.tBodies[0].rows[0]).breakInside") == "avoid"

    screenshot("programma-afgedrukt")
    pdf = SCREENSHOTS / _bestandsnaam(request.node.name) / "programma.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    assert pdf.stat().st_size > 0
