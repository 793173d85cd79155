"""Benchmark the key pages: SQL queries, in-process server time, and throughput under gunicorn.

Usage (``make bench`` runs the first line; pass flags with ``make bench BENCH_ARGS="--quick"``)::

    .venv/bin/python -m bench.run                 # default run (a minute or two)
    .venv/bin/python -m bench.run --quick         # smoke run: fewer requests, 2 s per URL
    .venv/bin/python -m bench.run --no-load       # queries and in-process timings only
    .venv/bin/python -m bench.run --only home,buitenhof --residents 2000
    .venv/bin/python -m bench.run --only mijn-aanvragen --applications 500
    .venv/bin/python -m bench.run --only wachtrij,wachtrij-detail --other-applications 10000
    .venv/bin/python -m bench.run --only raadpleging-resultaten --consultation-responses 10000
    .venv/bin/python -m bench.run --database-url postgres://postgres@127.0.0.1/wijkportaal_bench

Always with the production settings (DEBUG off, WhiteNoise, manifest storage), one module a step:

1. ``omgeving``: the bench database, a fresh SQLite file ``var/bench/bench.sqlite3``
   (``--keep-db`` reuses it) or the PostgreSQL database of ``--database-url`` (its name must
   contain "bench"; create it first: ``createdb wijkportaal_bench``; it is migrated in place).
2. ``data``: migrate, collectstatic (to ``var/bench/static``) and the data builders.
3. ``meten``: for every URL of ``urls.URLS`` (the list ``tests/test_query_counts.py`` shares),
   in-process: queries cold and warm, and the median server time over ``--requests`` requests,
   with the page cache off (the cost of rendering); for ``urls.CACHED_URLS`` with it on.
4. ``belasting``: gunicorn on 127.0.0.1 loaded for ``--duration`` seconds per URL with
   ``--concurrency`` connections (wrk, else a Python client); the static file
   ``urls.STATIC_CEILING`` is the ceiling: each URL's throughput is also a ratio to it (cached
   pages: target at least 30 %).
5. ``overdracht``: transferred bytes of ``urls.TRANSFER_PAGES`` (HTML and linked CSS/JS as
   served, brotli/gzip/none; the map's Leaflet and GeoJSON apart), target under 60 KB.
6. ``uitvoer``: prints the tables and writes ``bench/results/bench-<timestamp>.json`` and
   ``latest.json``. Exits 1 when any URL answers other than its expected status.

Query counts are deterministic; timings are not: compare runs on the same quiet machine only.
Extending: a page in ``bench/urls.py``, its data in ``bench/data.py`` (see their docstrings).
"""

import argparse
import math
import shutil
import signal
import sys
from datetime import UTC, datetime

from . import belasting, data, meten, omgeving, overdracht, uitvoer
from .omgeving import ROOT, log
from .urls import BENCH_RESIDENT, STATIC_CEILING, TRANSFER_PAGES, resolve_paths, selected_urls


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
    parser.add_argument("--play-spaces", type=int, default=500, help="play spaces (speelkaart)")
    parser.add_argument("--ratings", type=int, default=5000, help="ratings of play spaces")
    parser.add_argument(
        "--consultation-responses",
        type=int,
        default=0,
        help="sent responses to a closed consultation of 20 questions (design size 10000; 0 skips)",
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


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    try:
        targets = selected_urls(options.only)
    except ValueError as error:
        sys.exit(str(error))
    omgeving.configure_environment(options)
    omgeving.compile_messages()
    import django

    django.setup()
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": {k: v for k, v in vars(options).items() if k != "database_url"},
        "data": data.build_database(options),
        "machine": uitvoer.machine_info(options),
    }

    urls = [*targets, STATIC_CEILING]
    paths = resolve_paths(urls)  # placeholders like {draft}: ids from the built database
    rows = []
    for url in urls:
        measured = meten.measure_in_process(
            paths[url.name], options.requests, url.user, url.paginacache
        )
        rows.append(
            {
                "name": url.name,
                "path": url.path,
                "url": paths[url.name],
                "user": url.user,
                "paginacache": url.paginacache,
            }
        )
        rows[-1].update(measured)
        log(f"in-process {url.name}: {measured['status']}, {measured['queries_warm']} queries")
    if not options.no_load:
        # Log in before gunicorn starts; it finds the sessions in the database.
        # Two servers: the page cache off (rendering) and on (cached pages); each loads the
        # static file too, and a row's ratio is to the ceiling measured in its own server.
        for paginacache in (False, True):
            chosen = [url for url in targets if url.paginacache == paginacache]
            if not chosen and paginacache:
                continue
            load_targets = belasting.load_targets([STATIC_CEILING, *chosen], paths)
            load = belasting.measure_load(options, load_targets, paginacache)
            ceiling = load[STATIC_CEILING.name]["rps"] or math.nan
            for row in rows:
                if row["name"] in load and (row["paginacache"] or not paginacache):
                    measured = load[row["name"]]
                    row.update(measured, ratio=measured["rps"] / ceiling, ceiling_rps=ceiling)
    report["results"] = rows
    report["transfer"] = {}
    for page, path in TRANSFER_PAGES.items():
        report["transfer"][page] = overdracht.measure_transfer(path)
        log(f"transfer {page}: {report['transfer'][page]['br']['first_view']} bytes (br)")

    sys.stdout.write(uitvoer.format_table(rows) + "\n")
    if line := uitvoer.format_cached(rows):
        sys.stdout.write(line + "\n")
    sys.stdout.write("\n" + uitvoer.format_transfer(report["transfer"]) + "\n")
    log(f"results written to {uitvoer.write_results(report).relative_to(ROOT)}")
    failed = uitvoer.failures(rows, {url.name: url.expected_status for url in urls})
    if failed:
        log(f"not the expected status (in-process or under load): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    # SIGTERM (e.g. from make or CI) unwinds like Ctrl+C, so gunicorn is always stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
