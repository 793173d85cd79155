"""Fault tests on the production topology, during the load of ``deploy/belasting.py``:

    .venv/bin/python -m deploy.storingen          # CI's fault step (about 3 minutes)

While 200 visitors browse and 50 residents complete the application journey with an
attachment (through nginx, each user from an address of its own), three faults, one after the
other:

1. **a web process killed** (``kill -9`` of gunicorn-a and its workers at 15 s, started again at
   35 s): nginx sends what follows to gunicorn-b; a request that was in flight on the killed
   process gets a 502 and the resident sends it again — the submit is idempotent by its key;
2. **the object store down for 20 s** (SeaweedFS killed at 40 s, started again with its data at
   60 s): an upload answers "add the attachment again in a minute" and keeps the rest of the
   step, a download the Dutch 503; the resident tries again;
3. **a worker host gone** (``kill -9`` of qcluster-a at 70 s, not started again): qcluster-b
   (and the per-minute sweep of the outbox) sends every confirmation.

Per fault: the requests sent again in its window; for the run: journeys **attempted**,
**completed**, **lost** (ended on an error, or submitted without being stored or without its
confirmation) and **duplicated** (an application stored twice, a confirmation sent twice), and
the objects: every stored attachment has its object and no object lacks its row (nothing half
written). Exits non-zero when anything was lost or duplicated. Writes var/faults/storingen.json.
"""

import json
import sys
import threading
import time

from ops import data
from ops.stack import FAULTS_DIR, HOST, LOG_DIR, Stack, log

from . import belasting, topologie

DUUR = 100  # s of load: the faults fall in the first 75 s, the rest lets the journeys finish


def _storingen(stack: Stack, gestart: float, verloop: list[dict], stop: threading.Event) -> None:
    def op(seconden: float) -> bool:
        return not stop.wait(max(0.0, gestart + seconden - time.monotonic()))

    def noteer(wat: str) -> None:
        verloop.append({"t": round(time.monotonic() - gestart, 1), "wat": wat, "tijd": time.time()})
        log(wat)

    if op(15):
        stack.processen["gunicorn-a"].kill9()
        noteer("kill -9 gunicorn-a")
    if op(35):
        stack.start_gunicorn("gunicorn-a", "web-a")
        noteer("gunicorn-a started again")
    if op(40):
        stack.processen["seaweedfs"].kill9()
        noteer("object store down")
    if op(60):
        stack.start_seaweedfs(publiek=(topologie.BUCKET_PUBLIEK,), fris=False)
        noteer("object store up again")
    if op(70):
        stack.processen["qcluster-a"].kill9()
        noteer("kill -9 qcluster-a (worker host gone)")


def objecten_heel(p: dict[str, int], emails: list[str]) -> dict:
    """Every attachment row of these residents has its object, and no object lacks a row."""
    from participatie.models import Bijlage

    rijen = set(
        Bijlage.objects.filter(aanvraag__aanvrager__email__in=emails).values_list(
            "bestand", flat=True
        )
    )
    s3 = topologie.s3_client(p)
    objecten = set()
    for pagina in s3.get_paginator("list_objects_v2").paginate(Bucket=topologie.BUCKET_PRIVE):
        objecten.update(o["Key"] for o in pagina.get("Contents", []))
    alle_rijen = set(Bijlage.objects.values_list("bestand", flat=True))
    return {
        "bijlagen": len(rijen),
        "rij_zonder_object": len(rijen - objecten),
        "object_zonder_rij": len(objecten - alle_rijen),
    }


def _reizen_in_venster(regels: list[dict], van: float, tot: float) -> dict:
    """The journeys under way during [van, tot]: attempted, completed (a reference, stored
    once, one confirmation: checked for the run as a whole in ``belasting.controleer``), lost
    (ended on an error)."""
    reizen = [r for r in regels if "begin" in r and r["begin"] <= tot and r["einde"] >= van]
    return {
        "pogingen": len(reizen),
        "voltooid": sum(1 for r in reizen if "referentie" in r),
        "verloren": sum(1 for r in reizen if "mislukt" in r),
    }


def main(argv=None) -> int:
    p = topologie.poorten()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    stack = Stack(topologie.DATABASE, p, topologie.omgeving(p))
    referenties = FAULTS_DIR / "belasting-referenties.jsonl"
    referenties.unlink(missing_ok=True)
    stop = threading.Event()
    try:
        topologie.start(stack, p)
        invoer = belasting.gegevens(stack)
        data.sluit_verbindingen()
        basis = f"http://{HOST}:{p['nginx']}"
        belasting.warm_op(basis, invoer)
        log(f"load for {DUUR} s with three faults")
        proces, stats = belasting.start_locust(basis, invoer, DUUR, referenties)
        verloop: list[dict] = []
        injecteur = threading.Thread(
            target=_storingen, args=(stack, time.monotonic(), verloop, stop), daemon=True
        )
        injecteur.start()
        proces.wait(timeout=DUUR + 240)
        stop.set()
        injecteur.join(timeout=10)

        uitkomst = belasting.controleer(invoer, referenties)
        objecten = objecten_heel(p, [b["email"] for b in invoer["bewoners"]])
        regels = [json.loads(r) for r in referenties.read_text().splitlines()]
        opnieuw = [r for r in regels if "opnieuw" in r]
        vensters = [
            ("web process killed", "kill -9 gunicorn-a", "gunicorn-a started again"),
            ("object store down 20 s", "object store down", "object store up again"),
            ("worker host gone", "kill -9 qcluster-a (worker host gone)", None),
        ]
        per_storing = {}
        for naam, begin, einde in vensters:
            van = next((v["tijd"] for v in verloop if v["wat"] == begin), None)
            tot = next((v["tijd"] for v in verloop if v["wat"] == einde), None) if einde else None
            if van is None:
                per_storing[naam] = {"ingezet": False}
                continue
            tot = (tot or van) + 5  # what was in flight when it ended, too
            per_storing[naam] = {"ingezet": True, **_reizen_in_venster(regels, van, tot)}
            per_storing[naam]["opnieuw_verstuurd"] = sum(
                1 for r in opnieuw if van <= r.get("t", 0) <= tot
            )
        verloren = (
            uitkomst["mislukte_reizen"]
            + uitkomst["voltooid_niet_opgeslagen"]
            + uitkomst["zonder_bevestiging"]
            + uitkomst["bevestigingen_nog_onderweg"]
            + objecten["rij_zonder_object"]
        )
        dubbel = uitkomst["dubbel_opgeslagen"] + uitkomst["dubbele_bevestiging"]
        samenvatting = {
            "pogingen": uitkomst["begonnen"],
            "voltooid": uitkomst["voltooid"],
            "verloren": verloren,
            "dubbel": dubbel,
            "per_storing": per_storing,
            "objecten": objecten,
            "verloop": verloop,
            **uitkomst,
        }
        rijen = belasting.lees_statistiek(stats)
        sys.stdout.write(belasting.tabel(rijen) + "\n")
        sys.stdout.write(json.dumps(samenvatting, indent=2) + "\n")
        (FAULTS_DIR / "storingen.json").write_text(
            json.dumps({"verzoeken": rijen, **samenvatting}, indent=2)
        )
        alles_ingezet = all(s["ingezet"] for s in per_storing.values())
        gehaald = (
            alles_ingezet and verloren == 0 and dubbel == 0 and objecten["object_zonder_rij"] == 0
        )
        log("faults: nothing lost or duplicated" if gehaald else "faults: FAILED")
        return 0 if gehaald else 1
    finally:
        stop.set()
        stack.stop()
        if stack.database_gemaakt:
            stack.verwijder_database()


if __name__ == "__main__":
    sys.exit(main())
