"""A resident logs in and out with the keyboard only (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7).

No mouse: no ``click()``, no ``fill()``: only Tab, Enter, Space and typed characters. Every
element that receives focus must show a visible focus indicator.
"""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Measured after the next rendered frame: what the user sees once focus has moved.
ACTIEF_ELEMENT = """async () => {
    await new Promise((klaar) => requestAnimationFrame(() => requestAnimationFrame(klaar)));
    const el = document.activeElement;
    const stijl = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        klasse: typeof el.className === "string" ? el.className : "",
        tekst: (el.innerText || el.value || "").trim().replace(/\\s+/g, " "),
        name: el.getAttribute("name"),
        focusVisible: el.matches(":focus-visible"),
        outline: stijl.outlineStyle !== "none" && parseFloat(stijl.outlineWidth) > 0,
        schaduw: stijl.boxShadow !== "none",
        inBeeld: r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0
            && r.top < window.innerHeight && r.left < window.innerWidth,
    };
}"""


def actief(page: Page) -> dict:
    """The focused element, once it has come into view (within a second): a focused skip link
    is moved into view by a :focus rule, which headless Chromium may apply a frame later."""
    element = page.evaluate(ACTIEF_ELEMENT)
    for _ in range(20):
        if element["inBeeld"]:
            break
        page.wait_for_timeout(50)
        element = page.evaluate(ACTIEF_ELEMENT)
    return element


def label(element: dict) -> str:
    """A short name for the focused element, for readable focus-order assertions."""
    if element["tag"] in ("input", "textarea", "select"):
        return f"{element['tag']}#{element['id']}"
    return f"{element['tag']}:{element['tekst']}"


def assert_focus_zichtbaar(element: dict) -> None:
    assert element["focusVisible"], f"{label(element)} has focus but not :focus-visible"
    assert element["outline"] or element["schaduw"], (
        f"{label(element)} has no visible focus indicator (no outline, no box-shadow)"
    )
    assert element["inBeeld"], f"{label(element)} has focus but is not in the viewport"


def tab_tot(page: Page, doel: str, maximaal: int = 15) -> list[str]:
    """Press Tab until the element labelled ``doel`` has focus; returns the focus order."""
    volgorde = []
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        element = actief(page)
        assert_focus_zichtbaar(element)
        volgorde.append(label(element))
        if volgorde[-1] == doel:
            return volgorde
    pytest.fail(f"{doel} not reached with Tab; focus order was {volgorde}")


def test_resident_logs_in_and_out_with_the_keyboard_only(site, page, screenshot, wachtwoord):
    skiplink = page.locator("a.delft-skiplink")
    page.goto(site("/"))
    expect(page.locator(".delft-kaart path.leaflet-interactive")).to_have_count(8)

    # The skip link is hidden (above the viewport) until it receives focus …
    assert skiplink.bounding_box()["y"] + skiplink.bounding_box()["height"] <= 0
    # … and it is the first thing the keyboard reaches, then the header.
    assert tab_tot(page, "a:Direct naar de inhoud") == ["a:Direct naar de inhoud"]
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_in_viewport()
    doos = skiplink.bounding_box()
    assert doos["y"] >= 0 and doos["height"] >= 24, doos
    screenshot("skiplink-zichtbaar-bij-focus")

    assert tab_tot(page, "a:Inloggen") == ["a:Wijkportaal Delft", "a:Inloggen"]
    screenshot("focus-op-inloggen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/accounts/login/"))
    expect(page.locator("main h1")).to_have_text("Inloggen")

    # The skip link works: Enter moves focus to <main>, the next Tab enters the content.
    assert tab_tot(page, "a:Direct naar de inhoud") == ["a:Direct naar de inhoud"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(site("/accounts/login/#main"))
    expect(page.locator("main")).to_be_focused()
    assert tab_tot(page, "input#id_login") == ["a:Maak dan eerst een account aan", "input#id_login"]
    page.keyboard.type("bewoner@example.org")
    assert tab_tot(page, "input#id_password") == ["a:Wachtwoord vergeten?", "input#id_password"]
    page.keyboard.type(wachtwoord)
    expect(page.locator("#id_login")).to_have_value("bewoner@example.org")
    screenshot("formulier-met-toetsenbord-ingevuld")
    page.keyboard.press("Enter")

    status = page.locator(".delft-account__status")
    expect(status).to_have_text("Ingelogd als bewoner@example.org")
    expect(page).to_have_url(site("/"))
    screenshot("ingelogd")

    volgorde = tab_tot(page, "button:Uitloggen")
    assert volgorde == [
        "a:Direct naar de inhoud",
        "a:Wijkportaal Delft",
        "a:Mijn aanvragen",
        "a:Mijn meldingen",
        "a:Mijn signalen",
        "a:Mijn account",
        "button:Uitloggen",
    ]
    screenshot("focus-op-uitloggen")
    page.keyboard.press("Space")
    expect(status).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
    screenshot("uitgelogd")
