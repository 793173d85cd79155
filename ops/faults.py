"""Fault script: repeat the resilience table against a locally started production-like stack.

    make faults                                   # everything (about 10 minutes)
    make faults FAULT_ARGS="--only smtp,lock"     # some faults (the control run always first)
    .venv/bin/python -m ops.faults --help

Starts its own PostgreSQL database, Redis, SMTP sink, gunicorn and two django-q2 clusters on
127.0.0.1 (``ops/stack.py``), runs each fault with residents over real HTTP
(``ops/scenarios.py``), prints attempted / completed / lost / duplicated per fault, writes
``var/faults/latest.json``, stops everything it started and drops its database. Exits 1 when
any fault lost or duplicated something, 2 when a scenario could not run. See ops/README.md.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import asdict

import requests

from . import data
from .scenarios import SCENARIOS
from .stack import FAULTS_DIR, HOST, LOG_DIR, ROOT, Stack, log, vrije_poort
from .telling import Context, Uitslag

# Short outbox timings for a bounded run (production defaults: 30 s, 3600 s, 600 s, 20 s).
RUN_ENV = {
    "MAIL_EERSTE_WACHTTIJD": "2",
    "MAIL_MAX_WACHTTIJD": "10",
    # Longer than one send can take (EMAIL_TIMEOUT per socket operation), or a slow send
    # would be re-queued while still running.
    "MAIL_CLAIM_TIMEOUT": "20",
    "EMAIL_TIMEOUT": "5",
    # Production sits behind a proxy that sets X-Forwarded-For; the synthetic residents send
    # one address each, so the per-IP POST budget (60/m) stays on and applies per resident.
    "THROTTLE_TRUST_X_FORWARDED_FOR": "true",
}
KOLOMMEN = (
    "fault",
    "attempted",
    "completed",
    "lost",
    "duplicated",
    "503 (retried)",
    "refused",
    "max s",
    "time s",
)


class Gestopt(Exception):
    pass


def _stop_signaal(signum, frame):
    raise Gestopt(f"signal {signum}")


def vertalingen() -> None:
    """What `make messages` does, when the compiled catalogue is missing or stale."""
    po = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        command = [sys.executable, "-m", "babel.messages.frontend", "compile"]
        command += ["--domain", "django", "--directory", str(ROOT / "locale")]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def wacht_op_site(basis: str, seconden: float = 60) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        try:
            if requests.get(f"{basis}/gezond/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn does not answer /gezond/")


def controleer_paginas(ctx: Context) -> None:
    """Every page the browsers use answers 200 before any fault (else the harness is wrong)."""
    bewoner = data.maak_bewoners("vooraf", 1)[0]
    http = requests.Session()
    for pad in ("/", ctx.omgeving.regeling_pad, ctx.omgeving.wijk_pad, "/accounts/login/"):
        r = http.get(f"{ctx.basis}{pad}", timeout=30, allow_redirects=False)
        if r.status_code != 200:
            raise RuntimeError(f"preflight: {pad} answers {r.status_code}")
    http.cookies.set("sessionid", bewoner.sessionid, domain="127.0.0.1", path="/")
    for pad in ("/aanvragen/", "/mijn-gegevens/"):
        r = http.get(f"{ctx.basis}{pad}", timeout=30, allow_redirects=False)
        if r.status_code != 200:
            raise RuntimeError(f"preflight (logged in): {pad} answers {r.status_code}")


def herstel(stack: Stack, uitslag: Uitslag) -> None:
    """A process of the stack that died on its own is a finding; start it again."""
    dood = [
        naam for naam, p in stack.processen.items() if naam != "collectstatic" and not p.leeft()
    ]
    if dood:
        uitslag.details["processes_died"] = dood
        log(f"died during {uitslag.code}: {', '.join(dood)}; starting again")
        for naam in dood:
            if naam == "redis":
                stack.start_redis()
            elif naam.startswith("qcluster"):
                stack.start_qcluster(naam)
            elif naam == "gunicorn":
                stack.start_gunicorn()
            elif naam == "smtp-sink":
                stack.start_sink(stack.sink_delay)


def tabel(uitslagen: list[Uitslag]) -> str:
    rijen = [KOLOMMEN] + [
        (
            u.fout if "error" not in u.details else f"{u.fout} (ERROR, see latest.json)",
            u.attempted,
            u.completed,
            u.lost,
            u.duplicated,
            u.antwoorden_503,
            u.geweigerd,
            u.max_s,
            u.duur_s,
        )
        for u in uitslagen
    ]
    breedtes = [max(len(str(r[i])) for r in rijen) for i in range(len(KOLOMMEN))]
    regels = []
    for n, rij in enumerate(rijen):
        cellen = [
            str(c).ljust(breedtes[0]) if i == 0 else str(c).rjust(breedtes[i])
            for i, c in enumerate(rij)
        ]
        regels.append("| " + " | ".join(cellen) + " |")
        if n == 0:
            regels.append("|" + "|".join("-" * (b + 2) for b in breedtes) + "|")
    return "\n".join(regels)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default=",".join(k for k in SCENARIOS if k != "baseline"),
        help=f"comma-separated faults (default all): {', '.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--sweep-every",
        type=float,
        default=None,
        metavar="S",
        help="while draining, run the outbox sweep in the script every S seconds, standing in "
        "for the django-q2 schedule (default: the real schedule, every minute)",
    )
    parser.add_argument("--drain-max", type=float, default=150, help="seconds (default 150)")
    parser.add_argument(
        "--smtp-delay",
        type=float,
        default=0.5,
        help="seconds the sink waits before accepting each recipient (a busy mail server)",
    )
    parser.add_argument("--database", default="wijkportaal_faults")
    opties = parser.parse_args(argv)
    gekozen = ["baseline"] + [k.strip() for k in opties.only.split(",") if k.strip() != "baseline"]
    onbekend = [k for k in gekozen if k not in SCENARIOS]
    if onbekend:
        parser.error(f"unknown fault(s): {', '.join(onbekend)}")

    # Django sets TZ to TIME_ZONE when it starts; the script's own log uses the same clock.
    os.environ["TZ"] = "Europe/Amsterdam"
    time.tzset()
    begin = time.monotonic()
    FAULTS_DIR.mkdir(parents=True, exist_ok=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    for oud in [*LOG_DIR.glob("*.log"), *FAULTS_DIR.glob("sink.sqlite3*")]:
        oud.unlink()
    vertalingen()
    poorten = {"redis": vrije_poort(6391), "smtp": vrije_poort(2591), "web": vrije_poort(8391)}
    stack = Stack(opties.database, poorten, RUN_ENV)
    stack.sink_delay = opties.smtp_delay
    signal.signal(signal.SIGTERM, _stop_signaal)
    uitslagen: list[Uitslag] = []
    afgebroken = None
    django_klaar = False
    try:
        log(
            f"stack: redis :{poorten['redis']}, smtp sink :{poorten['smtp']}, "
            f"gunicorn :{poorten['web']}, database {opties.database}; logs in {LOG_DIR}"
        )
        stack.start_redis()
        log("database, migrations, demo data, static files ...")
        stack.bereid_voor()
        stack.start_sink(opties.smtp_delay)
        stack.start_qcluster("qcluster-a")
        stack.start_qcluster("qcluster-b")
        stack.start_gunicorn()
        basis = f"http://{HOST}:{poorten['web']}"
        wacht_op_site(basis)
        data.configureer(stack.env)
        django_klaar = True
        ctx = Context(
            stack,
            basis,
            data.omgeving(),
            FAULTS_DIR / "sink.sqlite3",
            opties.drain_max,
            opties.sweep_every,
        )
        controleer_paginas(ctx)
        log(f"stack ready after {time.monotonic() - begin:.0f} s")
        for naam in gekozen:
            log(f"--- {naam}")
            t = time.monotonic()
            try:
                uitslag = SCENARIOS[naam](ctx)
            except (KeyboardInterrupt, Gestopt):
                raise
            except Exception as fout:  # noqa: BLE001 - report it, go on with the next fault
                traceback.print_exc()
                uitslag = Uitslag(naam, naam, duur_s=round(time.monotonic() - t, 1))
                uitslag.details["error"] = f"{type(fout).__name__}: {fout}"
            herstel(stack, uitslag)
            uitslagen.append(uitslag)
            if naam == "baseline" and (
                uitslag.lost or uitslag.duplicated or "error" in uitslag.details
            ):
                uitslag.details["error"] = "control run failed: the journeys do not match the app"
                log(f"control run failed, faults skipped: {uitslag.details.get('lost_items')}")
                break
            log(
                f"{uitslag.fout}: attempted {uitslag.attempted}, completed {uitslag.completed}, "
                f"lost {uitslag.lost}, duplicated {uitslag.duplicated} ({uitslag.duur_s} s)"
            )
    except (KeyboardInterrupt, Gestopt) as fout:
        afgebroken = f"interrupted ({str(fout) or 'Ctrl+C'})"
        log(afgebroken)
    except Exception as fout:  # noqa: BLE001 - the stack could not start: stop it, report
        traceback.print_exc()
        afgebroken = f"error: {type(fout).__name__}: {fout}"
        log(afgebroken)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if django_klaar:
            data.sluit_verbindingen()
        log("stopping the stack ...")
        stack.stop()
        try:
            stack.verwijder_database()
        except Exception as fout:  # noqa: BLE001
            log(f"could not drop {opties.database}: {fout}")
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    duur = time.monotonic() - begin
    sys.stdout.write(f"\n{tabel(uitslagen)}\n")
    sys.stdout.write(
        f"\nTotal runtime: {duur / 60:.1f} min ({duur:.0f} s). Details: var/faults/latest.json\n"
    )
    fout_gevonden = any(u.lost or u.duplicated for u in uitslagen)
    kapot = afgebroken or any("error" in u.details for u in uitslagen)
    verslag = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(time.time() - duur)),
        "runtime_s": round(duur, 1),
        "interrupted": afgebroken,
        "settings": {
            "sweep": f"script every {opties.sweep_every} s"
            if opties.sweep_every
            else "django-q2 schedule (every minute)",
            "smtp_delay_s": opties.smtp_delay,
            **RUN_ENV,
        },
        "results": [asdict(u) for u in uitslagen],
    }
    (FAULTS_DIR / "latest.json").write_text(json.dumps(verslag, indent=2, ensure_ascii=False))
    if kapot:
        return 2
    return 1 if fout_gevonden else 0


if __name__ == "__main__":
    sys.exit(main())
