"""Building files for the attachment tests: images with Pillow, PDFs by hand, and ``weigert``."""

import io
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest
from PIL import Image

from portal.bijlagen import BijlageFout, controleer_bestand


def afbeelding(formaat="JPEG", grootte=(64, 48), kleur=(200, 40, 40), modus="RGB", **opties):
    buffer = io.BytesIO()
    Image.new(modus, grootte, kleur).save(buffer, formaat, **opties)
    return buffer.getvalue()


def upload(data: bytes, naam="bestand.bin", content_type="application/octet-stream"):
    return SimpleUploadedFile(naam, data, content_type=content_type)


def open_beeld(data: bytes):
    beeld = Image.open(io.BytesIO(data))
    beeld.load()
    return beeld


def png_chunk(soort: bytes, inhoud: bytes) -> bytes:
    crc = zlib.crc32(soort + inhoud) & 0xFFFFFFFF
    return struct.pack(">I", len(inhoud)) + soort + inhoud + struct.pack(">I", crc)


def png_met_afmetingen(breedte: int, hoogte: int) -> bytes:
    """A PNG whose header declares these dimensions, with almost no pixel data behind it."""
    ihdr = struct.pack(">IIBBBBB", breedte, hoogte, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def maak_pdf(*objecten: bytes, trailer_extra: bytes = b"") -> bytes:
    """A small PDF written by hand, with a correct cross-reference table."""
    uit = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    posities = []
    for nummer, inhoud in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += str(nummer).encode() + b" 0 obj\n" + inhoud + b"\nendobj\n"
    xref = len(uit)
    uit += b"xref\n0 " + str(len(objecten) + 1).encode() + b"\n0000000000 65535 f \n"
    for positie in posities:
        uit += f"{positie:010d} 00000 n \n".encode()
    uit += b"trailer\n<< /Size " + str(len(objecten) + 1).encode() + b" /Root 1 0 R"
    uit += trailer_extra + b" >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(uit)


CATALOGUS = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGINAS = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGINA = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def stroom(inhoud: bytes, woordenboek: bytes = b"") -> bytes:
    gecomprimeerd = zlib.compress(inhoud)
    lengte = str(len(gecomprimeerd)).encode()
    return (
        b"<< /Filter /FlateDecode /Length "
        + lengte
        + woordenboek
        + b" >>\nstream\n"
        + gecomprimeerd
        + b"\nendstream"
    )


MINIMALE_PDF = maak_pdf(CATALOGUS, PAGINAS, PAGINA)


def weigert(bestand, code: str, **kwargs) -> BijlageFout:
    """The upload is refused with this code and a readable, fully interpolated message."""
    with pytest.raises(BijlageFout) as info:
        controleer_bestand(bestand, **kwargs)
    fout = info.value
    assert isinstance(fout, ValidationError)
    assert fout.code == code
    with translation.override("en"):
        tekst = " ".join(fout.messages)
    assert tekst.strip()
    assert "%(" not in tekst
    return fout
