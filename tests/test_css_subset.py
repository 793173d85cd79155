"""The NL Design System subset (tools/css_subset.py) is current and is what the pages link."""

import pytest

from tools import css_subset


def test_the_committed_subset_is_what_the_script_makes_now():
    """Fails when a template, script or the form renderer starts (or stops) using an utrecht-*
    class: run ``.venv/bin/python -m tools.css_subset`` and commit the file (docs/frontend.md)."""
    assert css_subset.main(["--check"]) == 0


def test_the_subset_keeps_every_used_component_and_the_tokens_it_needs():
    tekst = css_subset.UITVOER.read_text(encoding="utf-8")
    for selector in (".utrecht-button--primary-action", ".utrecht-form-field--invalid"):
        assert selector in tekst
    assert "--utrecht-button-primary-action-background-color:" in tekst  # a token of the theme
    assert ".utrecht-accordion" not in tekst  # a component no page uses
    assert "--lux-login-link-color:" not in tekst  # a token nothing refers to


@pytest.mark.parametrize(
    "selector, kan",
    [
        (".utrecht-button:not(.utrecht-button--disabled)", True),
        (".utrecht-button:is(.utrecht-button--onbekend, .utrecht-button--primary-action)", True),
        (".utrecht-button:is(.utrecht-button--onbekend)", False),
        (".utrecht-rich-text .utrecht-button:has(+ .utrecht-onbekend)", False),
        (".utrecht-onbekend .utrecht-button", False),
        ("html", True),
    ],
)
def test_a_selector_is_kept_when_it_can_match(selector, kan):
    import tinycss2

    tokens = tinycss2.parse_stylesheet(f"{selector} {{}}")[0].prelude
    gebruikt = {"utrecht-button", "utrecht-button--primary-action", "utrecht-rich-text"}
    assert css_subset.kan_matchen(tokens, gebruikt.__contains__) is kan


@pytest.mark.django_db
def test_pages_link_the_subset_not_the_full_packages(client):
    html = client.get("/").content.decode()
    assert "vendor/nlds-subset/nlds.css" in html
    assert "utrecht-component-library-css/index.css" not in html
    assert "voorbeeld-design-tokens/theme.css" not in html
