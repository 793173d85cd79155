"""Fixtures for signals: categories, a signal per district, photos, and logged-in clients."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from portal.bijlagen import controleer_bestand
from portal.gebieden.models import Buurt
from tests.accounts.helpers import inloggen
from tests.factories import SignaalCategorieFactory, SignaalFactory

GPS_IFD = 0x8825
GEHEIM = "Geheim-Tanthof-signaal"


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    """Photos go to a private directory of this test only."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return settings.PRIVATE_MEDIA_ROOT


def jpeg_met_exif() -> bytes:
    """A real JPEG whose EXIF holds a camera make and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Geheime Camera"  # Make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 0.0, 0.0), 3: "E", 4: (4.0, 21.0, 0.0)}
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def foto_upload(naam="IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, jpeg_met_exif(), content_type="image/jpeg")


def gecontroleerde_foto():
    return controleer_bestand(foto_upload())


@pytest.fixture
def categorie(db):
    return SignaalCategorieFactory(naam="Overlast", omschrijving="Geluid, afval, rommel")


@pytest.fixture
def buurt_tanthof(tanthof):
    return Buurt.objects.filter(wijk=tanthof).exclude(grens={}).order_by("naam").first()


@pytest.fixture
def buurt_buitenhof(buitenhof):
    return Buurt.objects.filter(wijk=buitenhof).exclude(grens={}).order_by("naam").first()


@pytest.fixture
def signaal(bewoner, categorie, buurt_tanthof):
    """A received signal of ``bewoner`` in Tanthof."""
    return SignaalFactory(
        bewoner=bewoner, categorie=categorie, in_buurt=buurt_tanthof, tekst=f"{GEHEIM}-tekst"
    )


@pytest.fixture
def signaal_buitenhof(bewoner_b, categorie, buurt_buitenhof):
    return SignaalFactory(
        bewoner=bewoner_b, categorie=categorie, in_buurt=buurt_buitenhof, tekst="Buitenhof-tekst"
    )


@pytest.fixture
def als_bewoner(client, bewoner):
    client.force_login(bewoner)
    return client


@pytest.fixture
def als_coordinator(client, coordinator_tanthof, wachtwoord):
    """The Tanthof coordinator, logged in with password and TOTP (the admin requires MFA)."""
    return inloggen(client, coordinator_tanthof, wachtwoord)
