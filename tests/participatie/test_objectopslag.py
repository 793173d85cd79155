"""Attachments in object storage (a real SeaweedFS S3 gateway, tests/objectopslag.py): stored
as private objects in the bucket and not on disk, streamed to the owner by the checked view, 404
for anyone else, and deleted from the bucket by erasure and by the retention rule."""

from datetime import timedelta

from django.utils import timezone, translation

import pytest

from participatie import privacy
from participatie.constants import Status
from participatie.models import Aanvraag, Bijlage
from portal.accounts.privacy import verwijder_account
from tests.objectopslag import sleutels

from .conftest import STAP4, png_bestand, stap_url, start, vul_in

pytestmark = [pytest.mark.django_db, pytest.mark.objectopslag]


@pytest.fixture
def aanvraag(client, bewoner, straatfeest, s3_bucket):
    client.force_login(bewoner)
    aanvraag = start(client, straatfeest)
    vul_in(client, aanvraag)
    response = client.post(
        stap_url(aanvraag, 4),
        {"bijlage_soort": "foto", "bijlage": png_bestand(), "bijlage_toevoegen": "1", **STAP4},
    )
    assert response.status_code in (200, 302)
    return aanvraag


def test_an_attachment_is_a_private_object_in_the_bucket_not_a_file_on_disk(
    aanvraag,
    s3_bucket,
    settings,
):
    client, bucket = s3_bucket
    bijlage = aanvraag.bijlagen.get()
    assert sleutels(client, bucket) == [bijlage.bestand.name]
    assert not (settings.PRIVATE_MEDIA_ROOT / bijlage.bestand.name).exists()
    acl = client.get_object_acl(Bucket=bucket, Key=bijlage.bestand.name)
    assert not [g for g in acl.get("Grants", []) if "AllUsers" in str(g.get("Grantee"))]
    with pytest.raises(ValueError):
        bijlage.bestand.url  # noqa: B018 (no URL, also not a signed one)


def test_the_owner_gets_the_bytes_through_the_view_others_get_404(
    client,
    aanvraag,
    bewoner,
    bewoner_b,
    s3_bucket,
):
    s3, bucket = s3_bucket
    bijlage = aanvraag.bijlagen.get()
    opgeslagen = s3.get_object(Bucket=bucket, Key=bijlage.bestand.name)["Body"].read()
    client.force_login(bewoner)
    response = client.get(bijlage.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == opgeslagen
    assert response["Content-Type"] == "image/png"
    client.force_login(bewoner_b)
    assert client.get(bijlage.get_absolute_url()).status_code == 404


def test_erasure_deletes_the_object(aanvraag, bewoner, s3_bucket):
    client, bucket = s3_bucket
    assert sleutels(client, bucket)
    verwijder_account(bewoner)
    assert sleutels(client, bucket) == []
    assert not Bijlage.objects.filter(aanvraag_id=aanvraag.pk).exists()


def test_retention_deletes_the_objects_of_old_drafts_and_nothing_else(
    client,
    aanvraag,
    bewoner_b,
    straatfeest,
    s3_bucket,
    settings,
):
    s3, bucket = s3_bucket
    # A second, recent draft with an attachment: it stays.
    client.force_login(bewoner_b)
    recent = start(client, straatfeest)
    vul_in(client, recent)
    client.post(
        stap_url(recent, 4),
        {"bijlage_soort": "foto", "bijlage": png_bestand(), "bijlage_toevoegen": "1", **STAP4},
    )
    blijft = recent.bijlagen.get().bestand.name
    oud = timezone.now() - timedelta(days=settings.RETENTIE_CONCEPT_DAGEN + 1)
    Aanvraag.objects.filter(pk=aanvraag.pk, status=Status.CONCEPT).update(gewijzigd=oud)

    assert privacy.oude_concepten() == 1
    assert sleutels(s3, bucket) == [blijft]


@pytest.fixture
def opslag_weg(settings, s3_bucket):
    """The object store down: its endpoint is a port where nothing listens."""
    from ops.objectopslag import vrije_poort

    settings.AWS_S3_ENDPOINT_URL = f"http://127.0.0.1:{vrije_poort()}"


def test_with_the_store_down_an_upload_keeps_the_draft_and_says_try_again(
    client, aanvraag, bewoner, opslag_weg
):
    client.force_login(bewoner)
    response = client.post(
        stap_url(aanvraag, 4),
        {
            "bijlage_soort": "foto",
            "bijlage": png_bestand(),
            "bijlage_toevoegen": "1",
            **STAP4,
            "naam_aanvrager": "Nieuwe Naam",
        },
    )
    assert response.status_code == 200
    with translation.override("nl"):
        melding = translation.gettext(
            "Your attachment could not be stored just now. Your other answers have been "
            "saved: add the attachment again in a minute."
        )
    assert melding in response.content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.naam_aanvrager == "Nieuwe Naam"  # the rest of the step is saved
    assert aanvraag.bijlagen.count() == 1  # only the one stored before the outage


def test_with_the_store_down_a_download_is_a_dutch_503_not_a_500(
    client, aanvraag, bewoner, opslag_weg
):
    client.force_login(bewoner)
    client.raise_request_exception = False
    response = client.get(aanvraag.bijlagen.get().get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "20"
    assert "opnieuw" in response.content.decode().lower()
