"""The load test of the production topology: 200 anonymous visitors and 50 residents who each
complete the application journey with an attachment, for at least 60 s, through nginx.

    .venv/bin/python -m deploy.belasting               # CI's load step; --duur 120 for longer

Starts the topology (``deploy/topologie.py``), makes the residents (a session each, as a login
leaves it), runs locust headless with ``deploy/locustfile.py`` as a separate process, waits
until the outbox has sent every confirmation, and prints per page type and per form step the
requests, failures, throughput and p50/p99 — then checks the budget and exits non-zero when it
is not met:

- no 5xx answer at all;
- p99 under 1 s for every page type (the form steps are reported, not budgeted: a submit
  writes, locks and queues);
- every completed submission stored exactly once (one submitted application per resident who
  saw a reference, with that reference) and one confirmation e-mail at the SMTP sink each.

Writes ``var/faults/belasting.json`` with the table and the checks.
"""

import argparse
import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ops import data
from ops.stack import FAULTS_DIR, HOST, LOG_DIR, ROOT, Stack, log

from . import topologie

PAGINAS = ("home", "district page", "scheme page", "map page", "map GeoJSON", "my applications")
P99_BUDGET_MS = 1000
AANTAL_BEWONERS = 50


def gegevens(stack: Stack) -> dict:
    data.configureer(stack.env)
    omgeving = data.omgeving()
    bewoners = data.maak_bewoners("belasting", AANTAL_BEWONERS)
    return {
        "regeling_pad": omgeving.regeling_pad,
        "wijk_pad": omgeving.wijk_pad,
        "buurten": list(omgeving.buurt_pks),
        "bewoners": [{"email": b.email, "sessionid": b.sessionid} for b in bewoners],
    }


def warm_op(basis: str, invoer: dict) -> None:
    """One request per page type before the load: the page cache and the GeoJSON cache are
    filled, as they are on a site that has been up for a while."""
    import requests

    for pad in ("/", invoer["wijk_pad"], invoer["regeling_pad"], "/speelkaart/",
                "/speelkaart/speelplekken.geojson"):  # fmt: skip
        requests.get(f"{basis}{pad}", timeout=30)


def start_locust(basis: str, invoer: dict, duur: int, referenties: Path):
    """locust headless as a child process; returns (the process, its statistics file)."""
    uit = FAULTS_DIR / "locust"
    env = {
        **os.environ,
        "BELASTING_GEGEVENS": json.dumps(invoer),
        "BELASTING_REFERENTIES": str(referenties),
        "PYTHONPATH": str(ROOT),
    }
    log_ = open(LOG_DIR / "locust.log", "w")  # noqa: SIM115 (the child's output, for its life)
    proces = subprocess.Popen(  # noqa: S603 (our own command)
        [
            sys.executable, "-m", "locust",
            "-f", str(ROOT / "deploy" / "locustfile.py"),
            "--headless",
            "--users", "250",
            "--spawn-rate", "25",
            "--run-time", f"{duur}s",
            "--stop-timeout", "60",
            "--host", basis,
            "--csv", str(uit),
            "--only-summary",
        ],
        env=env,
        stdout=log_,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    return proces, Path(f"{uit}_stats.csv")


def draai_locust(basis: str, invoer: dict, duur: int, referenties: Path) -> Path:
    proces, stats = start_locust(basis, invoer, duur, referenties)
    proces.wait(timeout=duur + 180)  # locust exits 1 when a request failed: judged below
    return stats


def lees_statistiek(pad: Path) -> list[dict]:
    rijen = []
    with open(pad, newline="") as f:
        for rij in csv.DictReader(f):
            if rij["Name"] == "Aggregated":
                continue
            rijen.append(
                {
                    "naam": rij["Name"],
                    "methode": rij["Type"],
                    "verzoeken": int(rij["Request Count"]),
                    "mislukt": int(rij["Failure Count"]),
                    "per_s": float(rij["Requests/s"]),
                    "p50_ms": float(rij["50%"] or 0),
                    "p99_ms": float(rij["99%"] or 0),
                }
            )
    return rijen


def fouten_5xx(pad: Path) -> int:
    """Failed requests whose error names a 5xx status (locust's failures file)."""
    failures = pad.with_name(pad.name.replace("_stats.csv", "_failures.csv"))
    if not failures.exists():
        return 0
    with open(failures, newline="") as f:
        return sum(
            int(rij["Occurrences"])
            for rij in csv.DictReader(f)
            if re.search(r"(?<![\d.])5\d\d(?!\d)", rij["Error"])
        )


def wacht_op_outbox(emails: list[str], seconden: float = 150) -> int:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        open_ = data.onderweg(emails)
        if open_ == 0:
            return 0
        time.sleep(2)
    return data.onderweg(emails)


def bevestigingen_bij_sink(emails: set[str]) -> dict[tuple[str, str], int]:
    """(recipient, reference) → confirmations the SMTP sink accepted."""
    with sqlite3.connect(FAULTS_DIR / "sink.sqlite3") as db:
        rijen = db.execute("SELECT aan, referentie FROM berichten WHERE referentie IS NOT NULL")
        telling: dict[tuple[str, str], int] = {}
        for aan, referentie in rijen:
            for adres in (a.strip() for a in aan.split(",")):
                if adres in emails:
                    telling[(adres, referentie)] = telling.get((adres, referentie), 0) + 1
        return telling


def controleer(invoer: dict, referenties: Path) -> dict:
    from participatie.models import Aanvraag

    emails = [b["email"] for b in invoer["bewoners"]]
    regels = (
        [json.loads(r) for r in referenties.read_text().splitlines()]
        if referenties.exists()
        else []
    )
    gezien = {r["pk"]: r["referentie"] for r in regels if "referentie" in r}
    opgeslagen = list(
        Aanvraag.objects.filter(aanvrager__email__in=emails)
        .exclude(referentie__isnull=True)
        .exclude(referentie="")
        .values("pk", "referentie", "aanvrager__email")
    )
    per_bewoner: dict[str, int] = {}
    for a in opgeslagen:
        per_bewoner[a["aanvrager__email"]] = per_bewoner.get(a["aanvrager__email"], 0) + 1
    onderweg = wacht_op_outbox(emails)
    sink = bevestigingen_bij_sink(set(emails))
    per_referentie: dict[str, int] = {}
    for (_adres, referentie), n in sink.items():
        per_referentie[referentie] = per_referentie.get(referentie, 0) + n
    return {
        "begonnen": len(emails),
        "voltooid": len(gezien),
        "opnieuw_verstuurd": sum(1 for r in regels if "opnieuw" in r),
        "mislukte_reizen": sum(1 for r in regels if "mislukt" in r),
        "opgeslagen": len(opgeslagen),
        "dubbel_opgeslagen": sum(1 for n in per_bewoner.values() if n > 1),
        "voltooid_niet_opgeslagen": sum(
            1
            for pk, ref in gezien.items()
            if not any(a["pk"] == pk and a["referentie"] == ref for a in opgeslagen)
        ),
        "bevestigingen_nog_onderweg": onderweg,
        "zonder_bevestiging": sum(1 for ref in gezien.values() if per_referentie.get(ref, 0) == 0),
        "dubbele_bevestiging": sum(1 for ref in gezien.values() if per_referentie.get(ref, 0) > 1),
    }


def tabel(rijen: list[dict]) -> str:
    kop = (
        f"{'request':28} {'method':6} {'count':>7} {'failed':>6} {'req/s':>7} "
        f"{'p50 ms':>7} {'p99 ms':>7}"
    )
    regels = [kop, "-" * len(kop)]
    for r in sorted(rijen, key=lambda r: (r["naam"] not in PAGINAS, r["naam"])):
        regels.append(
            f"{r['naam']:28} {r['methode']:6} {r['verzoeken']:>7} {r['mislukt']:>6} "
            f"{r['per_s']:>7.1f} {r['p50_ms']:>7.0f} {r['p99_ms']:>7.0f}"
        )
    return "\n".join(regels)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duur", type=int, default=90, help="seconds of load (at least 60)")
    opties = parser.parse_args(argv)
    p = topologie.poorten()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    stack = Stack(topologie.DATABASE, p, topologie.omgeving(p))
    referenties = FAULTS_DIR / "belasting-referenties.jsonl"
    referenties.unlink(missing_ok=True)
    try:
        topologie.start(stack, p)
        invoer = gegevens(stack)
        data.sluit_verbindingen()
        warm_op(f"http://{HOST}:{p['nginx']}", invoer)
        log(f"locust: 200 visitors and {AANTAL_BEWONERS} residents for {opties.duur} s")
        stats = draai_locust(
            f"http://{HOST}:{p['nginx']}", invoer, max(opties.duur, 60), referenties
        )
        rijen = lees_statistiek(stats)
        uitkomst = controleer(invoer, referenties)
        vijfhonderd = fouten_5xx(stats)
        te_traag = [
            r["naam"] for r in rijen if r["naam"] in PAGINAS and r["p99_ms"] >= P99_BUDGET_MS
        ]
        sys.stdout.write(tabel(rijen) + "\n")
        sys.stdout.write(
            json.dumps({"5xx": vijfhonderd, "p99_boven_1s": te_traag, **uitkomst}, indent=2) + "\n"
        )
        (FAULTS_DIR / "belasting.json").write_text(
            json.dumps(
                {"verzoeken": rijen, "5xx": vijfhonderd, "p99_boven_1s": te_traag, **uitkomst},
                indent=2,
            )
        )
        gehaald = (
            vijfhonderd == 0
            and not te_traag
            and uitkomst["voltooid"] > 0
            and uitkomst["dubbel_opgeslagen"] == 0
            and uitkomst["voltooid_niet_opgeslagen"] == 0
            and uitkomst["zonder_bevestiging"] == 0
            and uitkomst["dubbele_bevestiging"] == 0
        )
        log("load test: budget met" if gehaald else "load test: budget NOT met")
        return 0 if gehaald else 1
    finally:
        stack.stop()
        if stack.database_gemaakt:
            stack.verwijder_database()


if __name__ == "__main__":
    sys.exit(main())
