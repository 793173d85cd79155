"""Benchmark the key pages: SQL queries, in-process server time, and throughput under gunicorn.

Usage (``make bench`` runs the first line; pass flags with ``make bench BENCH_ARGS="--quick"``)::

    .venv/bin/python -m bench.run                 # default run (a minute or two)
    .venv/bin/python -m bench.run --quick         # smoke run: fewer requests, 2 s per URL
    .venv/bin/python -m bench.run --no-load       # queries and in-process timings only
    .venv/bin/python -m bench.run --only home,buitenhof --residents 2000
    .venv/bin/python -m bench.run --only mijn-aanvragen --applications 500
    .venv/bin/python -m bench.run --database-url postgres://postgres@127.0.0.1/wijkportaal_bench

What it does, always with the production settings (DEBUG off, WhiteNoise, manifest storage):

1. Builds its own database: a fresh SQLite file ``var/bench/bench.sqlite3`` (``--keep-db``
   reuses it), or the PostgreSQL database given by ``--database-url``, whose name must contain
   "bench" so a real database is never filled with demo accounts (create it first:
   ``createdb wijkportaal_bench``); it is migrated in place. ``DATABASE_URL`` and
   ``REDIS_URL`` from the environment are ignored (the cache is local memory). Then migrate,
   collectstatic (to ``var/bench/static``) and the data builders in ``BUILDERS``.
2. For every URL in ``URLS``, in-process with Django's test client: SQL queries of the first
   request after ``cache.clear()`` (cold) and of the second (warm), and the median server time
   over ``--requests`` requests. Every request is a fresh visitor without cookies, except that
   a URL with a ``user`` is requested logged in as that account (``Client.force_login``): it
   carries only that session cookie.
3. Serves the site with gunicorn on 127.0.0.1 (a free port) and loads every URL for
   ``--duration`` seconds with ``--concurrency`` connections: ``wrk`` when it is on PATH, else
   a small threaded Python client. The static file ``STATIC_CEILING`` (served by WhiteNoise in
   the same gunicorn) is the ceiling: each URL's throughput is also shown as a ratio to it.
   Every request carries ``Host: 127.0.0.1`` and ``X-Forwarded-Proto: https`` (production
   redirects plain HTTP); for a URL with a ``user`` also ``Cookie: sessionid=...`` of a session
   logged in as that account, created before gunicorn starts (sessions live in the database
   without ``REDIS_URL``; ``SESSION_COOKIE_SECURE`` does not matter, the client sends the
   header itself). One probe request per URL must answer 200 before the load (wrk counts a 302
   to the login page as a success); under load, anything but 200 and any request slower than
   ``LOAD_TIMEOUT`` seconds count as errors. gunicorn's log is ``var/bench/gunicorn.log``.
4. Prints a table and writes ``bench/results/bench-<timestamp>.json`` and ``latest.json``.
   Exits 1 when any URL answers anything but 200.

Query counts are deterministic; timings are not. The Python client shares the CPUs with
gunicorn (install wrk for a lighter client), so compare runs on the same quiet machine only.

Extending: append ``Url(name, path)`` to ``URLS``, or ``Url(name, path, user=email)`` for a
page that needs a logged-in account (one a builder creates). A path may hold placeholders like
``{concept}`` for ids known only after the build: register a function for each with
``@placeholder("concept")``; it returns the value, looked up in the built database, and paths
are filled in just before measuring. Add data with a function decorated with
``@builder("name")`` that takes the parsed options and returns a one-line summary (add a flag
in ``parse_args`` for its volume). Builders run in the order they are defined and must be
idempotent, because ``--keep-db`` and PostgreSQL runs build on an existing database.
"""

import argparse
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from string import Formatter
from typing import NamedTuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
REQUEST_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
# Seconds before a request under load counts as an error (both load clients; wrk's default is 2).
LOAD_TIMEOUT = 10

# The resident the "aanvragen" builder gives --applications applications and a draft.
BENCH_RESIDENT = "bench-bewoner@example.org"


class Url(NamedTuple):
    """A page to measure: a unique ``name``, its ``path`` (may hold ``{placeholders}``) and
    the e-mail address of the account to request it as (``None``: anonymous)."""

    name: str
    path: str
    user: str | None = None


# The pages we care about. Later features append theirs.
URLS: list[Url] = [
    Url("home", "/"),
    Url("buitenhof", "/buitenhof/"),
    Url("tanthof", "/tanthof/"),
    Url("wijken-geojson", "/gebieden/wijken.geojson"),
    Url("wijk-geojson", "/gebieden/wijken/buitenhof.geojson"),
    Url("kaart-geojson", "/kaart-geojson/"),
    Url("login", "/accounts/login/"),
    Url("signup", "/accounts/signup/"),
    Url("privacy", "/privacy/"),
    # Resident applications (participatie): a scheme page, then logged in as BENCH_RESIDENT.
    Url("straatfeestcheque", "/straatfeestcheque/"),
    Url("mijn-aanvragen", "/aanvragen/", BENCH_RESIDENT),
    Url("aanvraag-detail", "/aanvragen/{submitted}/", BENCH_RESIDENT),
    *(
        Url(f"aanvraag-stap-{n}", f"/aanvragen/{{concept}}/stap/{n}/", BENCH_RESIDENT)
        for n in (1, 2, 3, 4)
    ),
    Url("aanvraag-controleren", "/aanvragen/{concept}/controleren/", BENCH_RESIDENT),
]
# A static file served by WhiteNoise in the same gunicorn: the best any URL can do.
STATIC_CEILING = Url("static", "/static/css/site.css")


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")


# --- Data builders ------------------------------------------------------------------------

Builder = Callable[[argparse.Namespace], str]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a data builder under ``name``; builders run in registration order."""

    def register(function: Builder) -> Builder:
        BUILDERS[name] = function
        return function

    return register


@builder("demo")
def build_demo(options: argparse.Namespace) -> str:
    """Delft's geography (8 districts, 91 neighbourhoods), the pages and the demo accounts."""
    from django.core.management import call_command

    from portal.gebieden.models import Buurt, Wijk

    call_command("laad_demo", ook_zonder_debug=True, stdout=StringIO())
    return f"{Wijk.objects.count()} wijken, {Buurt.objects.count()} buurten"


FIRST_NAMES = ["Anna", "Bram", "Fatima", "Daan", "Sanne", "Mohamed", "Lotte", "Jeroen", "Ayşe"]
LAST_NAMES = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Yilmaz", "van Dijk", "Smit"]


@builder("residents")
def build_residents(options: argparse.Namespace) -> str:
    """``--residents`` verified resident accounts (no usable password), so tables are not tiny."""
    from django.contrib.auth.hashers import make_password

    from allauth.account.models import EmailAddress

    from portal.accounts.models import User

    prefix = "bewoner.bench."
    existing = User.objects.filter(email__startswith=prefix).count()
    rng = random.Random(existing)  # noqa: S311 - reproducible fake data, not secrets
    now = datetime.now(UTC)
    new_users = [
        User(
            email=f"{prefix}{i:06d}@example.org",
            password=make_password(None),
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_joined=now - timedelta(days=rng.randint(0, 730)),
        )
        for i in range(existing, options.residents)
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    without_address = User.objects.filter(email__startswith=prefix, emailaddress__isnull=True)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in without_address],
        batch_size=500,
    )
    return f"{len(new_users)} new, {User.objects.count()} users in total"


def bench_account(email: str, first_name: str, last_name: str):
    """A resident account with a verified address and no usable password (we force_login)."""
    from django.contrib.auth.hashers import make_password

    from allauth.account.models import EmailAddress

    from portal.accounts.models import User

    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "password": make_password(None),
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class References:
    """``DLF-<year>-<nnnnn>`` numbers continuing the application's own counter per year
    (``Referentieteller``), which is moved on at the end: unique now and for later runs."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        from participatie.models import Referentieteller

        if year not in self.last:
            self.last[year] = Referentieteller.objects.get_or_create(jaar=year)[0].laatste
        self.last[year] += 1
        return f"DLF-{year}-{self.last[year]:05d}"

    def save(self) -> None:
        from participatie.models import Referentieteller

        for year, last in self.last.items():
            Referentieteller.objects.filter(jaar=year).update(laatste=last)


NEIGHBOURS = [f"bench-buur-{k:02d}@example.org" for k in range(1, 9)]
# Statuses of the other residents' applications, with weights. No drafts: the application
# allows one open draft per scheme and resident, and the form pages use BENCH_RESIDENT's.
OTHER_STATUSES = {
    "ingediend": 25,
    "in_behandeling": 15,
    "aanpassing_gevraagd": 5,
    "goedgekeurd": 15,
    "afgewezen": 5,
    "ingetrokken": 5,
    "uitbetaald": 10,
    "verantwoord": 5,
    "afgesloten": 15,
}


@builder("aanvragen")
def build_applications(options: argparse.Namespace) -> str:
    """``--applications`` applications of ``BENCH_RESIDENT`` plus the straatfeestcheque draft
    the form URLs use, and ``--other-applications`` of a few neighbours, all in real
    neighbourhoods. Statuses are set directly (bulk data); a submitted application has a
    reference, a status row for submitting and, when it moved on, one for its status now."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from participatie.constants import Rol, Soort, Status
    from participatie.models import Aanvraag, Huishouden, Regeling, StatusWijziging
    from portal.gebieden.models import Buurt

    schemes = {r.soort: r for r in Regeling.objects.filter(is_voorbeeld=True)}  # laad_demo
    cheque = schemes[Soort.STRAATFEESTCHEQUE]
    buurten = list(Buurt.objects.order_by("pk"))
    now, today = timezone.now(), timezone.localdate()
    references = References()

    def application(rng, user, regeling, i, street, status, **fields) -> Aanvraag:
        buurt = buurten[i % len(buurten)]  # round-robin: every district gets its share
        defaults = {
            "stappen_voltooid": 4,
            "titel": f"{regeling.titel} {street}",
            "omschrijving": "Samen met de buren een middag voor jong en oud. " * 4,
            "huisnummer": str(rng.randint(1, 180)),
            "huishoudens_in_straat": rng.randint(10, 90),
            "privacy_akkoord": True,
        }
        aanvraag = Aanvraag(
            aanvrager=user,
            regeling=regeling,
            status=status,
            straat=street,
            buurt=buurt,
            wijk_id=buurt.wijk_id,
            **(defaults | fields),
        )
        if regeling.bedrag_soort == "maximum":
            aanvraag.gevraagd_bedrag = Decimal(rng.randint(10, int(regeling.bedrag) // 5) * 5)
        if status != Status.CONCEPT:
            aanvraag.ingediend_op = now - timedelta(days=rng.randint(0, 700), minutes=i)
            aanvraag.referentie = references.next(aanvraag.ingediend_op.year)
            if regeling.heeft_activiteitdatum:
                days = regeling.min_dagen_vooraf + rng.randint(0, 90)
                aanvraag.activiteit_datum = aanvraag.ingediend_op.date() + timedelta(days=days)
        return aanvraag

    def history(applications: list[Aanvraag]) -> list[StatusWijziging]:
        rows = []
        for a in applications:
            if a.status == Status.CONCEPT:
                continue
            rows.append(
                StatusWijziging(
                    aanvraag=a,
                    van="concept",
                    naar="ingediend",
                    door=a.aanvrager,
                    rol=Rol.AANVRAGER,
                    op=a.ingediend_op,
                )
            )
            if a.status != Status.INGEDIEND:
                rows.append(
                    StatusWijziging(
                        aanvraag=a,
                        van="ingediend",
                        naar=a.status,
                        rol=Rol.COORDINATOR,
                        op=a.ingediend_op + timedelta(days=3),
                    )
                )
        return rows

    def households(applications: list[Aanvraag], count: int) -> list[Huishouden]:
        return [
            Huishouden(aanvraag=a, adres=f"{a.straat} {n}", naam=f"Buur {n}", akkoord=True)
            for a in applications
            for n in range(1, count + 1)
        ]

    with transaction.atomic():
        resident = bench_account(BENCH_RESIDENT, "Bench", "Bewoner")
        mine = Aanvraag.objects.filter(aanvrager=resident)
        # Mostly submitted straatfeestcheque applications; every eighth a draft of one of the
        # other schemes (at most one open draft per scheme, as the application allows).
        open_drafts = set(
            mine.filter(status=Status.CONCEPT).values_list("regeling__soort", flat=True)
        )
        draft_schemes = iter([s for s in schemes if s not in open_drafts | {cheque.soort}])
        existing = mine.exclude(status=Status.CONCEPT, regeling=cheque).count()
        rng = random.Random(existing)  # noqa: S311 - reproducible fake data, not secrets
        new_mine = []
        for i in range(existing, options.applications):
            draft_scheme = next(draft_schemes, None) if i % 8 == 7 else None
            if draft_scheme:
                new_mine.append(
                    application(
                        rng,
                        resident,
                        schemes[draft_scheme],
                        i,
                        f"Benchstraat {i}",
                        Status.CONCEPT,
                        stappen_voltooid=i % 4,
                    )
                )
            else:
                new_mine.append(
                    application(rng, resident, cheque, i, f"Benchstraat {i}", Status.INGEDIEND)
                )
        Aanvraag.objects.bulk_create(new_mine, batch_size=500)

        # The draft the form URLs show ({concept}): steps 1-3 done, so 1-4 and the review open.
        draft = mine.filter(status=Status.CONCEPT, regeling=cheque).first()
        if draft is None:
            draft = application(
                rng,
                resident,
                cheque,
                0,
                "Conceptstraat",
                Status.CONCEPT,
                stappen_voltooid=3,
                activiteit_datum=today + timedelta(days=60),
                privacy_akkoord=False,
            )
            draft.save()
            new_mine.append(draft)

        neighbours = [bench_account(email, "Bench", f"Buur {email[11:13]}") for email in NEIGHBOURS]
        theirs = Aanvraag.objects.filter(aanvrager__email__in=NEIGHBOURS)
        existing_other = theirs.count()
        rng = random.Random(existing_other)  # noqa: S311 - reproducible fake data, not secrets
        statuses, weights = list(OTHER_STATUSES), list(OTHER_STATUSES.values())
        new_theirs = [
            application(
                rng,
                neighbours[j % len(neighbours)],
                rng.choice(list(schemes.values())),
                j,
                f"Benchlaan {j}",
                rng.choices(statuses, weights)[0],
            )
            for j in range(existing_other, options.other_applications)
        ]
        Aanvraag.objects.bulk_create(new_theirs, batch_size=500)

        StatusWijziging.objects.bulk_create(history(new_mine + new_theirs), batch_size=500)
        Huishouden.objects.bulk_create(households(new_mine, 5), batch_size=500)
        references.save()
    return (
        f"{mine.count()} of {BENCH_RESIDENT} (draft {draft.pk}), "
        f"{theirs.count()} of {len(NEIGHBOURS)} neighbours, {Aanvraag.objects.count()} in total"
    )


# --- Placeholders in paths ------------------------------------------------------------------

Placeholder = Callable[[], object]
PLACEHOLDERS: dict[str, Placeholder] = {}


def placeholder(name: str) -> Callable[[Placeholder], Placeholder]:
    """Register the function that gives ``{name}`` in a path its value, after the build."""

    def register(function: Placeholder) -> Placeholder:
        PLACEHOLDERS[name] = function
        return function

    return register


@placeholder("concept")
def concept_pk() -> int:
    """BENCH_RESIDENT's straatfeestcheque draft (there is one: one open draft per scheme)."""
    from participatie.models import Aanvraag

    return Aanvraag.objects.get(
        aanvrager__email=BENCH_RESIDENT, regeling__soort="straatfeestcheque", status="concept"
    ).pk


@placeholder("submitted")
def submitted_pk() -> int:
    """BENCH_RESIDENT's most recent submitted application."""
    from participatie.models import Aanvraag

    return (
        Aanvraag.objects.filter(aanvrager__email=BENCH_RESIDENT, status="ingediend").latest("pk").pk
    )


def placeholder_names(path: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(path) if field is not None}


def resolve_paths(urls: list[Url]) -> dict[str, str]:
    """URL name -> path with its placeholders filled in (each placeholder looked up once)."""
    values = {name: PLACEHOLDERS[name]() for url in urls for name in placeholder_names(url.path)}
    return {url.name: url.path.format_map(values) for url in urls}


# --- Setup ----------------------------------------------------------------------------------


def configure_environment(options: argparse.Namespace) -> None:
    """Production settings on a bench database; must run before Django is set up."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("DEBUG", "DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "WAGTAILADMIN_BASE_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        MAP_TILES_URL="",
        STATIC_ROOT=str(BENCH_DIR / "static"),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    if options.database_url:
        if "bench" not in urlsplit(options.database_url).path:
            sys.exit("--database-url must name a separate database with 'bench' in its name")
        os.environ["DATABASE_URL"] = options.database_url
    else:
        database = BENCH_DIR / "bench.sqlite3"
        if not options.keep_db:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(database)


def compile_messages() -> None:
    """What `make messages` does, when the compiled catalogue is missing or stale."""
    po = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        command = [sys.executable, "-m", "babel.messages.frontend", "compile"]
        command += ["--domain", "django", "--directory", str(ROOT / "locale")]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def build_database(options: argparse.Namespace) -> dict[str, str]:
    from django.core.management import call_command

    log("migrate and collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    summaries = {}
    for name, build in BUILDERS.items():
        started = time.perf_counter()
        summaries[name] = build(options)
        log(f"data {name}: {summaries[name]} ({time.perf_counter() - started:.1f} s)")
    return summaries


# --- Measuring ------------------------------------------------------------------------------


def user_for(email: str):
    from portal.accounts.models import User

    return User.objects.get(email=email)


def session_cookie(email: str) -> str:
    """``name=value`` of a new session cookie logged in as ``email``, for the load tests."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user_for(email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure_in_process(path: str, requests: int, user: str | None = None) -> dict:
    """Status, queries cold/warm and the median in-process time (ms) of GET ``path``,
    anonymous or logged in as the account with e-mail address ``user``."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=REQUEST_HEADERS, raise_request_exception=False)
    cache.clear()  # first: with REDIS_URL (tests) the sessions live in the cache
    session = None
    if user:
        client.force_login(user_for(user))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value

    statuses = []

    def get():
        client.cookies.clear()  # every request is a first-time visitor, or ...
        if session:  # ... one that only brings the session cookie of its login
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # read (and close) files as a server would
        statuses.append(response.status_code)

    queries = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            get()
        queries.append(len(captured))
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        timings.append(time.perf_counter() - started)
    return {
        "status": next((status for status in statuses if status != 200), 200),
        "queries_cold": queries[0],
        "queries_warm": queries[1],
        "median_ms": statistics.median(timings) * 1000 if timings else None,
    }


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile of unsorted ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def python_load(
    port: int,
    path: str,
    duration: float,
    concurrency: int,
    limit: int,
    headers: dict[str, str] = REQUEST_HEADERS,
) -> dict:
    """Keep ``concurrency`` connections busy until ``duration`` passes or ``limit`` requests."""
    deadline = time.perf_counter() + duration
    budget = itertools.count()  # next() on a count is atomic in CPython
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=LOAD_TIMEOUT)
        mine, failed = [], 0
        while time.perf_counter() < deadline and next(budget) < limit:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                failed += 1
                continue
            mine.append(time.perf_counter() - started)
            failed += response.status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000 if latencies else None,
        "p99_ms": percentile(latencies, 99) * 1000 if latencies else None,
    }


WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    """The numbers we need from ``wrk --latency`` output."""

    def latency(pct: str) -> float | None:
        found = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(found[1]) * WRK_UNITS_MS[found[2]] if found else None

    requests = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    errors = int(non_2xx[1]) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors[1]))
    return {
        "requests": int(requests[1]) if requests else 0,
        "errors": errors,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
    }


def wrk_load(
    port: int,
    path: str,
    duration: float,
    concurrency: int,
    headers: dict[str, str] = REQUEST_HEADERS,
) -> dict:
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(duration))}s"]
    command += ["--timeout", f"{LOAD_TIMEOUT}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["--latency", f"http://{HOST}:{port}{path}"]
    run = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    )
    return parse_wrk(run.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def status_of(
    port: int, path: str, headers: dict[str, str] = REQUEST_HEADERS, timeout: float = LOAD_TIMEOUT
) -> int | None:
    """The status of one GET ``path`` (``None`` when the server does not answer)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


@contextmanager
def gunicorn(workers: int):
    """Serve the site on a free port of 127.0.0.1; yields the port, always stops the server."""
    from gunicorn import config as gunicorn_config

    port = free_port()
    log_path = BENCH_DIR / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", str(workers)]
    command += ["-b", f"{HOST}:{port}"]
    if hasattr(gunicorn_config, "ControlSocketDisable"):  # gunicorn >= 25: no ~/.gunicorn socket
        command.append("--no-control-socket")
    with log_path.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=os.environ.copy(), stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            for _ in range(300):
                if server.poll() is not None:
                    raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log_path}")
                if status_of(port, "/gezond/", timeout=2) == 200:
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError(f"gunicorn did not answer within 30 s; see {log_path}")
            log(f"gunicorn with {workers} workers on {HOST}:{port}")
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def measure_load(
    options: argparse.Namespace, targets: list[tuple[str, str, dict[str, str]]]
) -> dict:
    """Load each ``(name, path, headers)`` under gunicorn; ``load_status`` is a probe's status."""
    results = {}
    with gunicorn(options.workers) as port:
        for name, path, headers in targets:
            # A redirect to the login page would count as a success in wrk: probe first.
            status = status_of(port, path, headers)
            # Warm every worker (imports, templates, per-process caches) before measuring.
            python_load(port, path, 1.0, options.concurrency, options.concurrency * 4, headers)
            if options.tool == "wrk":
                result = wrk_load(port, path, options.duration, options.concurrency, headers)
            else:
                result = python_load(
                    port, path, options.duration, options.concurrency, options.max_requests, headers
                )
            results[name] = {**result, "load_status": status}
            log(f"load {name}: {status}, {result['rps']:.0f} req/s")
    return results


# --- Output ---------------------------------------------------------------------------------

COLUMNS = [
    ("name", "name", "{}"),
    ("URL", "path", "{}"),
    ("status", "status", "{}"),
    ("q cold", "queries_cold", "{}"),
    ("q warm", "queries_warm", "{}"),
    ("median ms", "median_ms", "{:.2f}"),
    ("req/s", "rps", "{:.0f}"),
    ("p50 ms", "p50_ms", "{:.1f}"),
    ("p99 ms", "p99_ms", "{:.1f}"),
    ("vs static", "ratio", "{:.2f}"),
]


def format_table(rows: list[dict]) -> str:
    cells = [[title for title, _, _ in COLUMNS]]
    for row in rows:
        cells.append(
            [fmt.format(row[key]) if row.get(key) is not None else "-" for _, key, fmt in COLUMNS]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]

    def align(i: int, cell: str) -> str:  # name and URL left, numbers right
        return cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])

    lines = ["  ".join(align(i, cell) for i, cell in enumerate(line)) for line in cells]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def machine_info(options: argparse.Namespace) -> dict:
    import django
    import wagtail
    from django.db import connection

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "database": connection.vendor,
        "database_version": ".".join(map(str, connection.get_database_version())),
        "load_tool": None if options.no_load else options.tool,
        "gunicorn_workers": None if options.no_load else options.workers,
    }


def write_results(report: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"bench-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text)
    (RESULTS_DIR / "latest.json").write_text(text)
    return path


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--residents", type=int, default=200, help="extra resident accounts")
    parser.add_argument(
        "--applications", type=int, default=50, help=f"applications of {BENCH_RESIDENT}"
    )
    parser.add_argument(
        "--other-applications", type=int, default=2000, help="applications of other residents"
    )
    parser.add_argument("--requests", type=int, default=50, help="in-process requests per URL")
    parser.add_argument("--duration", type=float, default=5, help="load seconds per URL")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--max-requests", type=int, default=50_000, help="load cap per URL")
    parser.add_argument("--quick", action="store_true", help="--requests 10 --duration 2")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--only", help="comma-separated URL names to measure (default: all)")
    parser.add_argument("--keep-db", action="store_true", help="reuse var/bench/bench.sqlite3")
    parser.add_argument("--database-url", help="a PostgreSQL database whose name has 'bench'")
    options = parser.parse_args(argv)
    if options.quick:
        options.requests, options.duration = 10, 2
    options.tool = "wrk" if shutil.which("wrk") else "python"
    return options


def selected_urls(only: str | None) -> list[Url]:
    if not only:
        return list(URLS)
    names = {name.strip() for name in only.split(",")}
    unknown = names - {url.name for url in URLS}
    if unknown:
        sys.exit(f"unknown URL names: {', '.join(sorted(unknown))}")
    return [url for url in URLS if url.name in names]


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    targets = selected_urls(options.only)
    configure_environment(options)
    compile_messages()
    import django

    django.setup()
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": {k: v for k, v in vars(options).items() if k != "database_url"},
        "data": build_database(options),
        "machine": machine_info(options),
    }

    urls = [*targets, STATIC_CEILING]
    paths = resolve_paths(urls)  # placeholders like {concept}: ids from the built database
    rows = []
    for url in urls:
        measured = measure_in_process(paths[url.name], options.requests, url.user)
        rows.append({"name": url.name, "path": url.path, "url": paths[url.name], "user": url.user})
        rows[-1].update(measured)
        log(f"in-process {url.name}: {measured['status']}, {measured['queries_warm']} queries")
    if not options.no_load:
        # Log in before gunicorn starts; it finds the sessions in the database.
        cookies = {email: session_cookie(email) for email in {url.user for url in urls} - {None}}
        load_targets = [
            (
                url.name,
                paths[url.name],
                REQUEST_HEADERS | {"Cookie": cookies[url.user]} if url.user else REQUEST_HEADERS,
            )
            for url in [STATIC_CEILING, *targets]
        ]
        load = measure_load(options, load_targets)
        ceiling = load[STATIC_CEILING.name]["rps"] or math.nan
        for row in rows:
            row.update(load[row["name"]], ratio=load[row["name"]]["rps"] / ceiling)

    report["results"] = rows
    sys.stdout.write(format_table(rows) + "\n")
    log(f"results written to {write_results(report).relative_to(ROOT)}")
    failed = [
        row["name"]
        for row in rows
        if row["status"] != 200 or row.get("errors") or row.get("load_status", 200) != 200
    ]
    if failed:
        log(f"not 200 (in-process or under load): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    # SIGTERM (e.g. from make or CI) unwinds like Ctrl+C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
