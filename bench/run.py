"""Benchmark the key pages: SQL queries, in-process server time, and throughput under gunicorn.

Usage (``make bench`` runs the first line; pass flags with ``make bench BENCH_ARGS="--quick"``)::

    .venv/bin/python -m bench.run                 # default run (a minute or two)
    .venv/bin/python -m bench.run --quick         # smoke run: fewer requests, 2 s per URL
    .venv/bin/python -m bench.run --no-load       # queries and in-process timings only
    .venv/bin/python -m bench.run --only home,buitenhof --residents 2000
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
   over ``--requests`` requests.
3. Serves the site with gunicorn on 127.0.0.1 (a free port) and loads every URL for
   ``--duration`` seconds with ``--concurrency`` connections: ``wrk`` when it is on PATH, else
   a small threaded Python client. The static file ``STATIC_CEILING`` (served by WhiteNoise in
   the same gunicorn) is the ceiling: each URL's throughput is also shown as a ratio to it.
   Every request carries ``Host: 127.0.0.1`` and ``X-Forwarded-Proto: https`` (production
   redirects plain HTTP). gunicorn's log is ``var/bench/gunicorn.log``.
4. Prints a table and writes ``bench/results/bench-<timestamp>.json`` and ``latest.json``.
   Exits 1 when any URL answers anything but 200.

Query counts are deterministic; timings are not. The Python client shares the CPUs with
gunicorn (install wrk for a lighter client), so compare runs on the same quiet machine only.

Extending: append ``(name, path)`` to ``URLS``; add data with a function decorated with
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
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
REQUEST_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}

# (name, path) of the pages we care about. Later features append theirs.
URLS: list[tuple[str, str]] = [
    ("home", "/"),
    ("buitenhof", "/buitenhof/"),
    ("tanthof", "/tanthof/"),
    ("wijken-geojson", "/gebieden/wijken.geojson"),
    ("wijk-geojson", "/gebieden/wijken/buitenhof.geojson"),
    ("kaart-geojson", "/kaart-geojson/"),
    ("login", "/accounts/login/"),
    ("signup", "/accounts/signup/"),
    ("privacy", "/privacy/"),
]
# A static file served by WhiteNoise in the same gunicorn: the best any URL can do.
STATIC_CEILING: tuple[str, str] = ("static", "/static/css/site.css")


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


def measure_in_process(path: str, requests: int) -> dict:
    """Status, queries cold/warm and the median in-process time (ms) of GET ``path``."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=REQUEST_HEADERS, raise_request_exception=False)

    statuses = []

    def get():
        client.cookies.clear()  # every request is a first-time anonymous visitor
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)  # read (and close) files as a server would
        statuses.append(response.status_code)

    cache.clear()
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


def python_load(port: int, path: str, duration: float, concurrency: int, limit: int) -> dict:
    """Keep ``concurrency`` connections busy until ``duration`` passes or ``limit`` requests."""
    deadline = time.perf_counter() + duration
    budget = itertools.count()  # next() on a count is atomic in CPython
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine, failed = [], 0
        while time.perf_counter() < deadline and next(budget) < limit:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=REQUEST_HEADERS)
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


def wrk_load(port: int, path: str, duration: float, concurrency: int) -> dict:
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(duration))}s"]
    for name, value in REQUEST_HEADERS.items():
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


def answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", path, headers=REQUEST_HEADERS)
        return conn.getresponse().status == 200
    except OSError:
        return False
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
                if answers(port, "/gezond/"):
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


def measure_load(options: argparse.Namespace, targets: list[tuple[str, str]]) -> dict:
    results = {}
    with gunicorn(options.workers) as port:
        for name, path in targets:
            # Warm every worker (imports, templates, per-process caches) before measuring.
            python_load(port, path, 1.0, options.concurrency, options.concurrency * 4)
            if options.tool == "wrk":
                results[name] = wrk_load(port, path, options.duration, options.concurrency)
            else:
                results[name] = python_load(
                    port, path, options.duration, options.concurrency, options.max_requests
                )
            log(f"load {name}: {results[name]['rps']:.0f} req/s")
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


def selected_urls(only: str | None) -> list[tuple[str, str]]:
    if not only:
        return list(URLS)
    names = {name.strip() for name in only.split(",")}
    unknown = names - {name for name, _ in URLS}
    if unknown:
        sys.exit(f"unknown URL names: {', '.join(sorted(unknown))}")
    return [(name, path) for name, path in URLS if name in names]


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

    rows = []
    for name, path in [*targets, STATIC_CEILING]:
        rows.append({"name": name, "path": path, **measure_in_process(path, options.requests)})
        log(f"in-process {name}: {rows[-1]['status']}, {rows[-1]['queries_warm']} queries")
    if not options.no_load:
        load = measure_load(options, [STATIC_CEILING, *targets])
        ceiling = load[STATIC_CEILING[0]]["rps"] or math.nan
        for row in rows:
            row.update(load[row["name"]], ratio=load[row["name"]]["rps"] / ceiling)

    report["results"] = rows
    sys.stdout.write(format_table(rows) + "\n")
    log(f"results written to {write_results(report).relative_to(ROOT)}")
    failed = [row["name"] for row in rows if row["status"] != 200 or row.get("errors")]
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
