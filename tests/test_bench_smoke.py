"""The benchmark harness (bench/run.py) stays runnable: its tables are well-formed and the
in-process measurement works on the test database. No timings are asserted: they are noise."""

import argparse
import re

from django.conf import settings
from django.contrib.sessions.models import Session

import pytest

from bench import run
from participatie.constants import Status
from participatie.models import Aanvraag, Regeling
from portal.accounts.models import User
from portal.gebieden.models import Buurt


def test_url_list_is_well_formed():
    names = [url.name for url in [*run.URLS, run.STATIC_CEILING]]
    assert len(names) == len(set(names)), "URL names must be unique"
    for url in [*run.URLS, run.STATIC_CEILING]:
        assert url.name and " " not in url.name
        assert url.path.startswith("/") and "://" not in url.path
        assert run.placeholder_names(url.path) <= set(run.PLACEHOLDERS), url.path
        assert url.user in (None, run.BENCH_RESIDENT), "log in only as accounts a builder makes"
    assert run.STATIC_CEILING.path.startswith("/static/") and run.STATIC_CEILING.user is None
    assert {"mijn-aanvragen", "aanvraag-stap-4", "aanvraag-controleren"} <= set(names)


def test_data_builders_are_registered_in_order():
    assert list(run.BUILDERS)[0] == "demo", "the demo data comes first; later builders use it"
    assert list(run.BUILDERS).index("aanvragen") > list(run.BUILDERS).index("residents")
    assert all(callable(build) for build in run.BUILDERS.values())


def test_application_flags_have_defaults():
    options = run.parse_args([])
    assert (options.applications, options.other_applications) == (50, 2000)
    options = run.parse_args(["--applications", "3", "--other-applications", "0"])
    assert (options.applications, options.other_applications) == (3, 0)


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
def test_applications_builder_is_idempotent_and_fills_the_placeholders():
    options = argparse.Namespace(applications=9, other_applications=10)
    run.build_applications(options)
    run.build_applications(options)
    resident = User.objects.get(email=run.BENCH_RESIDENT)
    assert not resident.has_usable_password()
    assert resident.emailaddress_set.filter(verified=True, primary=True).exists()
    mine = Aanvraag.objects.filter(aanvrager=resident)
    assert mine.count() == 9 + 1, "--applications plus the draft of the form URLs"
    drafts = mine.filter(status="concept")
    assert drafts.count() == 2, "the straatfeestcheque draft and one of another scheme (i=7)"
    assert drafts.values("regeling").distinct().count() == 2, "one open draft per scheme"
    assert mine.filter(status="ingediend", regeling__soort="straatfeestcheque").count() == 8
    theirs = Aanvraag.objects.filter(aanvrager__email__in=run.NEIGHBOURS)
    assert theirs.count() == 10 and not theirs.filter(status="concept").exists()
    submitted = Aanvraag.objects.exclude(status="concept")
    assert all(
        re.fullmatch(r"DLF-\d{4}-\d{5}", ref)
        for ref in submitted.values_list("referentie", flat=True)
    )
    assert all(a.wijk_id == a.buurt.wijk_id for a in Aanvraag.objects.select_related("buurt"))

    draft = Aanvraag.objects.get(pk=run.PLACEHOLDERS["concept"]())
    assert (draft.aanvrager, draft.regeling.soort, draft.stappen_voltooid) == (
        resident,
        "straatfeestcheque",
        3,
    )
    assert Aanvraag.objects.get(pk=run.PLACEHOLDERS["submitted"]()).status == "ingediend"
    paths = run.resolve_paths(run.URLS)
    assert paths["aanvraag-stap-4"] == f"/aanvragen/{draft.pk}/stap/4/"
    assert paths["home"] == "/"


@pytest.mark.django_db
def test_every_logged_in_url_answers_200_in_process():
    run.build_applications(argparse.Namespace(applications=3, other_applications=2))
    logged_in = [url for url in run.URLS if url.user]
    paths = run.resolve_paths(logged_in)
    for url in logged_in:
        result = run.measure_in_process(paths[url.name], requests=0, user=url.user)
        assert result["status"] == 200, url.name


@pytest.mark.django_db
def test_in_process_measurement_of_mijn_aanvragen_when_logged_in():
    resident = run.bench_account("bench-test@example.org", "Test", "Bewoner")
    regeling = Regeling.objects.get(soort="straatfeestcheque", is_voorbeeld=True)
    buurten = list(Buurt.objects.order_by("pk")[:3])
    Aanvraag.objects.bulk_create(
        [
            Aanvraag(
                aanvrager=resident,
                regeling=regeling,
                titel=f"Feest {i}",
                straat=f"Teststraat {i}",
                buurt=buurt,
                wijk_id=buurt.wijk_id,
                status=Status.INGEDIEND,  # one draft per scheme at most
            )
            for i, buurt in enumerate(buurten)
        ]
    )
    anonymous = run.measure_in_process("/aanvragen/", requests=1)
    assert anonymous["status"] == 302, "login required: the user is what makes it 200"
    result = run.measure_in_process("/aanvragen/", requests=2, user=resident.email)
    assert result["status"] == 200
    assert result["queries_cold"] >= result["queries_warm"] >= 2  # session and user at least
    assert result["median_ms"] > 0


@pytest.mark.django_db
def test_session_cookie_is_a_logged_in_session():
    run.bench_account(run.BENCH_RESIDENT, "Bench", "Bewoner")
    name, _, key = run.session_cookie(run.BENCH_RESIDENT).partition("=")
    assert name == settings.SESSION_COOKIE_NAME
    if settings.SESSION_ENGINE.endswith(".db"):
        data = Session.objects.get(session_key=key).get_decoded()
        assert data["_auth_user_id"] == str(User.objects.get(email=run.BENCH_RESIDENT).pk)


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
