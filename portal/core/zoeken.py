"""Wagtail's database search backend, made safe for whatever a user types into a search box.

Why this exists (security finding 6): with ``wagtail.search.backends.database`` on SQLite, a
search such as ``"`` answered 500. Wagtail 7.4 delegates to ``modelsearch``, whose SQLite
backend wraps every term in FTS5 double quotes (``"term"``) but does not escape a ``"`` inside
the term, so the FTS5 parser raises ``OperationalError: unterminated string``. The page
chooser (``/admin/choose-page/search/?q=``) and the admin API
(``/admin/api/main/pages/?search=``) pass the user's text straight to the backend. Other
inputs that reached a 500 on today's code: a NUL character (SQLite: unterminated string;
PostgreSQL: psycopg ``DataError``), a query of only whitespace in the API (``AttributeError``
while building the SQLite MATCH expression) and a query of thousands of words
(``RecursionError`` while compiling the nested AND expression).

The fix is a custom search backend, as the Wagtail docs allow
(https://docs.wagtail.org/en/stable/topics/search/backends.html#rolling-your-own): point
``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` at this module. :func:`SearchBackend` asks
Wagtail's own factory (``wagtail.search.backends.database.SearchBackend``) which class fits the
current database - PostgreSQL, SQLite with FTS5, MySQL or the ``icontains`` fallback - and
returns a subclass of exactly that class, so indexing, ranking and the vendor choice stay
Wagtail's. The subclass adds, in this order:

1. A clean-up of the query before it is compiled (all vendors): NUL characters are dropped,
   terms without a single letter or digit (``*``, ``-``, ``(``, ``"``...) are dropped - the
   full-text tokenizers ignore them anyway - and at most :data:`MAX_TERMEN` terms are kept. A
   query with nothing searchable left matches nothing.
2. Correct FTS5 quoting on SQLite: a ``"`` inside a term is doubled (``""``), the FTS5 escape
   inside a string, so ``a"b``, ``"foo bar`` and ``foo-bar`` are searched as words. FTS5
   keywords (``NEAR``, ``AND``, ``OR``, ``NOT``), column filters (``col:val``) and ``^``/``*``
   are harmless inside a quoted string. PostgreSQL's backend already quotes its lexemes.
3. The last line of defence: the query runs inside a savepoint (``transaction.atomic()``, only
   when already inside a transaction, so PostgreSQL's transaction is not left aborted and
   SQLite's ``BEGIN IMMEDIATE`` write lock is not taken for a plain search). An error the
   database raises *about the query* (SQLite ``SQLITE_ERROR``, PostgreSQL SQLSTATE class 22,
   42601 or class 54) is logged as a WARNING - the user's text only as a truncated ``repr``,
   never as a format string or a raw line - and the result is empty: ``count()`` is 0,
   iteration yields nothing, slicing works, and ``results.fout`` is ``True``. Anything else
   (database locked, connection lost, missing table or extension) is raised as before: an
   outage must not look like "no results".

The Wagtail admin (page chooser, API) shows an empty result for such a query. A public search
page should use :func:`zoek_veilig`, which also says whether to show :data:`ZOEKFOUT_MELDING`.
"""

import functools
import logging
import re
import sqlite3

from django.db import (
    DatabaseError,
    DataError,
    NotSupportedError,
    ProgrammingError,
    connection,
    connections,
    transaction,
)
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import EmptySearchResults
from wagtail.search.backends.database import SearchBackend as _WagtailDatabaseBackend
from wagtail.search.query import (
    MATCH_NONE,
    And,
    Boost,
    Fuzzy,
    Not,
    Or,
    Phrase,
    PlainText,
)

logger = logging.getLogger(__name__)

#: At most this many terms of one query are searched; the rest is ignored. The backends compile
#: one nested expression per term, and thousands of terms exceed Python's recursion limit.
MAX_TERMEN = 32

#: Shown by a public search page when :func:`zoek_veilig` returns ``fout=True``.
ZOEKFOUT_MELDING = _(
    "Your search contains characters we cannot process. Please try again using words only."
)

# A term is searchable if it has at least one letter or digit (``\w`` without ``_``).
_ZOEKBAAR = re.compile(r"[^\W_]")


def bevat_zoekwoorden(tekst: str) -> bool:
    """True if ``tekst`` has a letter or digit: something a full-text index can hold."""
    return bool(_ZOEKBAAR.search(tekst))


# --- 1. Query clean-up (all vendors) ---------------------------------------------------------


class _Budget:
    def __init__(self, termen: int):
        self.over = termen

    def neem(self, aantal: int) -> int:
        genomen = min(aantal, self.over)
        self.over -= genomen
        return genomen


def _schone_termen(tekst: str, budget: _Budget) -> list[str]:
    termen = [term for term in tekst.replace("\x00", " ").split() if bevat_zoekwoorden(term)]
    return termen[: budget.neem(len(termen))]


def _maak_veilig(query, budget: _Budget):
    """The query with unsearchable parts removed; ``None`` if nothing searchable is left."""
    if isinstance(query, PlainText):
        termen = _schone_termen(query.query_string, budget)
        if not termen:
            return None
        return PlainText(" ".join(termen), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        tekst = query.query_string.replace("\x00", " ")
        if not bevat_zoekwoorden(tekst) or not budget.neem(1):
            return None
        return Phrase(tekst)
    if isinstance(query, Fuzzy):
        termen = _schone_termen(query.query_string, budget)
        if not termen:
            return None
        return Fuzzy(" ".join(termen), operator=query.operator, unaccent=query.unaccent)
    if isinstance(query, (And, Or)):
        delen = [deel for deel in (_maak_veilig(d, budget) for d in query.subqueries) if deel]
        if not delen:
            return None
        return delen[0] if len(delen) == 1 else type(query)(delen)
    if isinstance(query, Not):
        deel = _maak_veilig(query.subquery, budget)
        return None if deel is None else Not(deel)
    if isinstance(query, Boost):
        deel = _maak_veilig(query.subquery, budget)
        return None if deel is None else Boost(deel, query.boost)
    return query  # MatchAll and anything this module does not know


def maak_zoekvraag_veilig(query):
    """Clean a ``SearchQuery`` (see the module docstring); nothing searchable gives MATCH_NONE."""
    veilig = _maak_veilig(query, _Budget(MAX_TERMEN))
    return MATCH_NONE if veilig is None else veilig


class VeiligeCompilerMixin:
    """Cleans the query once the compiler has turned a query string into ``PlainText``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = maak_zoekvraag_veilig(self.query)


# --- 2. FTS5 quoting (SQLite) ----------------------------------------------------------------


def fts5_escape(tekst: str) -> str:
    """Escape ``tekst`` for use inside an FTS5 string: a ``"`` is written as ``""``."""
    return tekst.replace('"', '""')


class FTS5CompilerMixin:
    """Escape ``"`` in terms and phrases before modelsearch puts them between FTS5 quotes.

    modelsearch's SQLite ``Lexeme`` renders a term as ``"term"`` (``"term"*`` for the last
    autocomplete term) and its ``Phrase`` as ``"phrase"``, without escaping a ``"`` inside.
    Should a later version escape it itself, the doubled quote is still a valid FTS5 string
    whose quotes the tokenizer ignores, so this stays correct.
    """

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(
                fts5_escape(query.query_string), operator=query.operator, boost=query.boost
            )
        elif isinstance(query, Phrase):
            query = Phrase(fts5_escape(query.query_string))
        return super().build_search_query_content(query, config=config)


# --- 3. Catch what the database still rejects ------------------------------------------------

# PostgreSQL SQLSTATEs that mean "this query text is not acceptable": class 22 (data exception,
# e.g. invalid text), 42601 (syntax error, e.g. "syntax error in tsquery"), class 54 (program
# limit exceeded, e.g. a tsquery that is too large).
_PG_ZOEKVRAAGFOUTEN = ("22", "42601", "54")


def is_zoekvraagfout(exc: DatabaseError, vendor: str) -> bool:
    """Is ``exc`` the database rejecting the search text (and not an outage or misconfiguration)?"""
    if isinstance(exc, NotSupportedError):
        return False  # e.g. a missing PostgreSQL extension: must be seen, not swallowed
    oorzaak = exc.__cause__
    if vendor == "sqlite":
        # FTS5 reports query syntax errors as the generic SQLITE_ERROR; locks, I/O and a full
        # disk have their own codes. A missing FTS table is also SQLITE_ERROR but a setup fault.
        code = getattr(oorzaak, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_ERROR and "no such table" not in str(exc)
    if vendor == "postgresql":
        sqlstate = getattr(oorzaak, "sqlstate", None)
        if sqlstate is None:
            # Raised by psycopg before the query is sent, e.g. a NUL character in a parameter.
            return isinstance(exc, DataError)
        return sqlstate.startswith(_PG_ZOEKVRAAGFOUTEN)
    return isinstance(exc, (DataError, ProgrammingError))


def voer_veilig_uit(actie, leeg, *, using: str, omschrijving: str):
    """Run ``actie()``; if the database rejects the search text, log it and return ``leeg``.

    Returns ``(value, fout)``. Inside a transaction the call gets its own savepoint, so a
    rejected query does not abort the transaction around it (PostgreSQL).
    """
    verbinding = connections[using]
    try:
        if verbinding.in_atomic_block:
            with transaction.atomic(using=using):
                return actie(), False
        return actie(), False
    except DatabaseError as exc:
        if not is_zoekvraagfout(exc, verbinding.vendor):
            raise
        # The user's text is untrusted: only a truncated repr goes into the log, never the
        # format string, so it cannot forge log lines or inject %-placeholders.
        logger.warning(
            "Search rejected by the database, returning no results: %s %.200r; query %.200r",
            type(exc).__name__,
            str(exc),
            omschrijving,
        )
        return leeg, True


class VeiligeResultatenMixin:
    """Search results that are empty (``fout`` set) when the database rejects the query."""

    #: True once the database rejected this result set's query.
    fout = False

    def _veilig(self, actie, leeg):
        compiler = self.query_compiler
        waarde, fout = voer_veilig_uit(
            actie, leeg, using=compiler.queryset.db, omschrijving=repr(compiler.query)
        )
        if fout:
            self.fout = True
        return waarde

    def _do_search(self):
        # list(): the fallback backend returns a lazy iterator, which must fail inside here.
        zoek = super()._do_search
        return self._veilig(lambda: list(zoek()), [])

    def _do_count(self):
        return self._veilig(super()._do_count, 0)

    def facet(self, field_name):
        facet = super().facet
        return self._veilig(lambda: facet(field_name), {})


# --- The backend ------------------------------------------------------------------------------


def _is_sqlite_fts(basisklasse) -> bool:
    if connection.vendor != "sqlite":
        return False
    # Imported only here: the FTS5 module can only be loaded when its table model exists.
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return issubclass(basisklasse, SQLiteSearchBackend)


@functools.cache
def veilige_backendklasse(basisklasse):
    """The safe subclass of one of Wagtail's database backend classes (made once per class)."""
    compiler_mixins = (VeiligeCompilerMixin,)
    if _is_sqlite_fts(basisklasse):
        compiler_mixins += (FTS5CompilerMixin,)

    def veilig(klasse, mixins):
        if klasse is None:
            return None
        return type(f"Veilige{klasse.__name__}", (*mixins, klasse), {"__module__": __name__})

    return type(
        f"Veilige{basisklasse.__name__}",
        (basisklasse,),
        {
            "__module__": __name__,
            "query_compiler_class": veilig(basisklasse.query_compiler_class, compiler_mixins),
            "autocomplete_query_compiler_class": veilig(
                basisklasse.autocomplete_query_compiler_class, compiler_mixins
            ),
            "results_class": veilig(basisklasse.results_class, (VeiligeResultatenMixin,)),
        },
    )


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for the current database, made safe (see module docstring)."""
    basis = _WagtailDatabaseBackend(params)
    return veilige_backendklasse(type(basis))(params)


# --- For a public search page ----------------------------------------------------------------


def zoek_veilig(queryset, query, **kwargs):
    """Search ``queryset`` for the user's ``query``; returns ``(results, fout)``.

    ``fout`` is True when the search could not be carried out as typed: the query has no letter
    or digit at all (``"``, ``*``, ``()``), or the database rejected it. The results are then
    empty; show :data:`ZOEKFOUT_MELDING`. An empty query gives no results and no message.
    ``query`` may also be a ``SearchQuery`` (e.g. from ``parse_query_string``); ``kwargs`` go to
    the backend's ``search()`` (``fields``, ``operator``, ``order_by_relevance``). The count is
    evaluated here, so a rejected query is known before the caller paginates.
    """
    if isinstance(query, str):
        if not query.strip():
            return EmptySearchResults(), False
        if not bevat_zoekwoorden(query):
            return EmptySearchResults(), True
    results = get_search_backend().search(query, queryset, **kwargs)
    _, fout = voer_veilig_uit(
        results.count, 0, using=queryset.db, omschrijving=repr(query)
    )  # also safe if the configured backend is not this module's
    if fout or getattr(results, "fout", False):
        return EmptySearchResults(), True
    return results, False
