"""Serialise a check-then-write on a business key: "count the others, then save mine".

A rule such as "at most one application per street per scheme per year" counts existing rows
and then saves a new one. Two transactions doing that at once on PostgreSQL both count zero
and both save (READ COMMITTED does not lock rows that do not exist yet). ``vergrendel`` takes a
transaction-scoped advisory lock on the key first, so the second transaction waits until the
first has committed and then counts its row.

SQLite needs nothing: the project opens every transaction with ``BEGIN IMMEDIATE``
(settings.base), which already lets one writer in at a time.
"""

import hashlib

from django.db import connection


def sleutel_van(*delen) -> int:
    """A stable signed 64-bit number for a key (PostgreSQL's advisory-lock key type)."""
    tekst = "\x1f".join(str(deel).strip().lower() for deel in delen)
    return int.from_bytes(
        hashlib.blake2b(tekst.encode(), digest_size=8).digest(), "big", signed=True
    )


def vergrendel(*delen) -> None:
    """Hold a lock on this key until the current transaction ends. Call inside ``atomic()``."""
    if not connection.in_atomic_block:
        raise RuntimeError("vergrendel() needs a transaction: the lock ends with it")
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [sleutel_van(*delen)])
