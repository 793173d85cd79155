"""The benchmark harness (bench/) stays runnable: its URL list and tables are well-formed and the
data builders and in-process measurement work on the test database. No timings are asserted:
they are noise."""

import argparse
from collections import Counter
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator

from bench import belasting, data, meten, run, uitvoer, urls
from participatie.constants import Soort, Status
from participatie.models import Aanvraag, Referentieteller, Regeling
from portal.accounts.models import User
from portal.accounts.roles import BEHEERDER, WIJKCOORDINATOR
from portal.gebieden.models import Buurt, Wijk
from tests.factories import AanvraagFactory


def session_data(key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def test_url_list_is_well_formed():
    every = [*urls.URLS, *urls.CACHED_URLS, urls.STATIC_CEILING]
    names = [url.name for url in every]
    assert len(names) == len(set(names)), "URL names must be unique"
    for url in every:
        assert url.name and " " not in url.name
        assert url.path.startswith("/") and "://" not in url.path
        assert urls.placeholder_names(url.path) <= set(urls.PLACEHOLDERS), url.path
        assert url.user in (None, *urls.BENCH_USERS), "log in only as accounts a builder makes"
        assert 200 <= url.expected_status < 600
    assert urls.STATIC_CEILING.path.startswith("/static/") and urls.STATIC_CEILING.user is None
    assert {"mijn-aanvragen", "aanvraag-stap-4", "aanvraag-controleren"} <= set(names)
    queue = {"wachtrij", "wachtrij-gefilterd", "wachtrij-zoeken", "wachtrij-detail"}
    assert queue <= set(names), "the review queue: listing, filtered, search and detail"
    # Cached pages: anonymous, and the home and district pages whose bytes are reported too.
    assert not any(url.paginacache for url in urls.URLS)
    assert all(url.paginacache and url.user is None for url in urls.CACHED_URLS)
    assert {url.path for url in urls.CACHED_URLS} == set(urls.TRANSFER_PAGES.values())


def test_only_selects_urls_by_name():
    assert urls.selected_urls(None) == [*urls.URLS, *urls.CACHED_URLS]
    assert [url.name for url in urls.selected_urls("home, login")] == ["home", "login"]
    assert [url.name for url in urls.selected_urls("home-cached")] == ["home-cached"]
    with pytest.raises(ValueError, match="nope"):
        urls.selected_urls("home,nope")


def test_data_builders_are_registered_in_order():
    assert list(data.BUILDERS)[0] == "demo", "the demo data comes first; later builders use it"
    assert list(data.BUILDERS).index("aanvragen") > list(data.BUILDERS).index("residents")
    assert list(data.BUILDERS).index("wachtrij") > list(data.BUILDERS).index("aanvragen")
    assert all(callable(build) for build in data.BUILDERS.values())


def test_other_residents_get_every_status_but_a_draft():
    assert set(data.OTHER_STATUSES) == set(Status) - {Status.CONCEPT}
    assert all(weight > 0 for weight in data.OTHER_STATUSES.values())


def test_application_flags_have_defaults():
    options = run.parse_args([])
    assert (options.applications, options.other_applications) == (50, 2000)
    options = run.parse_args(["--applications", "3", "--other-applications", "0"])
    assert (options.applications, options.other_applications) == (3, 0)
    options = run.parse_args(["--quick", "--residents", "7"])
    assert (options.requests, options.duration, options.residents) == (10, 2, 7)


@pytest.mark.django_db
def test_residents_builder_is_idempotent():
    options = argparse.Namespace(residents=3)
    data.build_residents(options)
    data.build_residents(options)
    residents = User.objects.filter(email__startswith="bewoner.bench.")
    assert residents.count() == 3
    assert all(not user.has_usable_password() for user in residents)
    assert all(user.emailaddress_set.filter(verified=True).exists() for user in residents)


@pytest.mark.django_db
def test_applications_builder_is_idempotent_and_fills_the_placeholders():
    options = argparse.Namespace(applications=9, other_applications=10)
    data.build_applications(options)
    data.build_applications(options)
    resident = User.objects.get(email=urls.BENCH_RESIDENT)
    assert not resident.has_usable_password()
    assert resident.emailaddress_set.filter(verified=True, primary=True).exists()
    mine = Aanvraag.objects.filter(aanvrager=resident)
    assert mine.count() == 9 + 1, "--applications plus the draft of the form URLs"
    drafts = mine.filter(status=Status.CONCEPT)
    assert drafts.count() == 2, "the straatfeestcheque draft and one of another scheme (i=7)"
    assert drafts.values("regeling").distinct().count() == 2, "one open draft per scheme"
    cheques = mine.filter(status=Status.INGEDIEND, regeling__soort=Soort.STRAATFEESTCHEQUE)
    assert cheques.count() == 8
    theirs = Aanvraag.objects.filter(aanvrager__email__in=data.NEIGHBOURS)
    assert theirs.count() == 10 and not theirs.filter(status=Status.CONCEPT).exists()
    assert all(a.wijk_id == a.buurt.wijk_id for a in Aanvraag.objects.select_related("buurt"))

    # Submitted ones: a reference of the application's own counter, which has moved on, and
    # the history of submitting (and of the status now).
    submitted = Aanvraag.objects.exclude(status=Status.CONCEPT)
    references = [a.referentie for a in submitted]
    assert all(references) and len(set(references)) == len(references)
    per_year = Counter(a.ingediend_op.year for a in submitted)
    for year, count in per_year.items():
        assert Referentieteller.objects.get(jaar=year).laatste == count, "gapless, moved on"
        assert Referentieteller.volgende(year) not in references, "later numbers stay unique"
    for a in submitted.prefetch_related("wijzigingen"):
        steps = [(w.van, w.naar) for w in sorted(a.wijzigingen.all(), key=lambda w: w.op)]
        assert steps[0] == (Status.CONCEPT, Status.INGEDIEND)
        assert len(steps) == (1 if a.status == Status.INGEDIEND else 2)
    # The resident asks for an amount only when the scheme pays up to a maximum.
    for a in Aanvraag.objects.select_related("regeling"):
        assert (a.gevraagd_bedrag is None) == a.regeling.heeft_vast_bedrag

    draft = Aanvraag.objects.get(pk=urls.PLACEHOLDERS["draft"]())
    assert (draft.aanvrager, draft.regeling.soort, draft.stappen_voltooid) == (
        resident,
        Soort.STRAATFEESTCHEQUE,
        3,
    )
    assert Aanvraag.objects.get(pk=urls.PLACEHOLDERS["submitted"]()).status == Status.INGEDIEND
    # {submitted_other} needs the review queue's district filled: see the test of that builder.
    resident_urls = [url for url in urls.URLS if url.user != urls.BENCH_COORDINATOR]
    paths = urls.resolve_paths(resident_urls)
    assert paths["aanvraag-stap-4"] == f"/aanvragen/{draft.pk}/stap/4/"
    assert paths["home"] == "/"


@pytest.mark.django_db
def test_review_queue_builder_makes_staff_with_totp_and_fills_every_district():
    options = argparse.Namespace(applications=0, other_applications=400)
    data.build_applications(options)
    data.build_review_queue(options)
    data.build_review_queue(options)
    coordinator = User.objects.get(email=urls.BENCH_COORDINATOR)
    administrator = User.objects.get(email=urls.BENCH_ADMINISTRATOR)
    for user in (coordinator, administrator):
        assert user.is_staff and not user.has_usable_password()
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    assert administrator.groups.filter(name=BEHEERDER).exists()
    assert coordinator.groups.filter(name=WIJKCOORDINATOR).exists()
    assert list(coordinator.coordinator_van.values_list("slug", flat=True)) == [urls.BENCH_DISTRICT]
    # --other-applications spread over every district, each with applications waiting for a
    # decision (submitted and in assessment): every coordinator's queue is filled.
    theirs = Aanvraag.objects.filter(aanvrager__email__in=data.NEIGHBOURS)
    for wijk in Wijk.objects.all():
        statuses = set(theirs.filter(wijk=wijk).values_list("status", flat=True))
        assert {Status.INGEDIEND, Status.IN_BEHANDELING} <= statuses, wijk.slug
    mine = theirs.filter(wijk__slug=urls.BENCH_DISTRICT, behandelaar=coordinator)
    assert mine.exists() and not mine.filter(status=Status.INGEDIEND).exists()
    detail = Aanvraag.objects.get(pk=urls.PLACEHOLDERS["submitted_other"]())
    assert (detail.wijk.slug, detail.status) == (urls.BENCH_DISTRICT, Status.INGEDIEND)


@pytest.mark.django_db
def test_staff_are_logged_in_with_a_second_factor():
    options = argparse.Namespace(applications=0, other_applications=0)
    data.build_review_queue(options)
    data.bench_account(urls.BENCH_RESIDENT, "Bench", "Bewoner")
    _, _, key = belasting.session_cookie(urls.BENCH_COORDINATOR).partition("=")
    records = session_data(key)[AUTHENTICATION_METHODS_SESSION_KEY]
    assert [record["method"] for record in records] == ["password", "mfa"]
    assert records[1]["type"] == Authenticator.Type.TOTP
    # A resident has no authenticator: a plain login, as before.
    _, _, key = belasting.session_cookie(urls.BENCH_RESIDENT).partition("=")
    assert AUTHENTICATION_METHODS_SESSION_KEY not in session_data(key)


@pytest.mark.django_db
def test_every_logged_in_url_answers_its_status_in_process():
    options = argparse.Namespace(applications=3, other_applications=400)
    data.build_applications(options)
    data.build_review_queue(options)
    logged_in = [url for url in urls.URLS if url.user]
    paths = urls.resolve_paths(logged_in)
    for url in logged_in:
        result = meten.measure_in_process(paths[url.name], requests=0, user=url.user)
        assert result["status"] == url.expected_status, url.name


@pytest.mark.django_db
def test_in_process_measurement_of_mijn_aanvragen_when_logged_in():
    resident = data.bench_account("bench-test@example.org", "Test", "Bewoner")
    regeling = Regeling.objects.get(soort=Soort.STRAATFEESTCHEQUE, is_voorbeeld=True)
    for buurt in Buurt.objects.select_related("wijk").order_by("pk")[:3]:
        # Submitted: one draft per scheme at most.
        AanvraagFactory(aanvrager=resident, regeling=regeling, buurt=buurt, ingediend=True)
    anonymous = meten.measure_in_process("/aanvragen/", requests=1)
    assert anonymous["status"] == 302, "login required: the user is what makes it 200"
    result = meten.measure_in_process("/aanvragen/", requests=2, user=resident.email)
    assert result["status"] == 200
    assert result["queries_cold"] >= result["queries_warm"] >= 2  # session and user at least
    assert result["median_ms"] > 0


@pytest.mark.django_db
def test_bench_account_is_idempotent():
    first = data.bench_account(urls.BENCH_RESIDENT, "Bench", "Bewoner")
    assert data.bench_account(urls.BENCH_RESIDENT, "Bench", "Bewoner") == first
    assert first.emailaddress_set.filter(verified=True, primary=True).count() == 1
    assert not first.has_usable_password()


@pytest.mark.django_db
def test_session_cookie_is_a_logged_in_session():
    data.bench_account(urls.BENCH_RESIDENT, "Bench", "Bewoner")
    name, _, key = belasting.session_cookie(urls.BENCH_RESIDENT).partition("=")
    assert name == settings.SESSION_COOKIE_NAME
    if settings.SESSION_ENGINE.endswith(".db"):
        data_ = Session.objects.get(session_key=key).get_decoded()
        assert data_["_auth_user_id"] == str(User.objects.get(email=urls.BENCH_RESIDENT).pk)


@pytest.mark.django_db
def test_load_targets_carry_the_session_of_their_user():
    data.bench_account(urls.BENCH_RESIDENT, "Bench", "Bewoner")
    chosen = [urls.STATIC_CEILING, *urls.selected_urls("home,mijn-aanvragen")]
    targets = belasting.load_targets(chosen, {url.name: url.path for url in chosen})
    assert [t.name for t in targets] == ["static", "home", "mijn-aanvragen"]
    assert "Cookie" not in targets[1].headers
    assert targets[2].headers["Cookie"].startswith(f"{settings.SESSION_COOKIE_NAME}=")
    assert all(t.headers["X-Forwarded-Proto"] == "https" for t in targets)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/gebieden/wijken/buitenhof.geojson"])
def test_in_process_measurement_counts_queries(path):
    result = meten.measure_in_process(path, requests=1)
    assert result["status"] == 200
    assert result["queries_cold"] >= max(result["queries_warm"], 1)
    assert result["median_ms"] > 0


@pytest.mark.django_db
def test_cached_pages_are_measured_with_the_page_cache_on_and_others_with_it_off():
    cached = meten.measure_in_process("/", requests=2, paginacache=True)
    assert cached["status"] == 200
    assert cached["queries_cold"] > 0 and cached["queries_warm"] == 0, "a miss, then hits"
    rendered = meten.measure_in_process("/", requests=1)
    assert rendered["queries_warm"] > 0


def test_transfer_finds_the_linked_files_and_the_maps_files():
    from bench.overdracht import Verwijzingen

    pagina = Verwijzingen()
    pagina.feed(
        '<link rel="stylesheet" href="/static/a.css"><link rel="icon" href="/static/i.svg">'
        '<link rel="preconnect" href="/x"><script src="/static/s.js" defer></script>'
        '<script src="https://elders.example/t.js"></script><script type="application/json">'
        '</script><div class="delft-kaart" data-geojson-url="/g.geojson" '
        'data-leaflet-js="/static/l.js" data-leaflet-css="/static/l.css"></div>'
    )
    assert pagina.bestanden == ["/static/a.css", "/static/i.svg", "/static/s.js"]
    assert set(pagina.kaart) == {"/g.geojson", "/static/l.js", "/static/l.css"}


def test_transfer_table_checks_the_target():
    sizes = {"html": 3000, "css_js": 20000, "first_view": 23000, "map": 50000, "with_map": 73000}
    tabel = uitvoer.format_transfer({"home": {"br": sizes, "gzip": sizes, "none": sizes}})
    assert "home 22.5 KB (ok)" in tabel
    rows = [
        {"name": "home-cached", "paginacache": True, "ratio": 0.45, "x_cache": "HIT"},
        {"name": "home", "paginacache": False, "ratio": 0.02},
    ]
    rows[0]["ceiling_rps"] = 2000
    assert uitvoer.format_cached(rows).endswith(": home-cached 45% of 2000 req/s (HIT, ok)")


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
    result = belasting.parse_wrk(output)
    assert result == {
        "requests": 12345,
        "errors": 7,
        "rps": 2469.0,
        "p50_ms": pytest.approx(0.85),
        "p99_ms": pytest.approx(1100.0),
    }


def test_percentile_and_table():
    assert belasting.percentile([5, 1, 4, 2, 3], 50) == 3
    assert belasting.percentile([5, 1, 4, 2, 3], 99) == 5
    assert belasting.percentile([], 50) is None
    row = {"name": "home", "path": "/", "status": 200, "queries_cold": 9, "queries_warm": 7}
    table = uitvoer.format_table([row]).splitlines()
    assert table[0].split()[:3] == ["name", "URL", "status"]
    assert table[2].split() == ["home", "/", "200", "9", "7", "-", "-", "-", "-", "-", "-"]


def test_failures_compare_with_the_expected_status():
    expected = {"home": 200, "oud": 301}
    rows = [
        {"name": "home", "status": 200, "errors": 0, "load_status": 200},
        {"name": "oud", "status": 301},
    ]
    assert uitvoer.failures(rows, expected) == []
    rows[0]["errors"] = 3
    rows[1]["load_status"] = 200
    assert uitvoer.failures(rows, expected) == ["home", "oud"]
    assert uitvoer.failures([{"name": "home", "status": 500}], expected) == ["home"]


@pytest.mark.django_db
def test_play_space_builder_is_idempotent_and_stores_the_averages():
    from speelkaart.models import Speelplek, Waardering

    data.build_residents(argparse.Namespace(residents=5))
    options = argparse.Namespace(play_spaces=12, ratings=30)
    data.build_play_spaces(options)
    data.build_play_spaces(options)  # a second run adds nothing
    plekken = Speelplek.objects.filter(slug__startswith="bench-speelplek-")
    assert plekken.count() == 12
    assert Waardering.objects.filter(speelplek__in=plekken).count() == 30
    plek = plekken.filter(aantal_waarderingen__gt=0).order_by("pk").first()
    gebouwd = (plek.aantal_waarderingen, plek.gem_speelwaarde)
    plek.herbereken_waarderingen()
    plek.refresh_from_db()
    # The builder's bulk averages are the model's own.
    assert (plek.aantal_waarderingen, plek.gem_speelwaarde) == gebouwd
