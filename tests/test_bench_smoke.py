"""The benchmark harness (bench/run.py) stays runnable: its tables are well-formed and the
in-process measurement works on the test database. No timings are asserted: they are noise."""

import argparse

import pytest

from bench import run
from portal.accounts.models import User


def test_url_list_is_well_formed():
    names = [name for name, _ in run.URLS] + [run.STATIC_CEILING[0]]
    assert len(names) == len(set(names)), "URL names must be unique"
    for name, path in [*run.URLS, run.STATIC_CEILING]:
        assert name and " " not in name
        assert path.startswith("/") and "://" not in path
    assert run.STATIC_CEILING[1].startswith("/static/")


def test_data_builders_are_registered_in_order():
    assert list(run.BUILDERS)[0] == "demo", "the demo data comes first; later builders use it"
    assert all(callable(build) for build in run.BUILDERS.values())


@pytest.mark.django_db
def test_residents_builder_is_idempotent():
    options = argparse.Namespace(residents=3)
    run.build_residents(options)
    run.build_residents(options)
    residents = User.objects.filter(email__startswith="bewoner.bench.")
    assert residents.count() == 3
    assert all(not user.has_usable_password() for user in residents)
    assert all(user.emailaddress_set.filter(verified=True).exists() for user in residents)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/gebieden/wijken/buitenhof.geojson"])
def test_in_process_measurement_counts_queries(path):
    result = run.measure_in_process(path, requests=1)
    assert result["status"] == 200
    assert result["queries_cold"] >= result["queries_warm"] >= 1
    assert result["median_ms"] > 0


def test_wrk_output_is_parsed():
    output = """Running 5s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Latency Distribution
     50%  850.00us
     75%    1.20ms
     90%    2.50ms
     99%    1.10s
  12345 requests in 5.00s, 10.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2469.00
Transfer/sec:      2.00MB
"""
    result = run.parse_wrk(output)
    assert result == {
        "requests": 12345,
        "errors": 7,
        "rps": 2469.0,
        "p50_ms": pytest.approx(0.85),
        "p99_ms": pytest.approx(1100.0),
    }


def test_percentile_and_table():
    assert run.percentile([5, 1, 4, 2, 3], 50) == 3
    assert run.percentile([5, 1, 4, 2, 3], 99) == 5
    assert run.percentile([], 50) is None
    row = {"name": "home", "path": "/", "status": 200, "queries_cold": 9, "queries_warm": 7}
    table = run.format_table([row]).splitlines()
    assert table[0].split()[:3] == ["name", "URL", "status"]
    assert table[2].split() == ["home", "/", "200", "9", "7", "-", "-", "-", "-", "-"]
