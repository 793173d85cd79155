"""Counting one fault scenario: the context, the result row, draining the outbox, the tally.

The definitions (also in ops/README.md):

- attempted: journeys started (one application each) + page requests of the browsers;
- completed: journeys whose application was submitted, shown with its reference and stored as
  submitted, + page requests answered 2xx/3xx;
- lost: journeys that ended on an error page or without an answer (5xx other than the Dutch
  503 "try again", connection error, timeout), submitted applications without a delivered
  confirmation, page requests answered 5xx (not 503) or not at all, and gunicorn workers
  killed (WORKER TIMEOUT);
- duplicated: confirmations beyond the first per reference, and submitted applications beyond
  the first per street (the scheme allows one per street per year).

A 503 is not lost: the transaction was rolled back and the resident was told to try again
(the journeys do, after ``Retry-After``); 503 answers are shown in their own column.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from participatie.constants import Status

from . import data
from .stack import Stack


@dataclass
class Context:
    stack: Stack
    basis: str
    omgeving: data.Omgeving
    sink_db: Path
    drain_max: float = 150
    veeg_elke: float | None = None  # None: the real django-q2 schedule (every minute)


@dataclass
class Uitslag:
    code: str
    fout: str
    attempted: int = 0
    completed: int = 0
    lost: int = 0
    duplicated: int = 0
    antwoorden_503: int = 0
    geweigerd: int = 0
    max_s: float = 0.0
    duur_s: float = 0.0
    details: dict = field(default_factory=dict)


def drain(ctx, emails) -> float:
    """Wait (bounded) until no confirmation of these residents is waiting or being sent."""
    begin = laatste_veeg = time.monotonic()
    while time.monotonic() - begin < ctx.drain_max:
        if data.onderweg(emails) == 0:
            break
        if ctx.veeg_elke and time.monotonic() - laatste_veeg >= ctx.veeg_elke:
            data.veeg()
            laatste_veeg = time.monotonic()
        time.sleep(1)
    time.sleep(1)
    return time.monotonic() - begin


def tel(ctx, uitslag, bewoners, resultaten, journeys, paginas, gunicorn_offset, per_straat=1):
    """Drain the outbox, then fill in the counts of ``uitslag``."""
    emails = [b.email for b in bewoners]
    uitslag.details["drain_s"] = round(drain(ctx, emails), 1)
    rijen = data.aanvragen(emails)
    ingediend = [r for r in rijen if r["status"] != Status.CONCEPT]
    referenties = {r["referentie"] for r in ingediend}
    bij_sink = data.sink_per_referentie(ctx.sink_db, referenties)
    zonder_mail = sorted(ref for ref in referenties if bij_sink[ref] == 0)
    extra_mail = sum(n - 1 for n in bij_sink.values() if n > 1)
    straten = Counter(r["straat"].strip().lower() for r in ingediend)
    extra_straat = sum(n - per_straat for n in straten.values() if n > per_straat)
    ref_van = {r["aanvrager__email"]: r["referentie"] for r in ingediend}

    verloren = []
    for bewoner, uitkomst, _ in resultaten:
        ref = ref_van.get(bewoner.email)
        if uitkomst.status == "fout":
            verloren.append(
                f"{bewoner.email}: {uitkomst.reden}" + (f" (stored as {ref})" if ref else "")
            )
        elif ref and bij_sink[ref] == 0:
            verloren.append(f"{bewoner.email}: {ref} submitted, no confirmation delivered")
    gunicorn_log = ctx.stack.log_sinds("gunicorn", gunicorn_offset)
    worker_timeouts = gunicorn_log.count("WORKER TIMEOUT")

    klaar = sum(
        1
        for b, u, _ in resultaten
        if u.status == "ingediend" and ref_van.get(b.email) == u.referentie
    )
    pagina_ok = sum(n for s, n in paginas.statussen.items() if s < 400)
    uitslag.attempted = len(resultaten) + paginas.aantal
    uitslag.completed = klaar + pagina_ok
    uitslag.lost = len(verloren) + paginas.kapot + worker_timeouts
    uitslag.duplicated = extra_mail + extra_straat
    uitslag.antwoorden_503 = sum(n for _, _, n in resultaten) + paginas.statussen.get(503, 0)
    uitslag.geweigerd = sum(1 for _, u, _ in resultaten if u.status == "geweigerd")
    alle = journeys.latenties + paginas.latenties
    uitslag.max_s = round(max(alle, default=0.0), 2)
    uitslag.details.update(
        journeys=len(resultaten),
        submitted_in_db=len(ingediend),
        confirmations_at_sink=sum(bij_sink.values()),
        without_confirmation=zonder_mail,
        extra_confirmations=extra_mail,
        extra_per_street=extra_straat,
        lost_items=verloren[:30],
        gunicorn_worker_timeouts=worker_timeouts,
        gunicorn_5xx_lines=[r for r in gunicorn_log.splitlines() if '" 50' in r][:10],
        outbox=dict(data.outbox(emails)),
        journey_requests=journeys.samenvatting(),
        page_requests=paginas.samenvatting(),
    )
    return uitslag
