"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with ``.venv/bin/pytest -m e2e tests/e2e`` (the unit suite runs with ``-m "not e2e"``).

Fixtures:

- ``page`` / ``mobiele_page``: a fresh browser context per test (1280×900, or 375×812 for
  reflow checks) that records console errors, uncaught page errors and CSP violations;
- ``site``: the live server with the demo content loaded (``cms.demo.laad_demo``);
- ``screenshot``: saves every step to ``test-results/screenshots/<test>/<nn>-<step>.png`` and
  fails the step on a CSP violation or an uncaught script error on the page;
- ``axe``: runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page and asserts zero violations,
  with a readable summary (rule, impact, help, offending nodes) in the assertion message.

Database: every e2e test is ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``
(the live server thread must see committed data). Teardown flushes every table without running
post_migrate; the serialized post-migration state (Wagtail's root page and default site, the root
collection, the staff groups, content types, permissions) is restored at the next test's setup,
and ``site`` loads the demo content on top of it. Two things make that work here (see
``_originele_verbindingen``): the main thread keeps the connection that holds the serialized
state once Playwright's event loop runs, and the demo data that tests/conftest.py loads for the
whole session is flushed once before the first browser test.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# Playwright's sync API runs an asyncio event loop in the main thread; Django refuses ORM calls
# from a thread with a running loop unless told that this is safe. It is: the test code never
# awaits, it only blocks on the browser (the live server answers from its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--lang=nl-NL",  # the browser's own controls (date field, file input) in Dutch too
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
MOBIEL = {"width": 375, "height": 812}

# Shared machines are noisy: allow assertions (and page actions, see `page`) ten seconds.
expect.set_options(timeout=10_000)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    """pytest-playwright deletes its output folder (default ``test-results``) at the start of
    every session, the unit suite's too. Give it a subfolder so our screenshots survive."""
    if config.getoption("--output", default=None) == "test-results":
        config.option.output = str(Path("test-results") / "playwright")


def pytest_collection_modifyitems(config, items):
    """Without the browser CI installs (``apt-get install chromium``) these tests cannot run."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
    )
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(skip)


# --- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, with Debian's Chromium (Playwright's own download
    does not work on these machines)."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url():
    """No base URL: tests use ``site(path)``. (Also replaces pytest-playwright's own fixture,
    a deprecated instance-method session fixture that warns on every run.)"""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": DESKTOP,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "reduced_motion": "reduce",
    }


@dataclass
class Console:
    """What the browser reported while a test ran: (page URL, message) pairs."""

    fouten: list[tuple[str, str]] = field(default_factory=list)
    gecontroleerd: int = 0

    def luister(self, page) -> None:
        def console(bericht):
            if bericht.type == "error":
                self.fouten.append((page.url, bericht.text))

        def pagefout(fout):
            self.fouten.append((page.url, f"Uncaught script error: {fout}"))

        page.on("console", console)
        page.on("pageerror", pagefout)

    def ernstig(self, vanaf: int = 0) -> list[tuple[str, str]]:
        """CSP violations and uncaught script errors (resource 404s on error pages are not)."""
        return [
            (url, tekst)
            for url, tekst in self.fouten[vanaf:]
            if "Content Security Policy" in tekst or tekst.startswith("Uncaught script error")
        ]

    def controleer(self) -> None:
        """Fail on every serious message since the previous check."""
        nieuw = self.ernstig(self.gecontroleerd)
        self.gecontroleerd = len(self.fouten)
        assert not nieuw, "Browser console:\n" + "\n".join(f"  {u}: {t}" for u, t in nieuw)


@pytest.fixture
def console():
    return Console()


@pytest.fixture
def wachtwoord():
    """The browser journeys log in as the demo accounts that `make run` prints (a newcomer's
    view of the portal), so they use the demo password, not the factories' one."""
    from cms.demo import DEMO_WACHTWOORD

    return DEMO_WACHTWOORD


@pytest.fixture
def page(context, console):
    page = context.new_page()
    page.set_default_timeout(10_000)
    console.luister(page)
    return page


@pytest.fixture
def mobiele_page(browser, browser_context_args, console):
    """A phone-sized page (375×812, WCAG 1.4.10 reflow) with touch and a mobile viewport."""
    context = browser.new_context(
        **{**browser_context_args, "viewport": MOBIEL, "is_mobile": True, "has_touch": True}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    console.luister(page)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _console_schoon(request, console):
    """Safety net: a CSP violation or script error after the last screenshot still fails."""
    yield
    if "page" in request.fixturenames or "mobiele_page" in request.fixturenames:
        console.controleer()


# --- Screenshots and accessibility ---------------------------------------------------------

# Resolves once every finite CSS transition/animation on the page has finished (after two frames,
# so style changes made on load have started theirs). Screenshots and axe then see the page as
# the user does once it has settled, not half-way a fade-in (e.g. Wagtail's admin messages fade
# in over 0.5 s, whatever the reduced-motion preference; mid-fade their colours blend with the
# page and axe would measure a contrast nobody reads).
RUST = """async () => {
    await new Promise((klaar) => requestAnimationFrame(() => requestAnimationFrame(klaar)));
    const eindig = document.getAnimations().filter((animatie) => {
        const timing = animatie.effect && animatie.effect.getComputedTiming();
        return timing && Number.isFinite(timing.endTime);
    });
    await Promise.all(eindig.map((animatie) => animatie.finished.catch(() => null)));
}"""


def wacht_tot_rust(page) -> None:
    page.evaluate(RUST)


def _bestandsnaam(tekst: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", tekst).strip("-")[:120]


class Screenshots:
    def __init__(self, map: Path, console: Console, default_page=None):
        self.map = map
        self.console = console
        self.default_page = default_page
        self.teller = 0

    def __call__(self, stap: str, page=None) -> Path:
        page = page or self.default_page
        self.teller += 1
        pad = self.map / f"{self.teller:02d}-{_bestandsnaam(stap)}.png"
        pad.parent.mkdir(parents=True, exist_ok=True)
        wacht_tot_rust(page)
        page.screenshot(path=str(pad), full_page=True)
        self.console.controleer()
        return pad


@pytest.fixture
def screenshot(request, console):
    """``screenshot("step name")`` saves the page as ``<nn>-<step>.png`` for this test and fails
    on CSP violations or uncaught script errors so far. Pass ``page=`` for a second page."""
    default = None
    for naam in ("page", "mobiele_page"):
        if naam in request.fixturenames:
            default = request.getfixturevalue(naam)
            break
    map_ = SCREENSHOTS / _bestandsnaam(request.node.name)
    shutil.rmtree(map_, ignore_errors=True)  # only this run's steps
    return Screenshots(map_, console, default)


def axe_samenvatting(violations: list[dict]) -> str:
    """One line per rule (id, impact, help, link), then the offending nodes with axe's reason."""
    regels = []
    for v in violations:
        regels.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", []):
            doel = " ".join(str(t) for t in node.get("target", []))
            regels.append(f"    * {doel}")
            reden = " ".join((node.get("failureSummary") or "").split())
            if reden:
                regels.append(f"      {reden[:400]}")
            html = " ".join((node.get("html") or "").split())[:200]
            if html:
                regels.append(f"      {html}")
    return "\n".join(regels)


class AxeControle:
    """axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; no rule is disabled."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()

    def schendingen(self, page) -> list[dict]:
        wacht_tot_rust(page)
        resultaat = self._axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
            },
        )
        return resultaat.response["violations"]

    @staticmethod
    def rapport(violations: list[dict], wat: str) -> str:
        return f"axe: {len(violations)} violation(s) on {wat}:\n" + axe_samenvatting(violations)

    def __call__(self, page, wat: str = "") -> None:
        """Assert zero violations on the page as it is now."""
        violations = self.schendingen(page)
        assert not violations, self.rapport(violations, f"{wat} ({page.url})".strip())


@pytest.fixture(scope="session")
def axe():
    """``axe(page, "what")`` asserts zero violations; ``axe.schendingen(page)`` lists them."""
    return AxeControle()


# --- Server and data -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def _originele_verbindingen(django_db_setup, django_db_blocker):
    """The database connections as pytest-django set them up, taken before Playwright starts.

    Once Playwright's sync API runs its event loop in the main thread, asgiref's thread-critical
    ``Local`` behind ``django.db.connections`` switches from thread-local to context-local
    storage, and ``connections["default"]`` in the test would be a *new* connection object:
    one without ``_test_serialized_contents`` (so ``serialized_rollback`` silently does nothing
    and the teardown flush re-runs post_migrate on empty tables, which fails) and not the one
    shared with the live server thread.
    """
    import asyncio

    from django.core.management import call_command
    from django.db import connections

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:  # pragma: no cover - fixture order guarantees this
        pytest.fail("Playwright started before the database connections were taken")
    originelen = {alias: connections[alias] for alias in connections}
    for alias, verbinding in originelen.items():
        if not hasattr(verbinding, "_test_serialized_contents"):
            continue
        # tests/conftest.py loads the demo data once for the whole session, on top of the
        # serialized post-migration state. A transactional test restores that state at setup
        # *before* its own teardown flush has ever run, so the first one would load it on top
        # of the demo data (duplicate Wagtail site and pages). Start the browser tests from
        # empty tables; every test then restores the post-migration state (serialized_rollback)
        # and its `site` fixture loads the demo data again.
        with django_db_blocker.unblock():
            # As TransactionTestCase flushes: keep the sequences (PostgreSQL), so rows created
            # after restoring the snapshot do not collide with its primary keys.
            call_command(
                "flush",
                database=alias,
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,
                verbosity=0,
            )
    return originelen


@pytest.fixture(scope="session", autouse=True)
def _django_verbindingen_in_playwright(_originele_verbindingen, playwright):
    """Give the main thread its original connections back while Playwright's loop runs."""
    from django.db import connections

    for alias, verbinding in _originele_verbindingen.items():
        connections[alias] = verbinding
    return playwright


@dataclass
class Site:
    url: str

    def __call__(self, pad: str = "/") -> str:
        return self.url + pad


@pytest.fixture
def site(request, live_server, transactional_db, settings):
    """The live server with Delft's geography, the demo pages and the demo accounts. E-mails
    link to the configured public base URL, here the live server's."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    from django.db import connection
    from wagtail.models import Page

    from cms.demo import laad_demo

    marker = request.node.get_closest_marker("django_db")
    assert (
        marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback")
    ), "e2e tests need @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
    assert hasattr(connection, "_test_serialized_contents"), "not the test database connection"
    assert Page.objects.filter(depth=1).exists(), "Wagtail's root page was not restored"
    laad_demo()
    return Site(live_server.url)
