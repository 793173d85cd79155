"""A resident applies for a Straatfeestcheque in a real browser: the scheme page, the four steps,
the review page, submitting, the confirmation e-mail and "Mijn aanvragen".

- ``test_straatfeestcheque_with_the_map``: with the mouse, the place chosen on the Leaflet map;
  axe on every page of the journey and on the error states of step 1 (required fields) and
  step 3 (a scheme rule: too few households).
- ``test_straatfeestcheque_keyboard_only``: the same journey with the keyboard only (WCAG 2.1.1),
  the neighbourhood list as the alternative to the map; every element that receives focus must
  show a visible focus indicator (WCAG 2.4.7).
- Single steps, from a draft saved in the database: Enter in a field presses the main action;
  and regressions of bugs found here, each raising ``BekendeFout`` only at the point of the bug
  (any other failure on the way fails for real): remove the marker with the fix.

Screenshots: test-results/screenshots/<test>/<nn>-<step>.png
"""

import io
import re
from datetime import date, timedelta

from django.utils import formats, timezone, translation

import pytest
from playwright.sync_api import Page, expect

from participatie.models import Aanvraag
from portal.gebieden.lookup import buurt_voor_punt

from .conftest import wacht_tot_rust
from .stappen import (
    BEWONER,
    REGELINGPAGINA,
    aanvraag_van_bewoner,
    inloggen_als_bewoner,
    inloggen_met_wachtwoord,
    regelingpagina,
)
from .test_keyboard import actief, assert_focus_zichtbaar, label

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERENTIE = re.compile(r"DLF-\d{4}-\d{5}")
STAPPEN = {
    1: "Uw initiatief",
    2: "Locatie",
    3: "Datum, bedrag en huishoudens",
    4: "Bijlagen en contact",
}
# Delft, generously: every point inside one of its neighbourhoods lies inside this box.
DELFT_LAT = (51.96, 52.04)
DELFT_LON = (4.30, 4.42)
VERPLICHT = "Dit is een verplicht veld."
TE_WEINIG = "Er moeten minstens 5 huishoudens meedoen (met instemming); u hebt er 3 ingevuld."
BUITEN_DELFT = "Deze locatie ligt buiten de gemeente Delft. Kies een plek in Delft."


# --- Helpers ---------------------------------------------------------------------------------


def activiteitdatum() -> date:
    """Four weeks ahead: the scheme asks to apply at least 21 days before the activity."""
    return timezone.localdate() + timedelta(days=28)


def zoals_getoond(datum: date) -> str:
    """A date as the pages show it (``|date:"j F Y"``, in Dutch)."""
    with translation.override("nl"):
        return formats.date_format(datum, "j F Y")


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def adres(site, pad: str) -> re.Pattern:
    """The page at ``pad``. After the skip link the URL ends in #main, and a redirect from
    there keeps that fragment."""
    return re.compile(re.escape(site(pad)) + r"(#main)?$")


def op_stap(page: Page, nummer: int) -> None:
    expect(page).to_have_url(re.compile(rf"/aanvragen/\d+/stap/{nummer}/(#main)?$"))
    expect(page.locator("main h1")).to_have_text(f"Stap {nummer} van 4: {STAPPEN[nummer]}")
    expect(page.locator("main .delft-stappen [aria-current=step]")).to_have_text(
        f"{nummer}. {STAPPEN[nummer]}"
    )


def op_controleren(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/aanvragen/\d+/controleren/(#main)?$"))
    expect(page.locator("main h1")).to_have_text("Controleren en indienen")


def fouten_getoond(page: Page, velden: dict[str, str] | None = None, algemeen: str = "") -> None:
    """A step in its error state: the summary has focus (static/js/site.js) and lists every
    problem; a field's problem links to the field, which is marked invalid and shows the
    message, connected through aria-describedby. ``algemeen``: a problem of the application as
    a whole (a scheme rule), listed in the summary without a link."""
    samenvatting = page.locator("main [data-error-summary]")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_be_focused()
    expect(samenvatting.locator("h2")).to_have_text("Er is een probleem")
    if algemeen:
        expect(samenvatting.locator("li")).to_contain_text([algemeen])
    for veld, tekst in (velden or {}).items():
        expect(samenvatting.locator(f"a[href='#{veld}']")).to_contain_text(tekst)
        controle = page.locator(f"main #{veld}")
        expect(controle).to_have_attribute("aria-invalid", "true")
        expect(controle).to_have_attribute("aria-describedby", re.compile(rf"\b{veld}_error\b"))
        expect(page.locator(f"main #{veld}_error")).to_contain_text(tekst)


class BekendeFout(Exception):
    """A regression of a bug these tests found; raised only at the point of the bug."""


def bekende_fout(in_orde: bool, uitleg: str) -> None:
    if not in_orde:
        raise BekendeFout(uitleg)


# --- The location picker (static/js/locatiekiezer.js) ----------------------------------------

KAART = "main .delft-locatiekiezer__kaart"
# The picker draws the district outlines with interactive: false (so that a click always reaches
# the map), and Leaflet then gives them no .leaflet-interactive class: count the overlay's paths.
WIJKGRENZEN = f"{KAART} .leaflet-overlay-pane path"

# The middle of the box around the eight district outlines, in viewport pixels.
MIDDEN_VAN_DE_WIJKEN = """(selector) => {
    const dozen = [...document.querySelectorAll(selector)].map((p) => p.getBoundingClientRect());
    const links = Math.min(...dozen.map((d) => d.left));
    const rechts = Math.max(...dozen.map((d) => d.right));
    const boven = Math.min(...dozen.map((d) => d.top));
    const onder = Math.max(...dozen.map((d) => d.bottom));
    return {x: (links + rechts) / 2, y: (boven + onder) / 2};
}"""


def wacht_op_locatiekiezer(page: Page) -> None:
    """The picker fetched /gebieden/wijken.geojson, drew the 8 districts and fitted the map,
    which is scrolled into view (mouse clicks are in viewport coordinates; with a taller
    header the map may start below the fold)."""
    expect(page.locator(KAART)).to_be_visible()
    expect(page.locator(WIJKGRENZEN)).to_have_count(8)
    page.locator(KAART).scroll_into_view_if_needed()
    wacht_tot_rust(page)  # fitBounds may still be zooming


def gekozen_punt(page: Page) -> tuple[float, float]:
    """The map click as the form will send it (the hidden locatie_lat/locatie_lon)."""
    expect(page.locator("main .delft-locatiekiezer__status")).to_contain_text(
        "Gekozen op de kaart:"
    )
    return (
        float(page.locator("#id_locatie_lat").input_value()),
        float(page.locator("#id_locatie_lon").input_value()),
    )


def klik_in_het_midden_van_delft(page: Page) -> tuple[float, float]:
    wacht_op_locatiekiezer(page)
    punt = page.evaluate(MIDDEN_VAN_DE_WIJKEN, WIJKGRENZEN)
    page.mouse.click(punt["x"], punt["y"])
    lat, lon = gekozen_punt(page)
    assert DELFT_LAT[0] < lat < DELFT_LAT[1] and DELFT_LON[0] < lon < DELFT_LON[1], (lat, lon)
    return lat, lon


# --- The keyboard ----------------------------------------------------------------------------

KALENDERKNOP = """() => document.activeElement.type === "date"
    && !document.activeElement.matches(":focus-visible")"""


def tab_tot(page: Page, doel: str, maximaal: int = 15) -> list[str]:
    """``tab_tot`` of test_keyboard.py (Tab until ``doel`` has focus; every element on the way
    must show a visible focus indicator), except for Chromium's calendar button in a date field:
    the field's fourth tab stop, in the browser's own shadow DOM, with the browser's own focus
    ring around the icon. The page's outline is on the field, which does not match
    :focus-visible while the button has focus."""
    volgorde = []
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        element = actief(page)
        if page.evaluate(KALENDERKNOP):
            volgorde.append(f"{label(element)}:kalenderknop")
            continue
        assert_focus_zichtbaar(element)
        volgorde.append(label(element))
        if volgorde[-1] == doel:
            return volgorde
    pytest.fail(f"{doel} not reached with Tab; focus order was {volgorde}")


def naar_de_inhoud(page: Page) -> None:
    """Make the next Tab go into <main>: on a fresh page through the skip link. A page reached by
    a redirect from a URL ending in #main keeps that fragment, and the browser already starts
    the focus order at <main>."""
    page.bring_to_front()  # :focus styles apply only in the focused page
    wacht_tot_rust(page)  # the skip link only moves into view once the page has settled
    if page.url.endswith("#main"):
        return
    assert tab_tot(page, "a:Direct naar de inhoud") == ["a:Direct naar de inhoud"]
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def kies_met_pijltjes(page: Page, select, tekst: str) -> None:
    """In the focused, closed <select>, go to the option ``tekst`` with the arrow keys."""
    doel = select.locator("option").all_inner_texts().index(tekst)
    for _ in range(len(select.locator("option").all_inner_texts())):
        huidig = select.evaluate("(s) => s.selectedIndex")
        if huidig == doel:
            break
        page.keyboard.press("ArrowDown" if huidig < doel else "ArrowUp")
    expect(select.locator("option:checked")).to_have_text(tekst)


def typ_datum(page: Page, veld, datum: date) -> None:
    """Type a date into Chromium's date field, which has focus on its first segment.

    The field is three segments in the order of the *browser's* UI language, not the page's
    lang or the context's locale: Debian's Chromium shows mm/dd/yyyy on this Dutch site. Digits
    fill a segment and move on to the next; Tab and Shift+Tab move between the segments. So:
    type 01 02 2000, see which date that made, go back to the first segment (Shift+Tab twice)
    and type the real date in that order.
    """
    page.keyboard.type("01022000")
    proef = veld.input_value()
    volgorde = {"2000-01-02": "%m%d%Y", "2000-02-01": "%d%m%Y"}.get(proef)
    assert volgorde, f"date field: typing 01 02 2000 gave {proef!r}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(datum.strftime(volgorde))
    expect(veld).to_have_value(datum.isoformat())


# --- 1. With the mouse and the map -----------------------------------------------------------


def test_straatfeestcheque_with_the_map(site, page, screenshot, axe, wachtwoord):
    from django.core import mail

    main = page.locator("main")

    # The scheme page, anonymously (the accessibility gate checks it too: "scheme-page").
    regelingpagina(page, site)
    expect(main.locator("section[aria-labelledby=voorwaarden-titel] li")).to_contain_text(
        [
            "U kunt maximaal € 150,00 aanvragen.",
            "Vraag minstens 21 dagen vóór de activiteit aan.",
            "Maximaal 1 per straat per kalenderjaar.",
            "Minstens 5 huishoudens doen mee.",
        ]
    )
    screenshot("regeling-anoniem")
    main.get_by_role("link", name="Log in om aan te vragen").click()
    inloggen_met_wachtwoord(page, BEWONER, wachtwoord)
    expect(page).to_have_url(site(REGELINGPAGINA))
    screenshot("regeling-ingelogd")
    axe(page, "scheme page, logged in")

    # "Aanvragen" creates a draft and opens step 1.
    main.get_by_role("button", name="Aanvragen", exact=True).click()
    op_stap(page, 1)
    aanvraag = Aanvraag.objects.get(aanvrager__email=BEWONER)
    assert aanvraag.status == "concept" and aanvraag.regeling.soort == "straatfeestcheque"
    screenshot("stap-1")
    axe(page, "step 1")

    # Step 1 sent empty: the error summary, and the error at both fields.
    main.get_by_role("button", name="Opslaan en verder").click()
    op_stap(page, 1)
    fouten_getoond(page, {"id_titel": VERPLICHT, "id_omschrijving": VERPLICHT})
    screenshot("stap-1-fouten")
    axe(page, "step 1 with errors")
    page.locator("#id_titel").fill("Zomerfeest Schieweg")
    page.locator("#id_omschrijving").fill("Een middag met muziek en spelletjes voor de straat.")
    main.get_by_role("button", name="Opslaan en verder").click()

    # Step 2: street and number, and the place by a click on the map.
    op_stap(page, 2)
    expect(main.get_by_role("status")).to_contain_text("Opgeslagen als concept.")
    page.locator("#id_straat").fill("Schieweg")
    page.locator("#id_huisnummer").fill("12")
    lat, lon = klik_in_het_midden_van_delft(page)
    expect(page.locator("#id_buurt")).to_have_value("")  # the map is enough
    screenshot("stap-2-plek-op-de-kaart")
    axe(page, "step 2 with a place chosen on the map")
    main.get_by_role("button", name="Opslaan en verder").click()

    op_stap(page, 3)
    plek = buurt_voor_punt(lat, lon)
    aanvraag.refresh_from_db()
    assert (aanvraag.buurt, aanvraag.wijk) == (plek.buurt, plek.wijk)
    assert (float(aanvraag.locatie_lat), float(aanvraag.locatie_lon)) == (lat, lon)

    # Step 3: the three rows there are by default are too few households for this scheme.
    datum = activiteitdatum()
    page.locator("#id_activiteit_datum").fill(datum.isoformat())
    page.locator("#id_gevraagd_bedrag").fill("125,50")
    expect(main.locator("fieldset.delft-huishouden")).to_have_count(3)
    for i in range(3):
        page.locator(f"#id_huishoudens-{i}-adres").fill(f"Schieweg {i + 1}")
        page.locator(f"#id_huishoudens-{i}-naam").fill(f"Buur {i + 1}")
        page.locator(f"#id_huishoudens-{i}-akkoord").check()
    screenshot("stap-3-drie-huishoudens")
    axe(page, "step 3")
    main.get_by_role("button", name="Opslaan en verder").click()
    op_stap(page, 3)
    fouten_getoond(page, algemeen=TE_WEINIG)
    expect(page.locator("#id_huishoudens-2-adres")).to_have_value("Schieweg 3")
    screenshot("stap-3-te-weinig-huishoudens")
    axe(page, "step 3 with a rule error")

    # "Meer huishoudens toevoegen" keeps what was typed and adds rows. (Sending the rows again
    # after the rule error duplicates them: test_households_are_not_duplicated_… below.)
    main.get_by_role("button", name="Meer huishoudens toevoegen").click()
    op_stap(page, 3)
    expect(page.locator("#id_huishoudens-0-adres")).to_have_value("Schieweg 1")
    for i in (3, 4):
        page.locator(f"#id_huishoudens-{i}-adres").fill(f"Schieweg {i + 1}")
        page.locator(f"#id_huishoudens-{i}-naam").fill(f"Buur {i + 1}")
        page.locator(f"#id_huishoudens-{i}-akkoord").check()
    screenshot("stap-3-vijf-huishoudens")
    main.get_by_role("button", name="Opslaan en verder").click()

    # Step 4: an attachment, a telephone number and the privacy statement.
    op_stap(page, 4)
    screenshot("stap-4")
    axe(page, "step 4")
    page.locator("#id_bijlage_soort").select_option("foto")
    page.locator("#id_bijlage").set_input_files(
        {"name": "straat.png", "mimeType": "image/png", "buffer": png()}
    )
    main.get_by_role("button", name="Bijlage toevoegen").click()
    op_stap(page, 4)
    expect(main.get_by_role("status")).to_contain_text("De bijlage is toegevoegd.")
    expect(main.get_by_role("link", name="straat.png")).to_be_visible()
    page.get_by_label("Uw naam").fill("Bewoner Demo")
    page.get_by_label("Uw adres").fill("Roland Holstlaan 12, 2624 HE Delft")
    page.get_by_label("Bankrekening (IBAN)").fill("NL91 ABNA 0417 1643 00")
    page.locator("#id_telefoon").fill("015 212 34 56")
    page.locator("#id_privacy_akkoord").check()
    screenshot("stap-4-ingevuld")
    axe(page, "step 4 with an attachment")
    main.get_by_role("button", name="Opslaan en controleren").click()

    # The review page shows it all once more.
    op_controleren(page)
    expect(main.locator("[data-error-summary]")).to_have_count(0)
    gegevens = main.locator(".delft-gegevens")
    for tekst in [
        "Zomerfeest Schieweg",
        f"Schieweg 12, {plek.buurt.naam} ({plek.wijk.naam})",
        zoals_getoond(datum),
        "€ 125,50",
        "straat.png (Foto of tekening van de plek)",
        "015 212 34 56",
        *(f"Schieweg {n} (Buur {n}) — stemt in" for n in range(1, 6)),
    ]:
        expect(gegevens).to_contain_text(tekst)
    screenshot("controleren")
    axe(page, "review page")
    main.get_by_role("button", name="Aanvraag indienen").click()

    # Submitted: the detail page with the reference, the e-mail, and "Mijn aanvragen".
    expect(page).to_have_url(site(f"/aanvragen/{aanvraag.pk}/"))
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend" and REFERENTIE.fullmatch(aanvraag.referentie)
    referentie = aanvraag.referentie
    expect(main.get_by_role("status")).to_contain_text(
        f"Uw aanvraag is ingediend. Uw kenmerk is {referentie}."
    )
    expect(main.locator(".delft-referentie")).to_have_text(referentie)
    expect(main.locator("h1")).to_have_text("Zomerfeest Schieweg")
    expect(main.get_by_text("Status:")).to_have_text("Status: Ingediend")
    screenshot("ingediend")
    axe(page, "detail page")

    aan_bewoner = [m for m in mail.outbox if m.to == [BEWONER]]
    assert len(aan_bewoner) == 1
    bericht = aan_bewoner[0]
    assert referentie in bericht.subject and referentie in bericht.body
    assert site(f"/aanvragen/{aanvraag.pk}/") in bericht.body

    page.get_by_role("navigation", name="Kruimelpad").get_by_role(
        "link", name="Mijn aanvragen"
    ).click()
    expect(page).to_have_url(site("/aanvragen/"))
    rij = main.locator("tbody tr")
    expect(rij).to_have_count(1)
    expect(rij.get_by_role("link", name="Zomerfeest Schieweg")).to_have_attribute(
        "href", f"/aanvragen/{aanvraag.pk}/"
    )
    expect(rij.locator(".delft-referentie")).to_have_text(referentie)
    expect(rij.locator("td")).to_contain_text(["Straatfeestcheque", "Ingediend"])
    screenshot("mijn-aanvragen")
    axe(page, "Mijn aanvragen")


# --- 2. With the keyboard only ---------------------------------------------------------------


def test_straatfeestcheque_keyboard_only(site, page, screenshot, axe, wachtwoord):
    """No click(), fill(), check() or select_option(): Tab, Shift+Tab, typing, Enter, Space and
    the arrow keys (the operating system's file dialog aside)."""
    from django.core import mail

    from portal.gebieden.models import Buurt

    main = page.locator("main")

    regelingpagina(page, site)
    screenshot("regeling-anoniem")
    naar_de_inhoud(page)
    tab_tot(page, "a:Log in om aan te vragen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/straatfeestcheque/"))
    naar_de_inhoud(page)
    tab_tot(page, "input#id_login")
    page.keyboard.type(BEWONER)
    tab_tot(page, "input#id_password")
    page.keyboard.type(wachtwoord)
    page.keyboard.press("Enter")

    expect(page).to_have_url(adres(site, REGELINGPAGINA))
    naar_de_inhoud(page)
    tab_tot(page, "button:Aanvragen")
    screenshot("focus-op-aanvragen")
    page.keyboard.press("Space")

    # Step 1.
    op_stap(page, 1)
    axe(page, "step 1")
    naar_de_inhoud(page)
    tab_tot(page, "input#id_titel")
    page.keyboard.type("Burendag Vogelbuurt")
    tab_tot(page, "textarea#id_omschrijving")
    page.keyboard.type("Koffie, taart en een rommelmarkt op de stoep.")
    assert tab_tot(page, "button:Opslaan en verder") == ["button:Opslaan en verder"]
    screenshot("stap-1")
    page.keyboard.press("Enter")

    # Step 2: street, number and the neighbourhood list; the map is passed over.
    op_stap(page, 2)
    wacht_op_locatiekiezer(page)
    naar_de_inhoud(page)
    tab_tot(page, "input#id_straat")
    page.keyboard.type("Merelhof")
    tab_tot(page, "input#id_huisnummer")
    page.keyboard.type("7")
    tab_tot(page, "select#id_buurt")
    buurt = page.locator("#id_buurt")
    page.keyboard.type("Vogelbuurt")  # type-ahead: the first option that starts so
    expect(buurt.locator("option:checked")).to_have_text("Vogelbuurt-Oost (Tanthof)")
    kies_met_pijltjes(page, buurt, "Vogelbuurt-West (Tanthof)")
    expect(buurt).to_have_value(str(Buurt.objects.get(naam="Vogelbuurt-West").pk))
    expect(page.locator("#id_locatie_lat")).to_have_value("")
    tab_tot(page, "button:Opslaan en verder")
    screenshot("stap-2-buurt-uit-de-lijst")
    axe(page, "step 2 with a neighbourhood from the list")
    page.keyboard.press("Enter")

    # Step 3: the date segment by segment, three households, three more rows, two more.
    op_stap(page, 3)
    axe(page, "step 3")
    naar_de_inhoud(page)
    datum = activiteitdatum()
    tab_tot(page, "input#id_activiteit_datum")
    typ_datum(page, page.locator("#id_activiteit_datum"), datum)
    assert tab_tot(page, "input#id_gevraagd_bedrag") == [
        "input#id_activiteit_datum:kalenderknop",
        "input#id_gevraagd_bedrag",
    ]
    page.keyboard.type("80")

    def huishouden(i: int) -> None:
        tab_tot(page, f"input#id_huishoudens-{i}-adres", maximaal=30)
        page.keyboard.type(f"Merelhof {i + 1}")
        tab_tot(page, f"input#id_huishoudens-{i}-naam")
        page.keyboard.type(f"Buur {i + 1}")
        tab_tot(page, f"input#id_huishoudens-{i}-akkoord")
        page.keyboard.press("Space")
        expect(page.locator(f"#id_huishoudens-{i}-akkoord")).to_be_checked()

    for i in range(3):
        huishouden(i)
    tab_tot(page, "button:Meer huishoudens toevoegen")
    screenshot("stap-3-drie-huishoudens")
    page.keyboard.press("Enter")

    op_stap(page, 3)
    expect(main.locator("fieldset.delft-huishouden")).to_have_count(6)
    expect(page.locator("#id_huishoudens-2-adres")).to_have_value("Merelhof 3")
    naar_de_inhoud(page)  # the page starts at the top again
    for i in (3, 4):
        huishouden(i)
    tab_tot(page, "button:Opslaan en verder", maximaal=20)
    screenshot("stap-3-vijf-huishoudens")
    axe(page, "step 3 with more rows")
    page.keyboard.press("Enter")

    # Step 4: the attachment's kind with the arrow keys, the file through the file dialog
    # (Space on the file input opens it; outside the page, set_files stands in for it), the
    # telephone number and the privacy statement.
    op_stap(page, 4)
    axe(page, "step 4")
    naar_de_inhoud(page)
    soort = page.locator("#id_bijlage_soort")
    tab_tot(page, "select#id_bijlage_soort")
    kies_met_pijltjes(page, soort, "Overig")
    kies_met_pijltjes(page, soort, "Foto of tekening van de plek")
    tab_tot(page, "input#id_bijlage")
    with page.expect_file_chooser() as dialoog:
        page.keyboard.press("Space")
    dialoog.value.set_files({"name": "plattegrond.png", "mimeType": "image/png", "buffer": png()})
    tab_tot(page, "button:Bijlage toevoegen")
    page.keyboard.press("Enter")

    op_stap(page, 4)
    expect(main.get_by_role("status")).to_contain_text("De bijlage is toegevoegd.")
    naar_de_inhoud(page)
    tab_tot(page, "input#id_naam_aanvrager", maximaal=20)
    page.keyboard.type("Bewoner Demo")
    tab_tot(page, "input#id_adres_aanvrager")
    page.keyboard.type("Roland Holstlaan 12, 2624 HE Delft")
    tab_tot(page, "input#id_iban")
    page.keyboard.type("NL91 ABNA 0417 1643 00")
    tab_tot(page, "input#id_telefoon")
    page.keyboard.type("06 12 34 56 78")
    tab_tot(page, "input#id_privacy_akkoord")
    page.keyboard.press("Space")
    expect(page.locator("#id_privacy_akkoord")).to_be_checked()
    tab_tot(page, "button:Opslaan en controleren")
    screenshot("stap-4-ingevuld")
    axe(page, "step 4 with an attachment")
    page.keyboard.press("Enter")

    # Review and submit.
    op_controleren(page)
    gegevens = main.locator(".delft-gegevens")
    for tekst in [
        "Burendag Vogelbuurt",
        "Merelhof 7, Vogelbuurt-West (Tanthof)",
        zoals_getoond(datum),
        "€ 80,00",
        "plattegrond.png (Foto of tekening van de plek)",
        "06 12 34 56 78",
    ]:
        expect(gegevens).to_contain_text(tekst)
    expect(gegevens.locator("li").filter(has_text="stemt in")).to_have_text(
        [f"Merelhof {n} (Buur {n}) — stemt in" for n in range(1, 6)]
    )
    axe(page, "review page")
    naar_de_inhoud(page)
    tab_tot(page, "button:Aanvraag indienen", maximaal=20)
    screenshot("focus-op-aanvraag-indienen")
    page.keyboard.press("Enter")

    aanvraag = Aanvraag.objects.get(aanvrager__email=BEWONER)
    expect(page).to_have_url(adres(site, f"/aanvragen/{aanvraag.pk}/"))
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend" and REFERENTIE.fullmatch(aanvraag.referentie)
    assert aanvraag.buurt.naam == "Vogelbuurt-West" and aanvraag.locatie_lat is None
    expect(main.locator(".delft-referentie")).to_have_text(aanvraag.referentie)
    expect(main.get_by_text("Status:")).to_have_text("Status: Ingediend")
    aan_bewoner = [m for m in mail.outbox if m.to == [BEWONER]]
    assert len(aan_bewoner) == 1 and aanvraag.referentie in aan_bewoner[0].subject
    # The district's coordinator (Tanthof in the demo) heard of it, without the applicant's data.
    aan_coordinator = [m for m in mail.outbox if m.to != [BEWONER]]
    assert all(BEWONER not in m.body for m in aan_coordinator)
    screenshot("ingediend")
    axe(page, "detail page")

    # To "Mijn aanvragen" through the header link, and the application is a link there.
    wacht_tot_rust(page)
    assert tab_tot(page, "a:Mijn aanvragen") == [
        "a:Direct naar de inhoud",
        "a:Wijkportaal Delft",
        "a:Mijn aanvragen",
    ]
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/aanvragen/"))
    expect(main.locator("tbody tr .delft-referentie")).to_have_text(aanvraag.referentie)
    naar_de_inhoud(page)
    tab_tot(page, "a:Burendag Vogelbuurt")
    screenshot("mijn-aanvragen-focus-op-de-aanvraag")
    axe(page, "Mijn aanvragen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site(f"/aanvragen/{aanvraag.pk}/"))


# --- Single steps: Enter, and known bugs -------------------------------------------------------


def test_households_are_not_duplicated_when_step_3_is_sent_again_after_a_rule_error(
    site, page, screenshot, wachtwoord
):
    """Three households are too few; sending the same three again must still be three (and the
    same rule error), not six that satisfy the rule."""
    aanvraag = aanvraag_van_bewoner(2)
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/stap/3/")
    page.locator("#id_activiteit_datum").fill(activiteitdatum().isoformat())
    page.locator("#id_gevraagd_bedrag").fill("100")
    for i in range(3):
        page.locator(f"#id_huishoudens-{i}-adres").fill(f"Roland Holstlaan {i + 1}")
        page.locator(f"#id_huishoudens-{i}-akkoord").check()
    opslaan = page.locator("main").get_by_role("button", name="Opslaan en verder")
    opslaan.click()
    fouten_getoond(page, algemeen=TE_WEINIG)
    assert aanvraag.huishoudens.count() == 3
    screenshot("te-weinig-huishoudens")

    with page.expect_navigation():
        opslaan.click()  # the same three households once more
    screenshot("nogmaals-verstuurd")
    adressen = list(aanvraag.huishoudens.values_list("adres", flat=True))
    bekende_fout(
        len(adressen) == 3 and "/stap/3/" in page.url,
        f"after sending step 3 again the application has {len(adressen)} households "
        f"({adressen}) and the browser is at {page.url}",
    )


def test_enter_in_the_telephone_field_does_not_remove_the_attachment(
    site, page, screenshot, wachtwoord
):
    """Enter in a field submits with the form's first submit button; on step 4 that must not
    be an attachment's remove button (stap.html puts a hidden copy of the main action first)."""
    aanvraag = aanvraag_van_bewoner(3, huishoudens=5)
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/stap/4/")
    page.locator("#id_bijlage").set_input_files(
        {"name": "straat.png", "mimeType": "image/png", "buffer": png()}
    )
    main = page.locator("main")
    main.get_by_role("button", name="Bijlage toevoegen").click()
    expect(main.get_by_role("status")).to_contain_text("De bijlage is toegevoegd.")
    expect(main.get_by_role("button", name="straat.png verwijderen")).to_be_visible()
    page.locator("#id_telefoon").fill("015 212 34 56")
    screenshot("bijlage-en-telefoon")

    page.locator("#id_telefoon").press("Enter")
    op_stap(page, 4)  # the privacy statement is not ticked yet
    fouten_getoond(page, {"id_privacy_akkoord": "Ga akkoord met de privacyverklaring"})
    screenshot("na-enter-in-telefoon")
    assert aanvraag.bijlagen.count() == 1
    aanvraag.refresh_from_db()
    assert aanvraag.telefoon == "015 212 34 56"


def test_enter_in_a_field_of_step_3_saves_and_continues(site, page, screenshot, wachtwoord):
    """On step 3 Enter must save and continue, not press "Meer huishoudens toevoegen"."""
    aanvraag = aanvraag_van_bewoner(2, huishoudens=5)
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/stap/3/")
    page.locator("#id_activiteit_datum").fill(activiteitdatum().isoformat())
    page.locator("#id_gevraagd_bedrag").fill("100")
    screenshot("stap-3-ingevuld")

    page.locator("#id_gevraagd_bedrag").press("Enter")
    op_stap(page, 4)
    screenshot("na-enter-stap-4")
    assert aanvraag.huishoudens.count() == 5


def test_a_neighbourhood_from_the_list_corrects_a_map_click_outside_delft(
    site, page, screenshot, axe, wachtwoord
):
    """A click outside Delft is refused (the error state, checked with axe); choosing the
    neighbourhood from the list, as the message suggests, must then be accepted."""
    aanvraag = aanvraag_van_bewoner(1)
    inloggen_als_bewoner(page, site, wachtwoord, f"/aanvragen/{aanvraag.pk}/stap/2/")
    page.locator("#id_straat").fill("Roland Holstlaan")
    page.locator("#id_huisnummer").fill("12")
    wacht_op_locatiekiezer(page)
    kaart = page.locator(KAART).bounding_box()
    page.mouse.click(kaart["x"] + kaart["width"] - 20, kaart["y"] + 20)  # east of Delft
    lat, lon = gekozen_punt(page)
    assert lon > DELFT_LON[1], (lat, lon)
    opslaan = page.locator("main").get_by_role("button", name="Opslaan en verder")
    opslaan.click()
    op_stap(page, 2)
    fouten_getoond(page, {"id_buurt": BUITEN_DELFT})
    screenshot("plek-buiten-delft")
    axe(page, "step 2 with a place outside Delft")

    page.locator("#id_buurt").select_option(label="Roland Holstbuurt (Voorhof)")
    with page.expect_navigation():
        opslaan.click()
    screenshot("buurt-uit-de-lijst-gekozen")
    bekende_fout(
        "/stap/3/" in page.url,
        f"with Roland Holstbuurt chosen from the list step 2 still says "
        f"{page.locator('main [data-error-summary] li').all_inner_texts()}",
    )
