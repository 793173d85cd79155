"""THE list of key URLs: what the bench measures and what ``tests/test_query_counts.py`` asserts.

Extending: append ``Url(name, path)`` to ``URLS``, or ``Url(name, path, user=email)`` for a
page that needs a logged-in account (one a builder in ``bench/data.py`` creates). Give an
anonymous page a ``query_budget``: the most SQL queries a warm request may make under the test
settings, asserted by the ordinary tests (``make test``); the bench itself only reports counts.

A path may hold placeholders like ``{draft}`` for ids known only after the data is built:
register a function for each with ``@placeholder("draft")``; it returns the value, looked up
in the built database, and ``resolve_paths`` fills the paths in just before measuring. URLs with
a user or a placeholder have no budget: the ordinary tests do not build the bench's data.
"""

from collections.abc import Callable
from string import Formatter
from typing import NamedTuple

from participatie.constants import Soort, Status

# The resident the "aanvragen" builder gives --applications applications and a draft.
BENCH_RESIDENT = "bench-bewoner@example.org"
# Staff the "wachtrij" builder makes, with a TOTP authenticator: the coordinator of
# BENCH_DISTRICT (one district's queue) and an administrator (every district's queue). The
# bench logs them in with a session that holds a second factor (``meten.log_in``).
BENCH_COORDINATOR = "bench-coordinator@example.org"
BENCH_ADMINISTRATOR = "bench-beheerder@example.org"
BENCH_DISTRICT = "tanthof"  # a Wijk slug of the demo data
# A district page's queries, warm, page cache off: the page, its overview, the blocks other apps
# add (initiatives, play spaces, consultations: one query each). Other tests assert it too.
WIJKPAGINA_BUDGET = 13
BENCH_USERS = (BENCH_RESIDENT, BENCH_COORDINATOR, BENCH_ADMINISTRATOR)


class Url(NamedTuple):
    """A page to measure: a unique ``name``, its ``path`` (may hold ``{placeholders}``), the
    e-mail address of the account to request it as (``None``: anonymous), the status it must
    answer, its query budget (``None``: not asserted by the tests), and whether it is measured
    with the page cache on (``cms/paginacache.py``; every other URL is measured with it off,
    so that its numbers are the cost of rendering it)."""

    name: str
    path: str
    user: str | None = None
    expected_status: int = 200
    query_budget: int | None = None
    paginacache: bool = False


# The pages we care about. Later features append theirs.
URLS: list[Url] = [
    # Home and district pages: +1 since they list the open schemes (one query for the pages).
    Url("home", "/", query_budget=10),  # 9, and the open consultations since issue 12
    Url("buitenhof", "/buitenhof/", query_budget=WIJKPAGINA_BUDGET),
    Url("tanthof", "/tanthof/", query_budget=WIJKPAGINA_BUDGET),
    Url("regelingen", "/initiatief-aanvragen/", query_budget=11),
    Url("wijken-geojson", "/gebieden/wijken.geojson", query_budget=1),
    Url("wijk-geojson", "/gebieden/wijken/buitenhof.geojson", query_budget=2),
    Url("login", "/accounts/login/", query_budget=1),
    Url("signup", "/accounts/signup/", query_budget=1),
    Url("privacy", "/privacy/", query_budget=7),
    # Resident applications (participatie): a scheme page, then logged in as BENCH_RESIDENT.
    Url("straatfeestcheque", "/straatfeestcheque/", query_budget=9),
    Url("mijn-aanvragen", "/aanvragen/", BENCH_RESIDENT),
    Url("aanvraag-detail", "/aanvragen/{submitted}/", BENCH_RESIDENT),
    *(
        Url(f"aanvraag-stap-{n}", f"/aanvragen/{{draft}}/stap/{n}/", BENCH_RESIDENT)
        for n in (1, 2, 3, 4)
    ),
    Url("aanvraag-controleren", "/aanvragen/{draft}/controleren/", BENCH_RESIDENT),
    # The coordinators' review queue (Wagtail admin, participatie.admin_aanvragen) of the
    # --other-applications: BENCH_COORDINATOR sees BENCH_DISTRICT's, the administrator all.
    # Their query counts must not grow with the data: tests/participatie/test_wachtrij_schaal.py.
    Url("wachtrij", "/admin/aanvragen/", BENCH_COORDINATOR),
    Url("wachtrij-gefilterd", "/admin/aanvragen/?status=in_behandeling", BENCH_COORDINATOR),
    Url("wachtrij-zoeken", "/admin/aanvragen/?q=Benchlaan+12", BENCH_COORDINATOR),
    Url("wachtrij-detail", "/admin/aanvragen/{submitted_other}/", BENCH_COORDINATOR),
    Url("wachtrij-beheerder", "/admin/aanvragen/", BENCH_ADMINISTRATOR),
    # District publishing (cms): the demo's programme and report, news, search, barometer.
    Url("wijkprogramma", "/buitenhof/wijkprogramma-2026-2027/", query_budget=12),
    Url("wijkverslag", "/buitenhof/wijkverslag-2026/", query_budget=12),
    Url("nieuws", "/nieuws/", query_budget=12),
    Url("nieuws-tanthof", "/nieuws/?wijk=tanthof", query_budget=12),
    Url("nieuws-feed", "/nieuws/feed/atom/?wijk=tanthof", query_budget=9),
    Url("agenda", "/agenda/", query_budget=12),
    Url("zoeken", "/zoeken/?q=wijkprogramma", query_budget=12),
    Url("wijkbarometer", "/wijkbarometer/", query_budget=11),
    Url("mijn-wijk", "/mijn-wijk/?q=hof", query_budget=13),
    # The play-space map (speelkaart) with --play-spaces and --ratings.
    Url("speelkaart", "/speelkaart/", query_budget=5),
    Url("speelkaart-gefilterd", "/speelkaart/?leeftijd=voor_4_8&wijk=tanthof", query_budget=5),
    Url("speelkaart-geojson", "/speelkaart/speelplekken.geojson", query_budget=1),
    Url("speelplek", "/speelkaart/{speelplek}/"),
    # Wmo consultations (participatie.raadplegingen): the list, and the results of the largest
    # closed consultation (the "raadpleging" builder: 20 questions, --consultation-responses;
    # else the demo's, 6 questions and 120 example responses). The results page aggregates with
    # a fixed number of GROUP BY queries, whatever the number of questions and responses
    # (asserted in tests/participatie/raadplegingen/test_resultaten.py).
    Url("raadplegingen", "/raadplegingen/", query_budget=12),
    Url("raadpleging-resultaten", "/raadplegingen/{raadpleging}/resultaten/"),
]
# Anonymous pages as a burst of visitors gets them: from the page cache. Their throughput is
# reported against the static ceiling (target: at least 30 % of it).
CACHED_URLS: list[Url] = [
    Url("home-cached", "/", paginacache=True),
    Url(f"{BENCH_DISTRICT}-cached", f"/{BENCH_DISTRICT}/", paginacache=True),
]
# A static file served by WhiteNoise in the same gunicorn: the best any URL can do.
STATIC_CEILING = Url("static", "/static/css/site.css")
# Pages whose transferred bytes are reported (bench/overdracht.py; target: under 60 KB).
TRANSFER_PAGES: dict[str, str] = {"home": "/", BENCH_DISTRICT: f"/{BENCH_DISTRICT}/"}


def selected_urls(only: str | None) -> list[Url]:
    """The URLs named in ``only`` (comma-separated), all when empty; ``ValueError`` names
    the unknown ones."""
    every = [*URLS, *CACHED_URLS]
    if not only:
        return every
    names = {name.strip() for name in only.split(",")}
    unknown = names - {url.name for url in every}
    if unknown:
        raise ValueError(f"unknown URL names: {', '.join(sorted(unknown))}")
    return [url for url in every if url.name in names]


# --- Placeholders in paths ------------------------------------------------------------------

Placeholder = Callable[[], object]
PLACEHOLDERS: dict[str, Placeholder] = {}


def placeholder(name: str) -> Callable[[Placeholder], Placeholder]:
    """Register the function that gives ``{name}`` in a path its value, after the build."""

    def register(function: Placeholder) -> Placeholder:
        PLACEHOLDERS[name] = function
        return function

    return register


@placeholder("draft")
def draft_pk() -> int:
    """BENCH_RESIDENT's straatfeestcheque draft (there is one: one open draft per scheme)."""
    from participatie.models import Aanvraag

    return Aanvraag.objects.get(
        aanvrager__email=BENCH_RESIDENT,
        regeling__soort=Soort.STRAATFEESTCHEQUE,
        status=Status.CONCEPT,
    ).pk


@placeholder("submitted")
def submitted_pk() -> int:
    """BENCH_RESIDENT's most recent submitted application."""
    from participatie.models import Aanvraag

    mine = Aanvraag.objects.filter(aanvrager__email=BENCH_RESIDENT, status=Status.INGEDIEND)
    return mine.latest("pk").pk


@placeholder("submitted_other")
def submitted_other_pk() -> int:
    """The most recent submitted application of a neighbour in BENCH_DISTRICT: one in
    BENCH_COORDINATOR's queue."""
    from participatie.models import Aanvraag

    from .data import NEIGHBOURS

    theirs = Aanvraag.objects.filter(
        aanvrager__email__in=NEIGHBOURS,
        wijk__slug=BENCH_DISTRICT,
        status=Status.INGEDIEND,
    )
    return theirs.latest("pk").pk


def placeholder_names(path: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(path) if field is not None}


def resolve_paths(urls: list[Url]) -> dict[str, str]:
    """URL name -> path with its placeholders filled in (each placeholder looked up once)."""
    values = {name: PLACEHOLDERS[name]() for url in urls for name in placeholder_names(url.path)}
    return {url.name: url.path.format_map(values) for url in urls}


@placeholder("speelplek")
def speelplek_slug() -> str:
    """The play space with the most ratings (its detail page lists the most comments)."""
    from speelkaart.models import Speelplek

    return Speelplek.objects.order_by("-aantal_waarderingen", "pk").values_list("slug", flat=True)[
        0
    ]


@placeholder("raadpleging")
def raadpleging_slug() -> str:
    """The closed consultation with the most sent responses: the "raadpleging" builder's with
    --consultation-responses, else the demo's; the builder's slug when there is none (the page
    then answers 404 and the bench reports it)."""
    from django.db.models import Count, Q

    from participatie.models import Raadpleging
    from participatie.raadplegingen.constants import ReactieStatus

    from .data import BENCH_CONSULTATION

    sent = Count("reacties", filter=Q(reacties__status=ReactieStatus.INGEDIEND))
    closed = Raadpleging.objects.gesloten().annotate(sent=sent).order_by("-sent", "pk")
    return closed.values_list("slug", flat=True).first() or BENCH_CONSULTATION
