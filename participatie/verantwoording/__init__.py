"""Accountability figures (verantwoording) of the district budgets: aggregates only.

Used by the public pages (``views_verantwoording``) and the admin report (``rapport_admin``).
No name, address, title, reference or amount of a single application leaves this package: only
counts and sums per scheme, per budget and per district.

Everything is computed in the database: counts and sums with filters, the average handling time
with ``Avg``. Percentiles (median, 90th percentile) use PostgreSQL's ``percentile_cont``; SQLite
has no such aggregate, so there they come from the sorted durations of the same group — one
number per decided application of one district-year (public page) or of one year (admin
report), a bounded list — interpolated exactly as ``percentile_cont`` does.

Definitions (the public page repeats them in plain Dutch):

- An application counts for the year it was submitted (``ingediend_op``, local time). That is
  the latest submission: after "changes requested" the clock restarts, as a statutory term is
  suspended while the applicant amends the application.
- Granted: its status is in ``TOEGEKEND`` now (approved, paid, reported back, closed).
- Handling time: days from ``ingediend_op`` to the first decision (the first status change to
  approved or rejected); applications without a decision yet are left out.
- Amounts come from the ledger (``Boeking``): entries against budgets of the year for
  applications in the district. Reserved = reserved − released − paid (still open), paid =
  payments: the formula of ``Wijkbudget.positie()``.

Layout of this package: ``behandeltijd`` (handling time: the expressions, the percentiles),
``cijfers`` (the public page: one district, one year) and ``overzicht`` (the admin report: per
district, this year).
"""

from .behandeltijd import (
    BESLUITEN,
    Behandeltijd,
    DagenTussen,
    Percentiel,
    behandelduur,
    behandeltijden,
    eerste_besluit_op,
    percentiel,
)
from .cijfers import (
    CENT,
    EERSTE_JAAR,
    BudgetCijfers,
    RegelingCijfers,
    Verantwoording,
    budgetten_van,
    jaar_in_bereik,
    jaren_met_gegevens,
    regelingen_van,
    verantwoording,
)
from .overzicht import WijkOverzicht, wijkoverzicht

__all__ = [
    "BESLUITEN",
    "CENT",
    "EERSTE_JAAR",
    "Behandeltijd",
    "BudgetCijfers",
    "DagenTussen",
    "Percentiel",
    "RegelingCijfers",
    "Verantwoording",
    "WijkOverzicht",
    "behandelduur",
    "behandeltijden",
    "budgetten_van",
    "eerste_besluit_op",
    "jaar_in_bereik",
    "jaren_met_gegevens",
    "percentiel",
    "regelingen_van",
    "verantwoording",
    "wijkoverzicht",
]
