"""Attachments: private storage under random names, and serving with protective headers.

No database: storage goes to ``tmp_path``.
"""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.utils import timezone

import pytest

from portal.bijlagen import (
    GecontroleerdBestand,
    bijlage_opslag,
    bijlage_pad,
    controleer_bestand,
    serveer_bijlage,
)
from portal.core.middleware import ContentSecurityPolicyMiddleware

from .helpers import MINIMALE_PDF, afbeelding, upload

# --- Storage ------------------------------------------------------------------------------------


def test_stored_names_are_random_dated_and_keep_only_the_normalised_extension():
    namen = {bijlage_pad(None, "bijlage.png") for _ in range(1000)}

    assert len(namen) == 1000
    vandaag = timezone.localdate()
    patroon = re.compile(rf"^bijlagen/{vandaag:%Y}/{vandaag:%m}/[0-9a-f]{{32}}\.png$")
    assert all(patroon.match(naam) for naam in namen)
    assert bijlage_pad(None, "bijlage.pdf").endswith(".pdf")
    assert bijlage_pad(None, "Mijn geheime foto.JPG").endswith(".jpg")
    assert "geheime" not in bijlage_pad(None, "Mijn geheime foto.jpg")


@pytest.mark.parametrize("naam", ["aanval.html", "foto.svg", "bijlage", "foto.jpeg", "x.php"])
def test_a_name_that_did_not_come_from_the_check_is_refused_by_upload_to(naam):
    with pytest.raises(ValueError, match="extension"):
        bijlage_pad(None, naam)


def test_the_storage_is_private_outside_media_and_static_without_a_url(settings):
    opslag = bijlage_opslag()
    locatie = Path(opslag.location).resolve()

    for publiek in (settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not locatie.is_relative_to(Path(publiek).resolve())
    assert opslag.base_url is None
    with pytest.raises(ValueError, match="no URL"):
        opslag.url("bijlagen/2026/01/x.png")


def test_the_storage_follows_the_setting_and_has_a_default(settings, tmp_path):
    opslag = bijlage_opslag()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    assert Path(opslag.location) == tmp_path / "prive"

    del settings.PRIVATE_MEDIA_ROOT
    assert Path(opslag.location) == Path(settings.BASE_DIR) / "var" / "private"


@pytest.mark.parametrize("publiek", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_a_private_root_inside_a_public_directory_is_refused(settings, publiek):
    settings.PRIVATE_MEDIA_ROOT = Path(getattr(settings, publiek)) / "prive"
    with pytest.raises(ImproperlyConfigured):
        bijlage_opslag().location  # noqa: B018


def bestandsveld():
    veld = FileField(storage=bijlage_opslag, upload_to=bijlage_pad, max_length=200)
    veld.set_attributes_from_name("bestand")
    return veld


class Houder:
    """Stands in for the model instance: enough for FieldFile.save(save=False)."""


def bewaar(resultaat: GecontroleerdBestand) -> FieldFile:
    veldbestand = FieldFile(Houder(), bestandsveld(), None)
    veldbestand.save(f"bijlage{resultaat.extensie}", ContentFile(resultaat.inhoud), save=False)
    return veldbestand


def test_a_checked_file_is_stored_under_a_random_name_with_private_permissions(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resultaat = controleer_bestand(upload(afbeelding("PNG"), "foto van mijn straat.png"))

    veldbestand = bewaar(resultaat)

    assert re.fullmatch(r"bijlagen/\d{4}/\d{2}/[0-9a-f]{32}\.png", veldbestand.name)
    pad = tmp_path / veldbestand.name
    assert pad.read_bytes() == resultaat.inhoud
    assert pad.stat().st_mode & 0o777 == 0o640


# --- Serving ------------------------------------------------------------------------------------


def sluit(response) -> None:
    """Close the streamed file. Not response.close(): that fires request_finished, which
    touches the database connection, and these tests run without one."""
    response.file_to_stream.close()


def inhoud_van(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        sluit(response)


def test_an_image_is_served_inline_with_protective_headers(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resultaat = controleer_bestand(upload(afbeelding("JPEG"), "straat.jpg"))
    veldbestand = bewaar(resultaat)

    response = serveer_bijlage(veldbestand, resultaat.mime, resultaat.oorspronkelijke_naam)

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        "inline; filename=\"straat.jpg\"; filename*=UTF-8''straat.jpg"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert int(response["Content-Length"]) == len(resultaat.inhoud)
    assert inhoud_van(response) == resultaat.inhoud


def test_a_pdf_is_always_downloaded_with_an_rfc_6266_file_name(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resultaat = controleer_bestand(upload(MINIMALE_PDF, "Begroting “Tanthof” – 2026.pdf"))
    veldbestand = bewaar(resultaat)

    response = serveer_bijlage(veldbestand, resultaat.mime, resultaat.oorspronkelijke_naam)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Begroting _Tanthof_ _ 2026.pdf"; '
        "filename*=UTF-8''Begroting%20%E2%80%9CTanthof%E2%80%9D%20%E2%80%93%202026.pdf"
    )
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert inhoud_van(response) == MINIMALE_PDF


def test_a_stored_name_cannot_inject_headers_or_change_the_type(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    veldbestand = bewaar(controleer_bestand(upload(MINIMALE_PDF, "a.pdf")))

    response = serveer_bijlage(veldbestand, "application/pdf", 'x"\r\nSet-Cookie: a=b;.html')
    koptekst = response["Content-Disposition"]
    sluit(response)

    assert "\r" not in koptekst and "\n" not in koptekst
    assert koptekst.startswith('attachment; filename="x_Set-Cookie: a=b.pdf"; ')
    with pytest.raises(ValueError, match="attachment type"):
        serveer_bijlage(veldbestand, "text/html", "a.html")


def test_the_site_wide_csp_does_not_replace_the_sandbox(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    resultaat = controleer_bestand(upload(afbeelding("PNG"), "a.png"))
    response = serveer_bijlage(bewaar(resultaat), resultaat.mime, "a.png")

    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    doorgegeven = middleware(RequestFactory().get("/aanvragen/1/bijlagen/1/"))
    sluit(response)

    assert doorgegeven["Content-Security-Policy"] == "default-src 'none'; sandbox"
