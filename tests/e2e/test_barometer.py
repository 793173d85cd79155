"""The district barometer in a real browser: axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing
at 1280 px and at 390 px, in every state of the page, and the page reflows without horizontal
scrolling at 390 px (the charts scale, wide tables scroll in their own box).

Screenshots: test-results/screenshots/<test>/<nn>-<state>-<width>px.png
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cms.demo_barometer import laad_barometer
from cms.models import BarometerPage, HomePage
from tests.cms.factories_barometer import IndicatorFactory, reeks_voor

from .conftest import DESKTOP

pytestmark = pytest.mark.e2e

TELEFOON = {"width": 390, "height": 844}


def _barometer_url(site) -> str:
    laad_barometer(HomePage.objects.get())
    return site(BarometerPage.objects.get().url)


@pytest.fixture
def indicator(db):
    """A fictional series over three years (test data, never shown outside tests)."""
    indicator = IndicatorFactory(naam="Testreeks tevredenheid", eenheid="%")
    reeks_voor(
        indicator,
        [2022, 2023, 2024],
        waarde=lambda wijk, jaar: Decimal(55) + wijk.volgorde * 3 + (jaar - 2022) * Decimal("1.5"),
    )
    return indicator


def _controleer(page, screenshot, axe, naam):
    rapporten = []
    for viewport in (DESKTOP, TELEFOON):
        page.set_viewport_size(viewport)
        screenshot(f"{naam}-{viewport['width']}px")
        violations = axe.schendingen(page)
        if violations:
            rapporten.append(axe.rapport(violations, f"{naam} at {viewport['width']} px"))
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= viewport["width"], (
            f"{naam}: horizontal scrolling at {viewport['width']} px"
        )
    assert not rapporten, "\n\n".join(rapporten)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_barometer_with_cbs_figures_has_no_axe_violations(site, page, screenshot, axe):
    page.goto(_barometer_url(site) + "?indicator=cbs-inwoners")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main svg[role=img]")).to_have_count(1)
    _controleer(page, screenshot, axe, "cbs")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_barometer_with_both_comparisons_has_no_axe_violations(
    site, page, screenshot, axe, indicator
):
    page.goto(_barometer_url(site))
    page.get_by_label("Indicator").select_option(indicator.slug)
    page.locator("select[name=wijk]").select_option("voorhof")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main svg[role=img]")).to_have_count(2)
    expect(page.locator("#grafiek-verloop-tabel caption")).to_contain_text("Voorhof")
    _controleer(page, screenshot, axe, "indicator")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_barometer_error_and_empty_states_have_no_axe_violations(site, page, screenshot, axe):
    url = _barometer_url(site)
    page.goto(url + "?indicator=bestaat-niet")
    samenvatting = page.locator("main [data-error-summary]")
    expect(samenvatting).to_be_visible()
    _controleer(page, screenshot, axe, "fout")

    leeg = IndicatorFactory(naam="Testreeks zonder cijfers")
    page.goto(url + f"?indicator={leeg.slug}")
    expect(page.locator("#barometer-geen-gegevens")).to_be_visible()
    _controleer(page, screenshot, axe, "leeg")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_import_lists_bad_lines_without_axe_violations(
    site, page, screenshot, axe, wachtwoord, tmp_path
):
    """An administrator (the demo Beheerder, with a second factor) uploads a file with a bad
    line: every error is listed, nothing is imported; then a good file is imported."""
    from cms.models import IndicatorWaarde
    from portal.accounts.models import User
    from tests.accounts.helpers import activeer_totp

    from .stappen import naar_mfa_code, voer_totp_code_in

    IndicatorFactory(naam="Testreeks import", slug="testreeks-import")
    beheerder = "beheerder@example.org"
    secret = activeer_totp(User.objects.get(email=beheerder))
    naar_mfa_code(page, site, beheerder, wachtwoord)
    voer_totp_code_in(page, secret)
    expect(page).to_have_url(site("/admin/"))

    page.goto(site("/admin/barometer/indicatoren/import/"))
    fout = tmp_path / "fout.csv"
    fout.write_text("indicator;wijk;jaar;waarde\ntestreeks-import;Tanthoff;2024;1\n", "utf-8")
    page.locator("input[type=file]").set_input_files(str(fout))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#importfouten li")).to_have_count(1)
    expect(page.locator("#importfouten li")).to_contain_text("Tanthoff")
    assert not IndicatorWaarde.objects.exists()
    _controleer(page, screenshot, axe, "import-fout")

    goed = tmp_path / "goed.csv"
    goed.write_text("indicator;wijk;jaar;waarde\ntestreeks-import;Tanthof;2024;1,5\n", "utf-8-sig")
    page.set_viewport_size(DESKTOP)
    page.locator("input[type=file]").set_input_files(str(goed))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#importfouten")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("1")
    assert IndicatorWaarde.objects.get().waarde == Decimal("1.5")
    _controleer(page, screenshot, axe, "import-goed")
