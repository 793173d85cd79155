"""The local stack of a fault run: its own database, Redis, SMTP sink, gunicorn and qclusters.

Every process is started in its own session (process group), so one ``killpg`` reaches a
process and all its children (gunicorn's workers, a qcluster's sentinel, pusher, workers and
monitor), and a Ctrl+C in the terminal reaches only the fault script, which then stops them in
order (``Stack.stop``). Nothing here touches the shared Redis on 6379 or any database other
than the run's own (its name must contain "faults").
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
FAULTS_DIR = ROOT / "var" / "faults"
LOG_DIR = FAULTS_DIR / "logs"
HOST = "127.0.0.1"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def log(bericht: str) -> None:
    sys.stderr.write(f"[faults {time.strftime('%H:%M:%S')}] {bericht}\n")
    sys.stderr.flush()


def vrije_poort(voorkeur: int) -> int:
    """The preferred port if nothing listens on it, else the next free one (at most 50 tries)."""
    for poort in range(voorkeur, voorkeur + 50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
            try:
                s.bind((HOST, poort))
            except OSError:
                continue
            return poort
    raise RuntimeError(f"no free port in {voorkeur}..{voorkeur + 49}")


def wacht_op_poort(poort: int, seconden: float) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        try:
            with socket.create_connection((HOST, poort), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on {HOST}:{poort} after {seconden:.0f} s")


class Proces:
    """One child process (group) with its output appended to ``var/faults/logs/<naam>.log``."""

    def __init__(self, naam: str, argv: list[str], env: dict[str, str]):
        self.naam, self.argv, self.env = naam, argv, env
        self.log_pad = LOG_DIR / f"{naam}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> "Proces":
        uitvoer = open(self.log_pad, "ab")  # noqa: SIM115 - closed in stop()
        uitvoer.write(f"\n--- start {time.strftime('%H:%M:%S')}: {' '.join(self.argv)}\n".encode())
        uitvoer.flush()
        self.popen = subprocess.Popen(  # noqa: S603 - fixed argv built by this module
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._uitvoer = uitvoer
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def leeft(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signaal(self, sig: int, groep: bool = True) -> None:
        if not self.leeft():
            return
        try:
            if groep:
                os.killpg(self.popen.pid, sig)
            else:
                os.kill(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self, wacht: float = 15) -> None:
        """SIGCONT (a frozen process cannot exit), SIGTERM, and SIGKILL after ``wacht`` s."""
        if self.popen is None:
            return
        if self.leeft():
            self.signaal(signal.SIGCONT)
            # Only the leader: gunicorn's master and a qcluster's main process stop their own
            # children in order; a TERM to every child at once leaves qcluster waiting.
            self.signaal(signal.SIGTERM, groep=False)
            try:
                self.popen.wait(timeout=wacht)
            except subprocess.TimeoutExpired:
                log(f"{self.naam} did not stop in {wacht:.0f} s: SIGKILL")
        # Whatever is left of the group (a worker that outlived its parent) goes too.
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.popen.wait(timeout=10)
        self._uitvoer.close()

    def kill9(self) -> None:
        """``kill -9`` of the whole group: the process and every child, no cleanup."""
        self.signaal(signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._uitvoer.close()


class Stack:
    def __init__(self, database: str, poorten: dict[str, int], extra_env: dict[str, str]):
        if "faults" not in database or not database.replace("_", "").isalnum():
            raise ValueError("the run's database name must contain 'faults'")
        self.database = database
        self.poorten = poorten
        self.env = self._omgeving(extra_env)
        self.processen: dict[str, Proces] = {}
        self.database_gemaakt = False
        self.sink_delay = 0.0

    # --- environment ----------------------------------------------------------------------

    def _omgeving(self, extra: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))}
        for naam in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH", "WAGTAILADMIN_BASE_URL"):
            env.pop(naam, None)
        env.update(
            DJANGO_SETTINGS_MODULE="ops.settings_faults",
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            SECRET_KEY=secrets.token_urlsafe(50),
            DEBUG="false",
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{self.database}",
            DATABASE_CONN_MAX_AGE="60",
            REDIS_URL=f"redis://127.0.0.1:{self.poorten['redis']}/0",
            CACHE_KEY_PREFIX="faults",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(self.poorten["smtp"]),
            EMAIL_USE_TLS="false",
            EMAIL_USE_SSL="false",
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            STATIC_ROOT=str(FAULTS_DIR / "static"),
            MEDIA_ROOT=str(FAULTS_DIR / "media"),
            PRIVATE_MEDIA_ROOT=str(FAULTS_DIR / "private"),
            MAP_TILES_URL="",
            LOG_LEVEL="WARNING",
            Q_LOG_LEVEL="INFO",
            Q_WORKERS="1",
        )
        env.update(extra)
        return env

    # --- database -------------------------------------------------------------------------

    def _admin(self, sql: str) -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(sql)

    def maak_database(self) -> None:
        self.verwijder_database()
        self._admin(f'CREATE DATABASE "{self.database}"')
        self.database_gemaakt = True

    def verwijder_database(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def manage(self, *args: str, timeout: float = 600) -> None:
        """``manage.py <args>`` with the run's environment; output to logs/manage.log."""
        with open(LOG_DIR / "manage.log", "ab") as uitvoer:
            uitvoer.write(f"\n--- manage.py {' '.join(args)}\n".encode())
            uitvoer.flush()
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=timeout,
            )

    def bereid_voor(self) -> None:
        """Database, migrations, demo data and static files (collectstatic in parallel)."""
        self.maak_database()
        static = Proces(
            "collectstatic",
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            self.env,
        ).start()
        self.manage("migrate", "--no-input", "-v0")
        self.manage("laad_demo", "--ook-zonder-debug")
        static.popen.wait(timeout=600)
        if static.popen.returncode != 0:
            raise RuntimeError("collectstatic failed; see var/faults/logs/collectstatic.log")
        static.stop()

    # --- processes ------------------------------------------------------------------------

    def _start(self, naam: str, argv: list[str]) -> Proces:
        proces = Proces(naam, argv, self.env).start()
        self.processen[naam] = proces
        return proces

    def start_redis(self) -> Proces:
        poort = self.poorten["redis"]
        proces = self._start(
            "redis",
            [
                "redis-server",
                "--port", str(poort),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "yes",
                "--daemonize", "no",
            ],
        )  # fmt: skip
        wacht_op_poort(poort, 10)
        return proces

    def start_sink(self, delay: float) -> Proces:
        self.sink_delay = delay
        proces = self._start(
            "smtp-sink",
            [
                sys.executable, "-m", "ops.smtp_sink",
                "--port", str(self.poorten["smtp"]),
                "--db", str(FAULTS_DIR / "sink.sqlite3"),
                "--delay", str(delay),
            ],
        )  # fmt: skip
        wacht_op_poort(self.poorten["smtp"], 10)
        return proces

    def start_gunicorn(self, naam: str = "gunicorn", poort: str = "web") -> Proces:
        proces = self._start(
            naam,
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application",
                "--bind", f"{HOST}:{self.poorten[poort]}",
                "--workers", "2",
                "--timeout", "30",
                "--graceful-timeout", "20",
                "--access-logfile", "-",
                "--access-logformat", '%(t)s "%(r)s" %(s)s %(M)sms',
            ],
        )  # fmt: skip
        wacht_op_poort(self.poorten[poort], 60)
        return proces

    def start_seaweedfs(self, publiek: tuple[str, ...] = (), fris: bool = True) -> Proces:
        """The object store (ops/objectopslag.py): its S3 gateway on ``poorten["s3"]``, with
        the run's key pair (``S3_ACCESS_KEY_ID``/``S3_SECRET_ACCESS_KEY``); anonymous visitors
        may read the buckets in ``publiek`` only."""
        from .objectopslag import argumenten

        if fris:  # a fresh store per run; a restart (fris=False) keeps the stored objects
            shutil.rmtree(FAULTS_DIR / "seaweedfs", ignore_errors=True)
        argv = argumenten(
            FAULTS_DIR / "seaweedfs",
            self.poorten["s3"],
            self.env["S3_ACCESS_KEY_ID"],
            self.env["S3_SECRET_ACCESS_KEY"],
            publiek,
        )
        proces = self._start("seaweedfs", argv)
        wacht_op_poort(self.poorten["s3"], 30)
        return proces

    def start_nginx(self, conf: Path) -> Proces:
        proces = self._start("nginx", ["nginx", "-p", str(conf.parent), "-c", str(conf)])
        wacht_op_poort(self.poorten["nginx"], 10)
        return proces

    def start_qcluster(self, naam: str) -> Proces:
        return self._start(naam, [sys.executable, "manage.py", "qcluster"])

    def start_alles(self, sink_delay: float) -> None:
        self.start_redis()
        self.start_sink(sink_delay)
        self.start_qcluster("qcluster-a")
        self.start_qcluster("qcluster-b")
        self.start_gunicorn()

    def stop(self) -> None:
        """Everything this run started, web first, then workers, sink and Redis."""
        for naam in (
            "nginx",
            "gunicorn",
            "gunicorn-a",
            "gunicorn-b",
            "qcluster-a",
            "qcluster-b",
            "smtp-sink",
            "seaweedfs",
            "redis",
            "collectstatic",
        ):
            proces = self.processen.get(naam)
            if proces is not None:
                try:
                    # SeaweedFS takes its time over SIGTERM; its data are the run's own.
                    proces.stop(wacht=3 if naam == "seaweedfs" else 15)
                except Exception as fout:  # noqa: BLE001 - keep stopping the others
                    log(f"stopping {naam}: {fout}")

    # --- faults ---------------------------------------------------------------------------

    def log_grootte(self, naam: str) -> int:
        pad = LOG_DIR / f"{naam}.log"
        return pad.stat().st_size if pad.exists() else 0

    def log_sinds(self, naam: str, offset: int) -> str:
        pad = LOG_DIR / f"{naam}.log"
        if not pad.exists():
            return ""
        with open(pad, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
