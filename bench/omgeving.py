"""The bench's environment: paths, the host and headers every request carries, and the
production settings on a bench database. ``configure_environment`` must run before Django is
set up; everything else in ``bench/`` imports Django lazily for that reason."""

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"
# Production redirects plain HTTP; the bench's requests say they came through the TLS proxy.
REQUEST_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
# The page cache's lifetime when a URL is measured with it on (production's default).
PAGINACACHE_SECONDEN = 60


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")


def configure_environment(options: argparse.Namespace) -> None:
    """Production settings (DEBUG off, WhiteNoise, manifest storage) on a bench database.

    A fresh SQLite file ``var/bench/bench.sqlite3`` (``--keep-db`` reuses it), or the
    PostgreSQL database of ``--database-url``, whose name must contain "bench" so a real
    database is never filled with demo accounts. ``DATABASE_URL`` and ``REDIS_URL`` from the
    environment are ignored (the cache is local memory, sessions live in the database)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name in (
        "DEBUG",
        "DATABASE_URL",
        "SQLITE_PATH",
        "REDIS_URL",
        "WAGTAILADMIN_BASE_URL",
        "PAGINACACHE_SECONDEN",  # on or off per URL (meten, belasting)
    ):
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
