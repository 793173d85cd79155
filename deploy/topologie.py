"""The production topology on one machine: nginx in front of two gunicorn processes, two
django-q2 clusters, PostgreSQL, Redis (cache, sessions, broker), SeaweedFS as the S3 object
store and an SMTP sink, all on 127.0.0.1 ports.

    make prod-local                                  # start everything; Ctrl+C stops it
    .venv/bin/python -m deploy.topologie smoke       # start, check, stop (CI's topology step)

The processes are the fault drills' stack (``ops/stack.py``: its own database
``wijkportaal_faults_topologie``, its own Redis, the SMTP sink, the qclusters) plus a second
gunicorn, SeaweedFS (``ops/objectopslag.py``) and nginx with ``deploy/nginx/wijkportaal.conf``.
Settings are production's (``ops/settings_faults.py``: without the TLS-only ones) with files in
the object store and nginx's ``X-Forwarded-For`` trusted.

``smoke`` checks what the topology promises and exits non-zero when one check fails:
``/gezond/`` through nginx, far-future caching and compression of static files, the request id,
an application with an attachment stored as a private object in the bucket and downloaded by
its owner only, the request-size limit, and the fail-over when one gunicorn is killed.
"""

import argparse
import io
import signal
import sys
import time
from pathlib import Path

import requests

from ops import data
from ops.bewoners import Client, Meting, vul_in
from ops.stack import FAULTS_DIR, HOST, LOG_DIR, ROOT, Stack, log, vrije_poort

DATABASE = "wijkportaal_faults_topologie"
SJABLOON = ROOT / "deploy" / "nginx" / "wijkportaal.conf"
BUCKET_PRIVE, BUCKET_PUBLIEK = "wijkportaal-prive", "wijkportaal-publiek"
SLEUTEL, GEHEIM = "wijkportaal", "wijkportaal-lokaal"  # noqa: S105 (a local store, no auth)
MAX_MB = 10


def poorten() -> dict[str, int]:
    return {
        "nginx": vrije_poort(8490),
        "web-a": vrije_poort(8491),
        "web-b": vrije_poort(8493),
        "s3": vrije_poort(8495),
        "redis": vrije_poort(6491),
        "smtp": vrije_poort(2491),
    }


def omgeving(p: dict[str, int]) -> dict[str, str]:
    return {
        "S3_ENDPOINT_URL": f"http://{HOST}:{p['s3']}",
        "S3_ACCESS_KEY_ID": SLEUTEL,
        "S3_SECRET_ACCESS_KEY": GEHEIM,
        "S3_REGION": "us-east-1",
        "S3_BUCKET_PRIVE": BUCKET_PRIVE,
        "S3_BUCKET_PUBLIEK": BUCKET_PUBLIEK,
        "BIJLAGE_MAX_MB": str(MAX_MB),
        # nginx sets X-Forwarded-For: the per-IP POST budget applies per visitor.
        "THROTTLE_TRUST_X_FORWARDED_FOR": "true",
        "LOG_FORMAAT": "json",
        "LOG_LEVEL": "INFO",
    }


def schrijf_nginx_conf(p: dict[str, int]) -> Path:
    prefix = FAULTS_DIR / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    upstreams = "\n".join(
        f"        server {HOST}:{p[naam]} max_fails=1 fail_timeout=10s;"
        for naam in ("web-a", "web-b")
    )
    waarden = {
        "@@PREFIX@@": str(prefix),
        "@@LISTEN@@": f"{HOST}:{p['nginx']}",
        "@@UPSTREAMS@@": upstreams,
        "@@STATIC_ROOT@@": str(FAULTS_DIR / "static"),
        "@@MAX_BODY@@": f"{MAX_MB + 1}m",
    }
    tekst = SJABLOON.read_text()
    for sleutel, waarde in waarden.items():
        tekst = tekst.replace(sleutel, waarde)
    conf = prefix / "nginx.conf"
    conf.write_text(tekst)
    return conf


def s3_client(p: dict[str, int]):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=f"http://{HOST}:{p['s3']}",
        aws_access_key_id=SLEUTEL,
        aws_secret_access_key=GEHEIM,
        region_name="us-east-1",
    )


def start(stack: Stack, p: dict[str, int]) -> None:
    from ops.objectopslag import maak_bucket

    stack.start_redis()
    # A fresh SMTP record: references start again at DLF-<year>-00001 in every new database.
    (FAULTS_DIR / "sink.sqlite3").unlink(missing_ok=True)
    stack.start_sink(0.0)
    stack.start_seaweedfs(publiek=(BUCKET_PUBLIEK,))
    client = s3_client(p)
    for bucket in (BUCKET_PRIVE, BUCKET_PUBLIEK):
        maak_bucket(client, bucket)
    log("database, migrations, demo data, static files")
    stack.bereid_voor()
    stack.start_qcluster("qcluster-a")
    stack.start_qcluster("qcluster-b")
    stack.start_gunicorn("gunicorn-a", "web-a")
    stack.start_gunicorn("gunicorn-b", "web-b")
    stack.start_nginx(schrijf_nginx_conf(p))


# --- The smoke checks ---------------------------------------------------------------------------


class Fout(Exception):
    pass


def controleer(voorwaarde: bool, wat: str) -> None:
    if not voorwaarde:
        raise Fout(wat)
    log(f"ok: {wat}")


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def smoke(stack: Stack, p: dict[str, int]) -> None:
    basis = f"http://{HOST}:{p['nginx']}"
    gezond = requests.get(f"{basis}/gezond/", timeout=10)
    status = gezond.json() if gezond.ok else {}
    controleer(
        gezond.status_code == 200
        and (status.get("database"), status.get("cache"), status.get("broker"))
        == ("ok", "ok", "ok"),
        f"/gezond/ through nginx: {gezond.status_code} {status}",
    )
    controleer(
        len(gezond.headers.get("X-Request-ID", "")) >= 8, "the request id from nginx is returned"
    )

    home = requests.get(f"{basis}/", timeout=10)
    css = next(
        (pad for pad in _links(home.text) if pad.startswith("/static/") and pad.endswith(".css")),
        None,
    )
    controleer(home.status_code == 200 and css is not None, "the home page links hashed CSS")
    statisch = requests.get(f"{basis}{css}", headers={"Accept-Encoding": "gzip"}, timeout=10)
    controleer(
        statisch.status_code == 200
        and "immutable" in statisch.headers.get("Cache-Control", "")
        and statisch.headers.get("Content-Encoding") == "gzip",
        f"static file far-future and compressed: {statisch.headers.get('Cache-Control')}",
    )

    data.configureer(stack.env)
    omgeving_ = data.omgeving()
    eigenaar, ander = data.maak_bewoners("topologie", 2)
    meting = Meting()
    client = Client(basis, meting, "10.1.0.1", eigenaar.sessionid)
    uitkomst = vul_in(client, omgeving_.regeling_pad, "Topologiestraat", omgeving_.buurt_pks[0])
    controleer(uitkomst.status == "klaar", f"application filled in through nginx: {uitkomst}")
    stap4 = f"{basis}/aanvragen/{uitkomst.pk}/stap/4/"
    pagina = client.http.get(stap4, timeout=30)
    r = client.http.post(
        stap4,
        data={
            "csrfmiddlewaretoken": client.token(pagina.text),
            "bijlage_soort": "foto",
            "bijlage_toevoegen": "1",
            "naam_aanvrager": "Bewoner van de straat",
            "adres_aanvrager": "Topologiestraat 12, 2624 HE Delft",
            "iban": "NL91 ABNA 0417 1643 00",
            "privacy_akkoord": "on",
        },
        files={"bijlage": ("foto.png", png(), "image/png")},
        allow_redirects=False,
        timeout=30,
    )
    controleer(r.status_code in (200, 302), f"attachment uploaded through nginx: {r.status_code}")

    from participatie.models import Bijlage

    bijlage = Bijlage.objects.get(aanvraag_id=uitkomst.pk)
    s3 = s3_client(p)
    sleutels = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET_PRIVE).get("Contents", [])]
    controleer(bijlage.bestand.name in sleutels, "the attachment is an object in the bucket")
    controleer(
        not (FAULTS_DIR / "private" / bijlage.bestand.name).exists(), "and not a file on disk"
    )
    download = client.http.get(f"{basis}{bijlage.get_absolute_url()}", timeout=30)
    opgeslagen = s3.get_object(Bucket=BUCKET_PRIVE, Key=bijlage.bestand.name)["Body"].read()
    controleer(
        download.status_code == 200 and download.content == opgeslagen,
        "the owner downloads it through nginx",
    )
    vreemde = Client(basis, meting, "10.1.0.2", ander.sessionid)
    controleer(
        vreemde.http.get(f"{basis}{bijlage.get_absolute_url()}", timeout=30).status_code == 404,
        "another resident gets 404",
    )
    publiek = requests.get(
        f"http://{HOST}:{p['s3']}/{BUCKET_PRIVE}/{bijlage.bestand.name}", timeout=10
    )
    controleer(publiek.status_code in (403, 401), "the object has no public URL")

    te_groot = requests.post(
        f"{basis}/aanvragen/{uitkomst.pk}/stap/4/",
        files={"bijlage": ("groot.png", b"0" * ((MAX_MB + 2) * 1024 * 1024), "image/png")},
        timeout=30,
    )
    controleer(te_groot.status_code == 413, "nginx refuses a request above the upload limit")

    log("killing gunicorn-a (SIGKILL to its process group)")
    stack.processen["gunicorn-a"].kill9()
    antwoorden = [requests.get(f"{basis}/", timeout=10).status_code for _ in range(30)]
    controleer(
        antwoorden == [200] * 30, f"fail-over: 30 pages after the kill, answers {set(antwoorden)}"
    )
    data.sluit_verbindingen()


def _links(html: str) -> list[str]:
    import re

    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("actie", choices=["up", "smoke"])
    opties = parser.parse_args(argv)
    p = poorten()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    stack = Stack(DATABASE, p, omgeving(p))
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        start(stack, p)
        if opties.actie == "smoke":
            smoke(stack, p)
            log("topology smoke test passed")
            return 0
        log(
            f"up: http://{HOST}:{p['nginx']}/ (nginx) -> gunicorn {p['web-a']} and "
            f"{p['web-b']}; S3 http://{HOST}:{p['s3']}; logs in var/faults/logs/. Ctrl+C stops."
        )
        while all(proces.leeft() for proces in stack.processen.values()):
            time.sleep(1)
        log("a process stopped; stopping the others")
        return 1
    except Fout as fout:
        log(f"FAILED: {fout}")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
        if stack.database_gemaakt:
            stack.verwijder_database()


if __name__ == "__main__":
    sys.exit(main())
