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
