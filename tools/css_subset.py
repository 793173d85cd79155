"""Build the subset of the NL Design System CSS that the site uses, at vendoring time.

The two vendored packages (docs/frontend.md) are complete: every Utrecht component
(``index.css``, 407 KB) and every design token of the voorbeeld theme (``theme.css``, 208 KB).
The site uses a few dozen components, so pages link one generated file instead::

    .venv/bin/python -m tools.css_subset           # writes static/vendor/nlds-subset/nlds.css
    .venv/bin/python -m tools.css_subset --check   # exit 1 when the file is out of date

Run it after vendoring a new version, and after a template, script or form renderer starts
using an ``utrecht-*`` class it did not use before; ``tests/test_css_subset.py`` fails until
then. It is never run by the web process.

What is kept:

1. **Components**: a style rule of ``index.css`` is kept when one of its selectors needs only
   classes that the site uses. Used classes are the ``utrecht-*`` names written in
   ``templates/``, ``static/js/`` and the apps' Python code (e.g. the form renderer), plus
   ``EXTRA_KLASSEN``. A name written with a template variable (``utrecht-button--{{ x }}``) is
   a prefix: every class that starts with it counts as used. ``:is()``, ``:where()`` and
   ``:has()`` need one used alternative; classes inside ``:not()`` are not required (so
   ``:not(.utrecht-x--disabled)`` still matches). Elements, attributes and other
   pseudo-classes are not judged: a rule is dropped only for a class nobody writes. ``@media``,
   ``@supports`` and ``@container`` blocks keep what is kept inside them; ``@keyframes`` stay
   when a kept rule names them.
2. **Tokens**: a custom property of ``theme.css`` is kept when something kept refers to it with
   ``var()``: the kept component rules, our own ``delft-theme.css`` and ``site.css``, or another
   kept token (``var()`` chains are followed to the end).

Comments other than the packages' licence headers are dropped; declarations keep their
original text, so the output diffs line by line against the vendored files.
"""

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
COMPONENTEN = VENDOR / "utrecht-component-library-css" / "index.css"
TOKENS = VENDOR / "nl-design-system-unstable-voorbeeld-design-tokens" / "theme.css"
UITVOER = VENDOR / "nlds-subset" / "nlds.css"

# Where the site writes class names, and our stylesheets whose var() references count.
BRONNEN = [
    (ROOT / "templates", "*.html"),
    (ROOT / "static" / "js", "*.js"),
    *(
        (ROOT / app, patroon)
        for app in ("portal", "cms", "participatie", "speelkaart")
        for patroon in ("*.py", "*.html")
    ),
]
EIGEN_CSS = [ROOT / "static" / "css" / "delft-theme.css", ROOT / "static" / "css" / "site.css"]

# Classes the code builds from parts, which a search for whole names cannot find.
EXTRA_KLASSEN = {
    # portal/core/forms.py adds "<base class>--invalid" to every control with an error.
    "utrecht-textbox--invalid",
    "utrecht-textarea--invalid",
    "utrecht-select--invalid",
    "utrecht-checkbox--invalid",
    "utrecht-radio-button--invalid",
}

KLASSE = re.compile(r"utrecht-[A-Za-z0-9_-]*[A-Za-z0-9_]")
# "utrecht-button--{{ appearance }}" or "utrecht-form-field--{{": a prefix.
VOORVOEGSEL = re.compile(r"(utrecht-[A-Za-z0-9_-]*[-_])(?:\{\{|\{%)")
VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
ANIMATIE = re.compile(r"animation(?:-name)?\s*:\s*([^;]+)")
# Pseudo-classes that match when one of their arguments does (``:not()`` requires nothing).
EEN_VAN = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}
VOORWAARDELIJK = {"media", "supports", "container"}


def bronbestanden() -> list[Path]:
    return sorted(pad for map_, patroon in BRONNEN if map_.is_dir() for pad in map_.rglob(patroon))


def gebruikte_klassen(bestanden: Iterable[Path]) -> tuple[set[str], set[str]]:
    """Whole class names and prefixes written in ``bestanden``."""
    namen, voorvoegsels = set(EXTRA_KLASSEN), set()
    for pad in bestanden:
        tekst = pad.read_text(encoding="utf-8")
        voorvoegsels.update(VOORVOEGSEL.findall(tekst))
        namen.update(KLASSE.findall(tekst))
    return namen, voorvoegsels


def _selectoren(prelude: list) -> list[list]:
    """Split a rule's prelude at its top-level commas."""
    lijst, huidig = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            lijst.append(huidig)
            huidig = []
        else:
            huidig.append(token)
    lijst.append(huidig)
    return lijst


def kan_matchen(selector: list, gebruikt) -> bool:
    """Whether ``selector`` can match an element of our pages: every utrecht-* class it
    requires is used (``gebruikt(klasse)``). ``:is()``, ``:where()`` and ``:has()`` need one of
    their alternatives to be able to match; ``:not()`` and other functions require nothing."""
    for vorige, token in zip([None, *selector], selector, strict=False):
        if (
            token.type == "ident"
            and vorige is not None
            and vorige.type == "literal"
            and vorige.value == "."
            and token.value.startswith("utrecht-")
            and not gebruikt(token.value)
        ):
            return False
        if token.type == "function" and token.lower_name in EEN_VAN:
            if not any(kan_matchen(s, gebruikt) for s in _selectoren(token.arguments)):
                return False
    return True


class Subset:
    def __init__(self, namen: set[str], voorvoegsels: set[str]):
        self.namen = namen
        self.voorvoegsels = tuple(voorvoegsels)

    def gebruikt(self, klasse: str) -> bool:
        return klasse in self.namen or klasse.startswith(self.voorvoegsels)

    def regels(self, regels: list) -> list[str]:
        """The kept rules of a rule list, as CSS text."""
        uit = []
        for regel in regels:
            if regel.type == "qualified-rule":
                behouden = [s for s in _selectoren(regel.prelude) if kan_matchen(s, self.gebruikt)]
                if behouden:
                    selector = ",\n".join(tinycss2.serialize(s).strip() for s in behouden)
                    uit.append(f"{selector} {{{tinycss2.serialize(regel.content)}}}")
            elif regel.type == "at-rule" and regel.lower_at_keyword in VOORWAARDELIJK:
                binnen = self.regels(tinycss2.parse_rule_list(regel.content, skip_comments=True))
                if binnen:
                    kop = tinycss2.serialize(regel.prelude).strip()
                    inhoud = "\n".join(binnen).replace("\n", "\n  ")
                    uit.append(f"@{regel.at_keyword} {kop} {{\n  {inhoud}\n}}")
            elif regel.type == "at-rule" and regel.lower_at_keyword == "keyframes":
                uit.append(tinycss2.serialize([regel]).strip())  # filtered in bouw()
            elif regel.type == "at-rule" and regel.lower_at_keyword != "charset":
                raise ValueError(f"unexpected at-rule @{regel.at_keyword}: extend css_subset")
        return uit


def licentiekoppen(css: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/\*\*?\s*\n\s*\* @license.*?\*/", css, re.S)))


def tokens(css: str, nodig: set[str]) -> tuple[list[str], list[str]]:
    """The custom properties of ``theme.css`` reachable from ``nodig`` through var() chains,
    as (selector, declarations) text per rule; ``nodig`` is extended in place."""
    regels = [
        r for r in tinycss2.parse_stylesheet(css, skip_comments=True) if r.type != "whitespace"
    ]
    definities = {}
    for regel in regels:
        if regel.type != "qualified-rule":
            raise ValueError("theme.css is expected to hold only rules of custom properties")
        for decl in tinycss2.parse_blocks_contents(regel.content, skip_comments=True):
            if decl.type == "declaration":
                definities.setdefault(decl.name, []).append(tinycss2.serialize(decl.value))
    te_doen = list(nodig)
    while te_doen:
        naam = te_doen.pop()
        for waarde in definities.get(naam, []):
            for verwijzing in VAR.findall(waarde):
                if verwijzing not in nodig:
                    nodig.add(verwijzing)
                    te_doen.append(verwijzing)
    uit = []
    for regel in regels:
        regels_tekst = [
            f"  {decl.name}:{tinycss2.serialize(decl.value)};"
            for decl in tinycss2.parse_blocks_contents(regel.content, skip_comments=True)
            if decl.type == "declaration" and decl.name in nodig
        ]
        if regels_tekst:
            selector = tinycss2.serialize(regel.prelude).strip()
            uit.append(selector + " {\n" + "\n".join(regels_tekst) + "\n}")
    return uit


def herkomst(pad: Path) -> str:
    versie = (pad.parent / "VERSION").read_text(encoding="utf-8")
    naam = re.search(r"^name: (.+)$", versie, re.M)[1]
    nummer = re.search(r"^version: (.+)$", versie, re.M)[1]
    return f"{naam}@{nummer} ({pad.relative_to(ROOT)})"


def bouw() -> str:
    """The subset stylesheet, as text."""
    componenten_css = COMPONENTEN.read_text(encoding="utf-8")
    tokens_css = TOKENS.read_text(encoding="utf-8")
    namen, voorvoegsels = gebruikte_klassen(bronbestanden())
    subset = Subset(namen, voorvoegsels)
    regels = subset.regels(tinycss2.parse_stylesheet(componenten_css, skip_comments=True))
    zonder_keyframes = "\n".join(r for r in regels if not r.startswith("@keyframes"))
    animaties = {naam for waarde in ANIMATIE.findall(zonder_keyframes) for naam in waarde.split()}
    regels = [
        r for r in regels if not r.startswith("@keyframes") or r.split()[1].strip("{") in animaties
    ]
    componenten = "\n\n".join(regels)

    eigen = "\n".join(pad.read_text(encoding="utf-8") for pad in EIGEN_CSS)
    nodig = set(VAR.findall(componenten)) | set(VAR.findall(eigen))
    theme = "\n\n".join(tokens(tokens_css, nodig))

    bronnen = f"{herkomst(COMPONENTEN)} and {herkomst(TOKENS)}"
    kop = (
        "/*\n"
        " * GENERATED by `python -m tools.css_subset`: do not edit (see docs/frontend.md).\n"
        f" * The parts of {bronnen}\n"
        " * that the templates, scripts and form renderer of Wijkportaal Delft use.\n"
        " */\n"
    )
    tekst = "\n".join(
        [
            '@charset "UTF-8";' if not componenten.isascii() or not theme.isascii() else "",
            kop,
            *licentiekoppen(componenten_css),
            *licentiekoppen(tokens_css),
            componenten,
            "",
            "/* Design tokens (voorbeeld theme) referred to by the rules above or our own CSS. */",
            theme,
        ]
    ).lstrip("\n")
    return tekst.rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.css_subset", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    opties = parser.parse_args(argv)
    tekst = bouw()
    huidig = UITVOER.read_text(encoding="utf-8") if UITVOER.exists() else ""
    if opties.check:
        if tekst != huidig:
            sys.stderr.write(
                f"{UITVOER.relative_to(ROOT)} is out of date: run python -m tools.css_subset\n"
            )
            return 1
        return 0
    UITVOER.parent.mkdir(parents=True, exist_ok=True)
    UITVOER.write_text(tekst, encoding="utf-8")
    vingerafdruk = hashlib.sha256(tekst.encode()).hexdigest()[:12]
    sys.stdout.write(
        f"{UITVOER.relative_to(ROOT)}: {len(tekst.encode()):,} bytes (sha256 {vingerafdruk}), "
        f"from {len(COMPONENTEN.read_bytes()):,} + {len(TOKENS.read_bytes()):,} bytes\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
