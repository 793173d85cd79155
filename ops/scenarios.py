"""The faults, one function each: load over real HTTP, the fault at the right moment, a count.

Each scenario gets its own residents (``<code>-<n>@faults.example``) and its own streets
(``<Code>laan <n>``), so its applications and e-mails are counted apart from the others'.
After the load the outbox is given time to drain, then counted (``ops/telling.py`` defines
attempted / completed / lost / duplicated).
"""

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg

from . import data
from .bewoners import Client, Meting, Uitkomst, aanvraag, blader, dien_in, vul_in
from .stack import log
from .telling import Uitslag, tel


class Taak(threading.Thread):
    """The fault, in a thread beside the load; an exception in it fails the scenario."""

    def __init__(self, functie):
        super().__init__(daemon=True)
        self.functie, self.fout, self.verslag = functie, None, {}

    def run(self):
        try:
            self.functie(self.verslag)
        except Exception as fout:  # noqa: BLE001 - re-raised by klaar()
            self.fout = fout
        finally:
            data.sluit_verbindingen()

    def klaar(self, timeout=120):
        self.join(timeout)
        if self.is_alive():
            raise RuntimeError("the fault thread did not finish")
        if self.fout:
            raise self.fout
        return self.verslag


def straat(code: str, n: int) -> str:
    return f"{code.capitalize()}laan {n:03d}"


def reeks(ctx, code, nummer, bewoners, interval, threads, meting, vanaf=0.0) -> list[tuple]:
    """One journey per resident, the first ``vanaf`` s from now, then ``interval`` s apart, at
    most ``threads`` at once."""
    buurten = ctx.omgeving.buurt_pks
    t0 = time.monotonic() + vanaf

    def journey(i, bewoner):
        wacht = t0 + i * interval - time.monotonic()
        if wacht > 0:
            time.sleep(wacht)
        client = Client(
            ctx.basis, meting, f"10.{nummer}.{i // 250}.{i % 250 + 1}", bewoner.sessionid
        )
        login = (bewoner.email, data.WACHTWOORD) if bewoner.sessionid is None else None
        uitkomst = aanvraag(
            client, ctx.omgeving.regeling_pad, straat(code, i), buurten[i % len(buurten)], login
        )
        return bewoner, uitkomst, client.antwoorden_503

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda args: journey(*args), enumerate(bewoners)))


def browsers(ctx, nummer, bewoner, stop, meting) -> list[threading.Thread]:
    """Two residents browsing while the fault runs: one anonymous, one logged in."""
    o = ctx.omgeving
    anoniem = Client(ctx.basis, meting, f"10.{nummer}.250.1")
    ingelogd = Client(ctx.basis, meting, f"10.{nummer}.250.2", bewoner.sessionid)
    draden = [
        threading.Thread(
            target=blader,
            args=(anoniem, ["/", o.regeling_pad, o.wijk_pad, "/accounts/login/"], stop),
        ),
        threading.Thread(
            target=blader, args=(ingelogd, ["/aanvragen/", "/", "/mijn-gegevens/"], stop)
        ),
    ]
    for draad in draden:
        draad.start()
    return draden


def _scenario(
    ctx,
    code,
    nummer,
    fout,
    aantal,
    interval,
    threads,
    fout_functie=None,
    browsen=False,
    met_formulier=0,
):
    """The common shape: residents, (browsers,) journeys beside the fault, count."""
    uitslag = Uitslag(code, fout)
    begin = time.monotonic()
    bewoners = data.maak_bewoners(code, aantal + 1)
    browser, bewoners = bewoners[-1], bewoners[:-1]
    inloggers = []
    if met_formulier:
        inloggers = data.maak_bewoners(f"{code}-login", met_formulier, met_formulier=met_formulier)
    offset = ctx.stack.log_grootte("gunicorn")
    journeys, paginas, stop = Meting(), Meting(), threading.Event()
    draden = browsers(ctx, nummer, browser, stop, paginas) if browsen else []
    taak = Taak(fout_functie) if fout_functie else None
    met_login: list[tuple] = []
    try:
        if taak:
            taak.start()
        if inloggers:
            # Their own threads, from 8 s on, 2 s apart: inside the fault whatever the others do.
            login_draad = threading.Thread(
                target=lambda: met_login.extend(
                    reeks(ctx, f"{code}-login", nummer + 100, inloggers, 2, len(inloggers),
                          journeys, vanaf=8)
                )
            )  # fmt: skip
            login_draad.start()
        resultaten = reeks(ctx, code, nummer, bewoners, interval, threads, journeys)
        if inloggers:
            login_draad.join(300)
        if taak:
            uitslag.details["fault"] = taak.klaar()
    finally:
        stop.set()
        for draad in draden:
            draad.join(30)
    resultaten += met_login
    uitslag.details["form_logins"] = [
        {"login": time.strftime("%H:%M:%S", time.localtime(u.ingelogd_om)), "outcome": u.status}
        for _, u, _ in met_login
    ]
    tel(ctx, uitslag, bewoners + inloggers + [browser], resultaten, journeys, paginas, offset)
    uitslag.duur_s = round(time.monotonic() - begin, 1)
    return uitslag


# --- the faults ----------------------------------------------------------------------------


def baseline(ctx):
    return _scenario(ctx, "basis", 10, "no fault (control run)", 6, 0.5, 3, browsen=True)


def kill9_qcluster(ctx):
    def fout(verslag):
        einde = time.monotonic() + 30
        while time.monotonic() < einde and data.bezig() < 2:
            time.sleep(0.05)
        verslag["rows_sending_at_kill"] = data.bezig()
        verslag["killed"] = time.strftime("%H:%M:%S")
        ctx.stack.processen["qcluster-b"].kill9()
        log("kill -9 of qcluster-b (the whole process group)")
        time.sleep(5)
        ctx.stack.start_qcluster("qcluster-b")
        verslag["restarted"] = time.strftime("%H:%M:%S")

    return _scenario(
        ctx, "kill", 11, "kill -9 of one django-q2 cluster during a burst", 30, 0.3, 6, fout
    )


def smtp_down(ctx, seconden=15):
    sink = ctx.stack.processen["smtp-sink"]

    def fout(verslag):
        time.sleep(4)
        sink.signaal(signal.SIGUSR1, groep=False)
        verslag["down"] = time.strftime("%H:%M:%S")
        log(f"SMTP sink down for {seconden} s")
        try:
            time.sleep(seconden)
        finally:
            sink.signaal(signal.SIGUSR2, groep=False)
            verslag["up"] = time.strftime("%H:%M:%S")

    return _scenario(ctx, "smtp", 12, f"SMTP server down for {seconden} s", 30, 0.8, 6, fout)


def redis_stop(ctx, seconden=20):
    def fout(verslag):
        time.sleep(5)
        ctx.stack.processen["redis"].kill9()
        verslag["killed"] = time.strftime("%H:%M:%S")
        log(f"Redis killed (SIGKILL) for {seconden} s")
        try:
            time.sleep(seconden)
        finally:
            ctx.stack.start_redis()
            verslag["restarted"] = time.strftime("%H:%M:%S")

    return _scenario(
        ctx,
        "rstop",
        13,
        f"Redis stopped ~{seconden} s",
        24,
        1.2,
        4,
        fout,
        browsen=True,
        met_formulier=4,
    )


def redis_freeze(ctx, seconden=20):
    redis = ctx.stack.processen["redis"]

    def fout(verslag):
        time.sleep(5)
        redis.signaal(signal.SIGSTOP, groep=False)
        verslag["stopped"] = time.strftime("%H:%M:%S")
        log(f"Redis frozen (SIGSTOP) for {seconden} s")
        try:
            time.sleep(seconden)
        finally:
            redis.signaal(signal.SIGCONT, groep=False)
            verslag["continued"] = time.strftime("%H:%M:%S")

    return _scenario(
        ctx,
        "rfrz",
        14,
        f"Redis frozen (SIGSTOP) ~{seconden} s",
        24,
        1.2,
        4,
        fout,
        browsen=True,
        met_formulier=4,
    )


def tabel_op_slot(ctx, sloten):
    """``sloten``: [(table, seconds), ...] held one after another, 3 s apart."""
    dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={ctx.stack.database}"

    def fout(verslag):
        time.sleep(4)
        for tabel, seconden in sloten:
            with psycopg.connect(dsn) as conn:
                conn.execute("SET lock_timeout = '60s'")
                conn.execute("SET statement_timeout = 0")
                with conn.transaction():
                    begin = time.monotonic()
                    conn.execute(f'LOCK TABLE "{tabel}" IN ACCESS EXCLUSIVE MODE')
                    gekregen = time.monotonic()
                    log(f"LOCK TABLE {tabel} IN ACCESS EXCLUSIVE MODE for {seconden} s")
                    time.sleep(seconden)
                verslag[tabel] = {
                    "waited_for_lock_s": round(gekregen - begin, 2),
                    "held_s": round(time.monotonic() - gekregen, 1),
                }
            time.sleep(3)

    beschrijving = ", ".join(f"{t} {s} s" for t, s in sloten)
    return _scenario(
        ctx, "slot", 15, f"table locked ({beschrijving})", 24, 1.5, 4, fout, browsen=True
    )


def zelfde_straat(ctx, paren=20):
    """``paren`` pairs of residents of one street: both fill in, then both press "submit" at
    the same moment (a barrier per pair, pairs one after another, so each pair really meets
    on the two gunicorn workers)."""
    uitslag = Uitslag("straat", f"{paren} pairs in the same street submitting at once")
    begin = time.monotonic()
    bewoners = data.maak_bewoners("straat", 2 * paren)
    offset = ctx.stack.log_grootte("gunicorn")
    meting = Meting()
    buurten = ctx.omgeving.buurt_pks
    clients = [
        Client(ctx.basis, meting, f"10.16.{i // 250}.{i % 250 + 1}", b.sessionid)
        for i, b in enumerate(bewoners)
    ]

    def invullen(i):
        return vul_in(
            clients[i],
            ctx.omgeving.regeling_pad,
            straat("straat", i // 2),
            buurten[(i // 2) % len(buurten)],
        )

    with ThreadPoolExecutor(4) as pool:
        ingevuld = list(pool.map(invullen, range(2 * paren)))
    resultaten: list[Uitkomst] = list(ingevuld)
    samen = 0
    with ThreadPoolExecutor(2) as pool:
        for p in range(paren):
            a, b = 2 * p, 2 * p + 1
            if ingevuld[a].status != "klaar" or ingevuld[b].status != "klaar":
                continue
            slagboom = threading.Barrier(2)

            def indienen(i, slagboom=slagboom):
                slagboom.wait(timeout=30)
                return dien_in(clients[i], ingevuld[i])

            resultaten[a], resultaten[b] = pool.map(indienen, (a, b))
            # Both requests in flight at once on the client side: the pair really met.
            if resultaten[a].gestart < resultaten[b].geeindigd and (
                resultaten[b].gestart < resultaten[a].geeindigd
            ):
                samen += 1
    drietallen = [
        (b, u, clients[i].antwoorden_503)
        for i, (b, u) in enumerate(zip(bewoners, resultaten, strict=True))
    ]
    tel(ctx, uitslag, bewoners, drietallen, meting, Meting(), offset)
    # A street where both were refused lost its application.
    straten_zonder = [
        straat("straat", p)
        for p in range(paren)
        if resultaten[2 * p].status == resultaten[2 * p + 1].status == "geweigerd"
    ]
    uitslag.lost += len(straten_zonder)
    geweigerd = [u.reden for u in resultaten if u.status == "geweigerd"]
    uitslag.details.update(
        pairs_overlapping_in_flight=samen,
        streets_without_application=straten_zonder,
        refusal_example=geweigerd[0] if geweigerd else None,
    )
    uitslag.duur_s = round(time.monotonic() - begin, 1)
    return uitslag


SCENARIOS = {
    "baseline": baseline,
    "kill9": kill9_qcluster,
    "smtp": smtp_down,
    "redis-stop": redis_stop,
    "redis-freeze": redis_freeze,
    "lock": lambda ctx: tabel_op_slot(
        ctx, [("participatie_aanvraag", 10), ("wagtailcore_page", 20)]
    ),
    "same-street": zelfde_straat,
}
