"""Load: serve the site with gunicorn on 127.0.0.1 (a free port) and load every URL for
``--duration`` seconds with ``--concurrency`` connections: ``wrk`` when it is on PATH, else a
small threaded Python client (it shares the CPUs with gunicorn: install wrk for a lighter
client, and compare runs on the same quiet machine only).

Every request carries ``REQUEST_HEADERS``; for a URL with a ``user`` also
``Cookie: sessionid=...`` of a session logged in as that account (staff: with a second factor),
created before gunicorn starts (sessions live in the database without ``REDIS_URL``;
``SESSION_COOKIE_SECURE`` does not matter, the client sends the header itself). One probe
request per URL must answer its expected status before the load (wrk counts a 302 to the login
page as a success); under load, any other status and any request slower than ``LOAD_TIMEOUT``
seconds count as errors.
The page cache (``cms/paginacache.py``) is off in that server, except for a second server that
loads the URLs marked ``paginacache`` (``bench/urls.py``: cached anonymous pages); their rows
record the ``X-Cache`` header of a request after the warm-up (``HIT``: the load measured hits).
gunicorn's log is ``var/bench/gunicorn.log``.
"""

import argparse
import http.client
import itertools
import math
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from .meten import log_in
from .omgeving import BENCH_DIR, HOST, PAGINACACHE_SECONDEN, REQUEST_HEADERS, ROOT, log
from .urls import Url

# Seconds before a request under load counts as an error (both load clients; wrk's default is 2).
LOAD_TIMEOUT = 10


class LoadTarget(NamedTuple):
    name: str
    path: str
    headers: dict[str, str]
    expected_status: int = 200


def session_cookie(email: str) -> str:
    """``name=value`` of a new session cookie logged in as ``email`` (staff: with a second
    factor, see ``meten.log_in``), for the load tests."""
    from django.conf import settings
    from django.test import Client

    return f"{settings.SESSION_COOKIE_NAME}={log_in(Client(), email)}"


def load_targets(urls: list[Url], paths: dict[str, str]) -> list[LoadTarget]:
    """What to load for ``urls`` (``paths``: their resolved paths by name), logged in where
    a URL has a user. Logs in now: call it before gunicorn starts."""
    cookies = {email: session_cookie(email) for email in {url.user for url in urls} - {None}}
    return [
        LoadTarget(
            url.name,
            paths[url.name],
            REQUEST_HEADERS | {"Cookie": cookies[url.user]} if url.user else REQUEST_HEADERS,
            url.expected_status,
        )
        for url in urls
    ]


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
    expected_status: int = 200,
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
            failed += response.status != expected_status
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
    return probe(port, path, headers, timeout)[0]


def probe(
    port: int, path: str, headers: dict[str, str] = REQUEST_HEADERS, timeout: float = LOAD_TIMEOUT
) -> tuple[int | None, str | None]:
    """Status and ``X-Cache`` header of one GET ``path`` (``None`` when there is none)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("X-Cache")
    except (OSError, http.client.HTTPException):
        return None, None
    finally:
        conn.close()


@contextmanager
def gunicorn(workers: int, paginacache: bool = False) -> Iterator[int]:
    """Serve the site on a free port of 127.0.0.1; yields the port, always stops the server.
    The page cache is on only with ``paginacache``."""
    from gunicorn import config as gunicorn_config

    port = free_port()
    log_path = BENCH_DIR / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", str(workers)]
    command += ["-b", f"{HOST}:{port}"]
    if hasattr(gunicorn_config, "ControlSocketDisable"):  # gunicorn >= 25: no ~/.gunicorn socket
        command.append("--no-control-socket")
    with log_path.open("w") as log_file:
        env = os.environ | {"PAGINACACHE_SECONDEN": str(PAGINACACHE_SECONDEN if paginacache else 0)}
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
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
            cache = "on" if paginacache else "off"
            log(f"gunicorn with {workers} workers on {HOST}:{port}, page cache {cache}")
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def measure_load(
    options: argparse.Namespace, targets: list[LoadTarget], paginacache: bool = False
) -> dict[str, dict]:
    """Load each target under gunicorn (with the page cache on or off); ``load_status`` is the
    status of a probe before it, ``x_cache`` the X-Cache header of one after the warm-up."""
    results = {}
    with gunicorn(options.workers, paginacache) as port:
        for name, path, headers, expected in targets:
            # A redirect to the login page would count as a success in wrk: probe first.
            status = status_of(port, path, headers)
            # Warm every worker (imports, templates, per-process caches) before measuring.
            python_load(
                port, path, 1.0, options.concurrency, options.concurrency * 4, headers, expected
            )
            x_cache = probe(port, path, headers)[1]
            if options.tool == "wrk":
                result = wrk_load(port, path, options.duration, options.concurrency, headers)
            else:
                result = python_load(
                    port,
                    path,
                    options.duration,
                    options.concurrency,
                    options.max_requests,
                    headers,
                    expected,
                )
            results[name] = {**result, "load_status": status, "x_cache": x_cache}
            log(f"load {name}: {status}, {result['rps']:.0f} req/s")
    return results
