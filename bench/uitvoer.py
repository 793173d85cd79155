"""Output: the table on stdout and ``bench/results/bench-<timestamp>.json`` plus
``latest.json`` (options, data summaries, machine, and one row per URL)."""

import argparse
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from .omgeving import RESULTS_DIR

# (title, key of the result row, format); "-" where a row has no value (e.g. with --no-load).
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
    ("cache", "x_cache", "{}"),
]
# Targets of the issue "District publishing" (checked in the summary lines).
CACHED_TARGET = 0.30  # cached anonymous pages: at least this share of the static ceiling
TRANSFER_TARGET = 60 * 1024  # bytes of a page's first view, brotli as browsers get it

TRANSFER_COLUMNS = [
    ("page", "page", "{}"),
    ("coding", "coding", "{}"),
    ("HTML KB", "html", "{:.1f}"),
    ("CSS/JS KB", "css_js", "{:.1f}"),
    ("first view KB", "first_view", "{:.1f}"),
    ("map KB", "map", "{:.1f}"),
    ("with map KB", "with_map", "{:.1f}"),
]


def format_table(rows: list[dict], columns: list[tuple[str, str, str]] = COLUMNS) -> str:
    cells = [[title for title, _, _ in columns]]
    for row in rows:
        cells.append(
            [fmt.format(row[key]) if row.get(key) is not None else "-" for _, key, fmt in columns]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]

    def align(i: int, cell: str) -> str:  # name and URL left, numbers right
        return cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])

    lines = ["  ".join(align(i, cell) for i, cell in enumerate(line)) for line in cells]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def format_transfer(transfer: dict[str, dict]) -> str:
    """The transferred-bytes table (bench/overdracht.py) and its target line."""
    rows = [
        {"page": page, "coding": coding, **{k: v / 1024 for k, v in sizes[coding].items()}}
        for page, sizes in transfer.items()
        for coding in ("br", "gzip", "none")
    ]
    title = (
        "Transferred bytes: HTML + linked same-origin CSS/JS/icon as served (no map tiles); "
        "map = Leaflet + GeoJSON, loaded when the map comes into view"
    )
    checks = ", ".join(
        f"{page} {sizes['br']['first_view'] / 1024:.1f} KB "
        f"({'ok' if sizes['br']['first_view'] < TRANSFER_TARGET else 'OVER'})"
        for page, sizes in transfer.items()
    )
    target = f"first view with brotli, target under {TRANSFER_TARGET // 1024} KB: {checks}"
    return "\n".join([title, format_table(rows, TRANSFER_COLUMNS), target])


def format_cached(rows: list[dict]) -> str | None:
    """One line: cached anonymous pages against the static ceiling (measured in the same
    server) and the target."""
    cached = [row for row in rows if row.get("paginacache") and row.get("ratio") is not None]
    if not cached:
        return None
    parts = ", ".join(
        f"{row['name']} {row['ratio']:.0%} of {row.get('ceiling_rps', 0):.0f} req/s "
        f"({row.get('x_cache') or 'no X-Cache'}, "
        f"{'ok' if row['ratio'] >= CACHED_TARGET else 'UNDER'})"
        for row in cached
    )
    target = f"target at least {CACHED_TARGET:.0%}"
    return f"Cached anonymous pages vs the static ceiling, {target}: {parts}"


def failures(rows: list[dict], expected_status: dict[str, int]) -> list[str]:
    """Names of the rows that did not answer their expected status (``expected_status`` by
    name): in-process, on the probe before the load, or under load (``errors``)."""

    def failed(row: dict) -> bool:
        expected = expected_status[row["name"]]
        return (
            row["status"] != expected
            or bool(row.get("errors"))
            or row.get("load_status", expected) != expected
        )

    return [row["name"] for row in rows if failed(row)]


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
