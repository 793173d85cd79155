"""Security finding 6: search text the full-text parser rejects must not answer 500.

Runs on SQLite (FTS5) and, in CI, on PostgreSQL; the backend is ``portal.core.zoeken``.
"""

import logging
from urllib.parse import urlencode

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database import SearchBackend as WagtailDatabaseBackend
from wagtail.search.index import insert_or_update_object
from wagtail.search.query import MATCH_NONE, And, Phrase, PlainText
from wagtail.search.utils import parse_query_string

import pytest
from allauth.account.models import EmailAddress

from cms.models import ContentPage, HomePage
from portal.accounts.models import User
from portal.core import zoeken
from tests.accounts.helpers import activeer_totp, totp_code

pytestmark = pytest.mark.django_db

CORPUS = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "()",
    "*",
    "-",
    "-foo",
    "foo-bar",
    "NEAR",
    "NEAR(a b)",
    "NEAR(kolibrie moestuin, 2)",
    "AND",
    "OR",
    "NOT",
    "a OR",
    "OR a",
    "a AND",
    "^",
    "^kolibrie",
    ":",
    "col:val",
    "title:kolibrie",
    "{",
    "}",
    "{title body}: x",
    "\\",
    '\\"',
    "\u201ckolibrie\u201d",
    "\u2018kolibrie\u2019",
    "\u201e",
    'a"b',
    '"kolibrie moestuin',
    "kolibrie*",
    "kolibrie *",
    "%",
    "%s %(x)s",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00",
    "kolibrie\x00moestuin",
    " ",
    "\t\n",
    "x" * 1000,
    ("ab " * 400)[:1000],
    "a " * 2000,
]


def term_id(term: str) -> str:
    return repr(term) if len(term) <= 30 else f"{len(term)}-chars-{term[:6]!r}"


@pytest.fixture
def superuser_client(client, wachtwoord):
    """A superuser logged in through allauth with a second factor, as the admin requires."""
    user = User.objects.create_superuser(email="super@example.org", password=wachtwoord)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = activeer_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200
    return client


@pytest.fixture
def kolibrie_pagina(db):
    home = HomePage.objects.get()
    pagina = home.add_child(
        instance=ContentPage(
            title="Kolibrie buurt-moestuin",
            slug="kolibrie-buurt-moestuin",
            intro="Samen tuinieren aan de Zonnebloemstraat.",
        )
    )
    insert_or_update_object(pagina)  # do not depend on when the indexing task runs
    return pagina


def chooser_zoek(client, term):
    return client.get("/admin/choose-page/search/?" + urlencode({"q": term}))


def api_zoek(client, term):
    return client.get("/admin/api/main/pages/?" + urlencode({"search": term}))


def api_ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


# --- The finding: no 500 for any of these -----------------------------------------------------


@pytest.mark.parametrize("term", CORPUS, ids=term_id)
def test_page_chooser_search_answers_200_for_hostile_input(superuser_client, term):
    assert chooser_zoek(superuser_client, term).status_code == 200


@pytest.mark.parametrize("term", CORPUS, ids=term_id)
def test_admin_api_search_answers_200_for_hostile_input(superuser_client, term):
    response = api_zoek(superuser_client, term)
    assert response.status_code == 200
    assert isinstance(response.json()["meta"]["total_count"], int)


@pytest.mark.parametrize("term", ['"', 'a"b', "NEAR(a b)", "a " * 2000])
def test_page_explorer_listing_search_answers_200(superuser_client, term):
    home = HomePage.objects.get()
    response = superuser_client.get(f"/admin/pages/{home.pk}/?" + urlencode({"q": term}))
    assert response.status_code == 200


@pytest.mark.parametrize("term", ['"', "*", "()", "-", "NEAR(", "\x00"])
def test_input_without_words_finds_nothing(superuser_client, kolibrie_pagina, term):
    assert api_zoek(superuser_client, term).json()["meta"]["total_count"] == 0


# --- Search still works ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "term",
    [
        "Kolibrie",
        "kolibrie moestuin",
        "buurt-moestuin",
        '"kolibrie buurt"',
        'kolibrie "',
        "\u201ckolibrie\u201d",
        "kolibrie *",
        "Zonnebloemstraat",
    ],
)
def test_admin_api_search_still_finds_the_page(superuser_client, kolibrie_pagina, term):
    response = api_zoek(superuser_client, term)
    assert response.status_code == 200
    assert kolibrie_pagina.pk in api_ids(response)


@pytest.mark.parametrize(
    "term", ["Kolibrie", "kolib", "buurt-moestuin", '"kolibrie buurt', 'kolibrie "', "kolibrie *"]
)
def test_page_chooser_search_still_finds_the_page(superuser_client, kolibrie_pagina, term):
    response = chooser_zoek(superuser_client, term)
    assert response.status_code == 200
    assert "Kolibrie buurt-moestuin" in response.content.decode()


def test_a_word_that_is_not_there_finds_nothing(superuser_client, kolibrie_pagina):
    response = api_zoek(superuser_client, "kolibrie olifant")
    assert kolibrie_pagina.pk not in api_ids(response)


def test_the_configured_backend_is_the_safe_wrapper_of_wagtails_vendor_class():
    backend = get_search_backend()
    upstream = type(WagtailDatabaseBackend({}))
    assert type(backend) is zoeken.veilige_backendklasse(upstream)
    assert isinstance(backend, upstream)
    assert issubclass(backend.results_class, zoeken.VeiligeResultatenMixin)


# --- zoek_veilig: for a future public search page -----------------------------------------------


def test_zoek_veilig_finds_words_and_phrases(kolibrie_pagina):
    pages = Page.objects.live()
    results, fout = zoeken.zoek_veilig(pages, 'kolibrie "')
    assert not fout
    assert kolibrie_pagina.pk in [page.pk for page in results]

    _, phrase = parse_query_string('"samen tuinieren"')
    results, fout = zoeken.zoek_veilig(pages, phrase)
    assert not fout
    assert kolibrie_pagina.pk in [page.pk for page in results]


@pytest.mark.parametrize("term", ['"', "*", "()", "-", "\u201c\u201d"])
def test_zoek_veilig_reports_input_it_cannot_search(kolibrie_pagina, term):
    results, fout = zoeken.zoek_veilig(Page.objects.live(), term)
    assert fout
    assert results.count() == 0
    assert list(results) == []


def test_zoek_veilig_empty_query_is_no_error():
    results, fout = zoeken.zoek_veilig(Page.objects.live(), "  ")
    assert not fout
    assert list(results) == []


def test_the_message_is_translatable():
    with translation.override("en"):
        assert str(zoeken.ZOEKFOUT_MELDING).startswith("Your search contains characters")


# --- The last line of defence: a rejection by the database is caught in a savepoint -------------


def afgewezen_sql() -> str:
    """A subquery the database's full-text parser rejects, as modelsearch's SQL would be."""
    if connection.vendor == "sqlite":
        tabel = apps.get_model("wagtailsearch", "SQLiteFTSIndexEntry")._meta.db_table
        # Constant SQL from the model's table name; no user input.
        return f"(SELECT count(*) FROM {tabel} WHERE {tabel} MATCH '\"')"  # noqa: S608
    return "(SELECT numnode(to_tsquery('simple', 'kolibrie &')))"


def breek(results, sql: str):
    """Let ``results`` run ``sql`` (shared by every slice, which clones the results)."""
    kapot = Page.objects.filter(pk__gte=RawSQL(sql, []))  # noqa: S611 - constant test SQL
    results.query_compiler.search = lambda *args, **kwargs: kapot
    return results


def zoek_met_sql(sql: str, tekst):
    return breek(get_search_backend().search(tekst, Page.objects.all()), sql)


def test_a_query_the_database_rejects_gives_empty_results_and_a_warning(caplog):
    # A phrase keeps its newline through the clean-up, so it reaches the log line.
    results = zoek_met_sql(afgewezen_sql(), Phrase("kolibrie\nERROR nep-logregel %s"))
    with caplog.at_level(logging.WARNING, logger="portal.core.zoeken"):
        assert results.count() == 0
        assert list(results) == []
        assert list(results[0:10]) == []
        assert results.facet("content_type_id") == {}
    assert results.fout
    # The transaction around the test is still usable (PostgreSQL aborts it without a savepoint).
    assert Page.objects.filter(depth=1).count() == 1

    records = [r for r in caplog.records if r.name == "portal.core.zoeken"]
    assert records and all(r.levelno == logging.WARNING for r in records)
    bericht = records[0].getMessage()
    assert "\n" not in bericht  # the user's text cannot start a forged log line
    assert "nep-logregel %s" in bericht  # not used as a format string either


def test_other_database_errors_are_not_swallowed():
    results = zoek_met_sql("(SELECT count(*) FROM bestaat_niet)", "kolibrie")
    with pytest.raises(DatabaseError):
        results.count()
    assert not results.fout
    assert Page.objects.filter(depth=1).count() == 1


def test_zoek_veilig_reports_a_rejection_by_the_database(monkeypatch, kolibrie_pagina):
    backend = get_search_backend()
    monkeypatch.setattr(zoeken, "get_search_backend", lambda: backend)
    origineel = backend.search

    def kapotte_search(query, queryset, **kwargs):
        return breek(origineel(query, queryset, **kwargs), afgewezen_sql())

    monkeypatch.setattr(backend, "search", kapotte_search)
    results, fout = zoeken.zoek_veilig(Page.objects.live(), "kolibrie")
    assert fout
    assert list(results) == []


# --- The clean-up itself -----------------------------------------------------------------------


def test_clean_up_drops_unsearchable_terms_and_caps_the_number_of_terms():
    assert zoeken.maak_zoekvraag_veilig(PlainText('" * ( kolibrie -')).query_string == "kolibrie"
    assert zoeken.maak_zoekvraag_veilig(PlainText('" * (')) is MATCH_NONE
    veel = zoeken.maak_zoekvraag_veilig(PlainText("a " * 2000))
    assert len(veel.query_string.split()) == zoeken.MAX_TERMEN
    samen = zoeken.maak_zoekvraag_veilig(And([PlainText("*"), Phrase("kolibrie buurt")]))
    assert isinstance(samen, Phrase)
    assert zoeken.fts5_escape('a"b') == 'a""b'
