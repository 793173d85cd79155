"""Attachments: type from content only, metadata stripped, PDFs screened, private storage.

No database: files are built in the test with Pillow or by hand, storage goes to ``tmp_path``.
"""

import io
import random
import re
import struct
import warnings
import zlib
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.utils import timezone, translation

import pytest
from PIL import Image

from participatie import bijlagen
from participatie.bijlagen import (
    ALLOWED,
    BijlageFout,
    GecontroleerdBestand,
    bijlage_opslag,
    bijlage_pad,
    controleer_bestand,
    serveer_bijlage,
)
from portal.core.middleware import ContentSecurityPolicyMiddleware

# --- Building files -----------------------------------------------------------------------------


def afbeelding(formaat="JPEG", grootte=(64, 48), kleur=(200, 40, 40), modus="RGB", **opties):
    buffer = io.BytesIO()
    Image.new(modus, grootte, kleur).save(buffer, formaat, **opties)
    return buffer.getvalue()


def ruis(formaat="JPEG", grootte=(256, 256), **opties) -> bytes:
    """An image of random pixels: large scan data, so truncating it really cuts pixels."""
    pixels = random.Random(7).randbytes(grootte[0] * grootte[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", grootte, pixels).save(buffer, formaat, **opties)
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


# --- Images: accepted and re-encoded ------------------------------------------------------------


@pytest.mark.parametrize(
    ("formaat", "mime", "extensie"),
    [("JPEG", "image/jpeg", ".jpg"), ("PNG", "image/png", ".png"), ("WEBP", "image/webp", ".webp")],
)
def test_a_real_image_is_accepted_and_re_encoded_in_its_own_format(formaat, mime, extensie):
    origineel = afbeelding(formaat, grootte=(80, 60))
    resultaat = controleer_bestand(upload(origineel, f"foto{extensie}", mime))

    assert isinstance(resultaat, GecontroleerdBestand)
    assert (resultaat.mime, resultaat.extensie) == (mime, extensie)
    assert resultaat.oorspronkelijke_naam == f"foto{extensie}"
    beeld = open_beeld(resultaat.inhoud)
    assert beeld.format == formaat
    assert beeld.size == (80, 60)
    assert resultaat.als_contentfile().name == f"bijlage{extensie}"
    assert resultaat.als_contentfile().read() == resultaat.inhoud


def test_gps_exif_and_a_maker_note_are_gone_from_a_jpeg_but_the_pixel_size_is_kept():
    exif = Image.Exif()
    exif[0x010F] = "Testcamera"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 0.0, 30.0), 3: "E", 4: (4.0, 21.0, 0.0)}  # GPSInfo
    exif[0x8769] = {0x927C: b"GEHEIME-MAKERNOTE"}  # Exif IFD with a MakerNote
    origineel = afbeelding("JPEG", grootte=(120, 90), exif=exif.tobytes(), comment=b"commentaar")
    assert open_beeld(origineel).getexif().get_ifd(0x8825)  # the test file really has GPS

    resultaat = controleer_bestand(upload(origineel, "IMG_0001.JPG", "image/jpeg"))

    beeld = open_beeld(resultaat.inhoud)
    assert dict(beeld.getexif()) == {}
    assert beeld.getexif().get_ifd(0x8825) == {}
    for spoor in (b"Exif", b"GEHEIME-MAKERNOTE", b"Testcamera", b"commentaar"):
        assert spoor not in resultaat.inhoud
    assert "comment" not in beeld.info
    assert beeld.size == (120, 90)
    assert resultaat.oorspronkelijke_naam == "IMG_0001.JPG"


def test_metadata_is_gone_from_png_and_webp_too():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 0.0, 30.0)}
    from PIL.PngImagePlugin import PngInfo

    tekst = PngInfo()
    tekst.add_text("Comment", "GEHEIME-TEKST")
    png = afbeelding("PNG", exif=exif.tobytes(), pnginfo=tekst, icc_profile=b"GEHEIM-ICC" * 20)
    webp = afbeelding("WEBP", exif=exif.tobytes(), xmp=b"<x:xmpmeta>GEHEIME-XMP</x:xmpmeta>")
    assert b"GEHEIME-TEKST" in png and b"GEHEIME-XMP" in webp

    schone_png = controleer_bestand(upload(png, "a.png")).inhoud
    schone_webp = controleer_bestand(upload(webp, "a.webp")).inhoud

    for inhoud, sporen in (
        (schone_png, (b"eXIf", b"Exif", b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"GEHEIME-TEKST")),
        (schone_webp, (b"EXIF", b"Exif", b"XMP ", b"ICCP", b"GEHEIME-XMP")),
    ):
        for spoor in sporen:
            assert spoor not in inhoud
        assert dict(open_beeld(inhoud).getexif()) == {}


def test_an_exif_rotated_photo_keeps_its_visual_orientation():
    # Stored landscape, red left and blue right; orientation 6 says "turn 90° clockwise".
    beeld = Image.new("RGB", (80, 40), (220, 0, 0))
    beeld.paste((0, 0, 220), (40, 0, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    beeld.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)

    resultaat = open_beeld(controleer_bestand(upload(buffer.getvalue(), "scheef.jpg")).inhoud)

    assert resultaat.size == (40, 80)  # portrait, as the camera meant it
    assert 0x0112 not in resultaat.getexif()  # no orientation left to apply twice
    boven, onder = resultaat.getpixel((20, 10)), resultaat.getpixel((20, 70))
    assert boven[0] > 150 and boven[2] < 80  # red on top
    assert onder[2] > 150 and onder[0] < 80  # blue at the bottom


def test_a_png_renamed_to_pdf_is_stored_as_the_png_it_is():
    resultaat = controleer_bestand(upload(afbeelding("PNG"), "begroting.pdf", "application/pdf"))

    assert resultaat.mime == "image/png"
    assert resultaat.extensie == ".png"
    assert resultaat.oorspronkelijke_naam == "begroting.png"
    assert open_beeld(resultaat.inhoud).format == "PNG"


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_a_plain_jpeg():
    buffer = io.BytesIO()
    eerste, tweede = Image.new("RGB", (30, 20), "red"), Image.new("RGB", (30, 20), "blue")
    eerste.save(buffer, "MPO", save_all=True, append_images=[tweede])

    resultaat = controleer_bestand(upload(buffer.getvalue(), "stereo.jpg"))

    assert resultaat.mime == "image/jpeg"
    beeld = open_beeld(resultaat.inhoud)
    assert (beeld.format, beeld.size, getattr(beeld, "n_frames", 1)) == ("JPEG", (30, 20), 1)


def test_a_very_wide_image_is_scaled_down_to_the_maximum_side():
    resultaat = controleer_bestand(upload(afbeelding("PNG", grootte=(3600, 120)), "panorama.png"))

    assert open_beeld(resultaat.inhoud).size == (bijlagen.MAX_ZIJDE, 100)


def test_palette_transparency_and_16_bit_grey_survive_re_encoding():
    palet = Image.new("P", (10, 10), 1)
    palet.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    buffer = io.BytesIO()
    palet.save(buffer, "PNG", transparency=0)
    doorzichtig = open_beeld(controleer_bestand(upload(buffer.getvalue(), "p.png")).inhoud)
    assert doorzichtig.mode == "RGBA"
    assert doorzichtig.getpixel((0, 0)) == (255, 0, 0, 255)

    grijs = afbeelding("PNG", grootte=(10, 10), kleur=40000, modus="I;16")
    beeld = open_beeld(controleer_bestand(upload(grijs, "scan.png")).inhoud)
    assert beeld.mode == "L"
    assert beeld.getpixel((0, 0)) == 40000 // 256  # scaled, not clipped to white

    zwartwit = afbeelding("PNG", grootte=(10, 10), kleur=1, modus="1")
    assert open_beeld(controleer_bestand(upload(zwartwit, "scan.png")).inhoud).mode == "L"

    cmyk = open_beeld(controleer_bestand(upload(afbeelding("JPEG", modus="CMYK", kleur=0))).inhoud)
    assert cmyk.mode == "RGB"


# --- Refused: type --------------------------------------------------------------------------


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.mark.parametrize(
    ("inhoud", "naam", "content_type"),
    [
        pytest.param(SVG, "foto.png", "image/png", id="svg-with-script-as-png"),
        pytest.param(
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "foto.jpg",
            "image/jpeg",
            id="html-as-jpg",
        ),
        pytest.param(afbeelding("GIF"), "foto.gif", "image/gif", id="gif"),
        pytest.param(afbeelding("BMP"), "foto.jpg", "image/jpeg", id="bmp-as-jpg"),
        pytest.param(afbeelding("TIFF"), "scan.tif", "image/tiff", id="tiff"),
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64,
            "begroting.docx",
            "application/pdf",
            id="office-zip-as-pdf",
        ),
        pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 64, "foto.jpg", "image/jpeg", id="exe"),
        pytest.param(b"Beste buren, ...\n", "brief.pdf", "application/pdf", id="text"),
        pytest.param(
            b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32, "a.webp", "image/webp", id="riff-wave"
        ),
        pytest.param(b" %PDF-1.4\n%%EOF\n", "a.pdf", "application/pdf", id="pdf-not-at-offset-0"),
    ],
)
def test_anything_but_jpeg_png_webp_and_pdf_is_refused_whatever_its_name(
    inhoud, naam, content_type
):
    fout = weigert(upload(inhoud, naam, content_type), "type_niet_toegestaan")
    with translation.override("en"):
        assert "not allowed" in fout.messages[0]


# --- Refused: size ------------------------------------------------------------------------------


class NietLezen:
    """An upload that announces its size and fails the test when it is read."""

    name = "groot.jpg"

    def __init__(self, size):
        self.size = size

    def read(self, *args):
        raise AssertionError("the file was read")

    def seek(self, *args):
        raise AssertionError("the file was touched")

    chunks = read


def test_an_oversized_file_is_refused_from_its_size_before_it_is_read():
    fout = weigert(NietLezen(size=2 * 1024 * 1024), "te_groot", max_bytes=1024 * 1024)
    with translation.override("en"):
        assert fout.messages == ["The file is too large: at most 1 MB."]


def test_the_limit_is_exact_and_a_lying_size_does_not_help():
    limiet = 1024 * 1024
    assert controleer_bestand(
        upload(b"%PDF-" + b"1" * (limiet - 12) + b"\n%%EOF\n"), max_bytes=limiet
    )
    weigert(upload(b"\xff\xd8\xff" + b"\x00" * limiet), "te_groot", max_bytes=limiet)

    liegt = io.BytesIO(b"%PDF-" + b"\x00" * 5000)
    liegt.size, liegt.name = 10, "klein.pdf"
    weigert(liegt, "te_groot", max_bytes=1000)


def test_the_limit_comes_from_settings_with_ten_mebibytes_as_default(settings):
    settings.BIJLAGE_MAX_BYTES = 100
    weigert(upload(b"\xff\xd8\xff" + b"\x00" * 200), "te_groot")

    del settings.BIJLAGE_MAX_BYTES
    fout = weigert(NietLezen(size=10 * 1024 * 1024 + 1), "te_groot")
    with translation.override("en"):
        assert "10 MB" in fout.messages[0]


def test_an_empty_file_is_refused():
    fout = weigert(upload(b"", "leeg.jpg", "image/jpeg"), "leeg")
    with translation.override("en"):
        assert fout.messages == ["The file is empty."]
    zonder_grootte = io.BytesIO(b"")
    zonder_grootte.name = "leeg.pdf"
    weigert(zonder_grootte, "leeg")


# --- Refused: broken images and decompression bombs ---------------------------------------------


@pytest.mark.parametrize(
    "inhoud",
    [
        pytest.param(ruis("JPEG", quality=95)[:20_000], id="truncated-jpeg"),
        pytest.param(ruis("PNG")[:30_000], id="truncated-png"),
        pytest.param(ruis("WEBP")[:5_000], id="truncated-webp"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"rommel" * 50, id="jpeg-magic-then-garbage"),
        pytest.param(b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16, id="webp-garbage"),
    ],
)
def test_a_truncated_or_corrupt_image_is_refused(inhoud):
    fout = weigert(upload(inhoud, "foto.jpg", "image/jpeg"), "afbeelding_onleesbaar")
    with translation.override("en"):
        assert fout.messages == ["The image could not be read."]


def test_a_png_with_a_broken_checksum_is_refused():
    png = bytearray(afbeelding("PNG", grootte=(20, 20)))
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # a byte of the compressed pixel data; its CRC no longer matches
    weigert(upload(bytes(png), "a.png"), "afbeelding_onleesbaar")


@pytest.mark.parametrize(
    ("breedte", "hoogte"),
    [
        pytest.param(100_000, 100_000, id="pillow-refuses-itself"),
        pytest.param(10_000, 10_000, id="pillow-only-warns"),
        pytest.param(8_000, 6_000, id="below-pillow-limit-above-ours"),
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(breedte, hoogte):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        fout = weigert(
            upload(png_met_afmetingen(breedte, hoogte), "bom.png"), "afbeelding_te_groot"
        )
    with translation.override("en"):
        assert fout.messages == ["The image is too large: at most 24 megapixels."]


def test_pillows_bomb_warning_raised_as_an_error_is_also_caught():
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        weigert(upload(png_met_afmetingen(10_000, 10_000), "bom.png"), "afbeelding_te_groot")


def test_the_pixel_limit_applies_to_real_images(monkeypatch):
    monkeypatch.setattr(bijlagen, "MAX_PIXELS", 100)
    weigert(upload(afbeelding("JPEG", grootte=(20, 20)), "a.jpg"), "afbeelding_te_groot")
    assert controleer_bestand(upload(afbeelding("JPEG", grootte=(10, 10)), "a.jpg"))


# --- PDF ----------------------------------------------------------------------------------------


def test_a_minimal_valid_pdf_is_accepted_unchanged():
    resultaat = controleer_bestand(upload(MINIMALE_PDF, "Begroting 2026.PDF", "application/pdf"))

    assert resultaat.inhoud == MINIMALE_PDF
    assert (resultaat.mime, resultaat.extensie) == ("application/pdf", ".pdf")
    assert resultaat.oorspronkelijke_naam == "Begroting 2026.PDF"


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /GoTo /D [3 0 R /Fit] >> >>",
                PAGINAS,
                PAGINA,
            ),
            id="open-action-without-javascript",
        ),
        pytest.param(
            maak_pdf(CATALOGUS, PAGINAS, PAGINA, stroom(b"BT /F1 12 Tf (Hallo /JSON) Tj ET")),
            id="compressed-page-content",
        ),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                b"<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length 262144 >>\n"
                b"stream\n" + random.Random(2026).randbytes(262_144) + b"\nendstream",
            ),
            id="random-binary-image-data",
        ),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                stroom(b"4 0 5 40 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            ),
            id="benign-object-stream",
        ),
    ],
)
def test_ordinary_pdfs_are_accepted(pdf):
    assert controleer_bestand(upload(pdf, "a.pdf")).inhoud == pdf


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n"
            + MINIMALE_PDF[9:],
            id="html-in-the-first-kilobyte",
        ),
        pytest.param(
            MINIMALE_PDF[:-6]
            + b"\n"
            + b" " * 4000
            + b"<!DOCTYPE html>\n<svg onload=alert(1)>"
            + b"\n%%EOF\n",
            id="html-further-on",
        ),
        pytest.param(
            maak_pdf(CATALOGUS, PAGINAS, PAGINA, b"(<SCRIPT>alert(1)</SCRIPT>)"),
            id="script-in-a-string-upper-case",
        ),
    ],
)
def test_a_pdf_html_polyglot_is_refused(pdf):
    fout = weigert(upload(pdf, "a.pdf", "application/pdf"), "pdf_html")
    with translation.override("en"):
        assert fout.messages == [
            "This PDF cannot be accepted because it contains active content or is damaged."
        ]


JS_ACTIE = b"<< /S /JavaScript /JS (app.alert(1)) >>"


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", PAGINAS, PAGINA, JS_ACTIE
            ),
            id="open-action-javascript",
        ),
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScr#69pt "
                b"/JS (app.alert(1)) >> >>",
                PAGINAS,
                PAGINA,
            ),
            id="javascript-with-hex-escapes",
        ),
        pytest.param(maak_pdf(CATALOGUS, PAGINAS, PAGINA, b"<< /JS 5 0 R >>"), id="js-reference"),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                b"<< /S /Launch /F (cmd.exe) /Win << /F (calc.exe) >> >>",
            ),
            id="launch",
        ),
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
                PAGINAS,
                PAGINA,
                b"<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream",
            ),
            id="embedded-file",
        ),
        pytest.param(
            maak_pdf(CATALOGUS, PAGINAS, PAGINA, b"<< /Type /Annot /Subtype /RichMedia >>"),
            id="rich-media",
        ),
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /XFA 4 0 R >> >>", PAGINAS, PAGINA
            ),
            id="xfa-form",
        ),
    ],
)
def test_a_pdf_with_active_content_is_refused(pdf):
    weigert(upload(pdf, "a.pdf", "application/pdf"), "pdf_actieve_inhoud")


def zlib_met_letterlijk_begin(letterlijk: bytes, rest: bytes) -> bytes:
    """A zlib stream whose first block is stored (its bytes appear as they are in the
    compressed data), followed by ordinary compressed blocks."""
    opgeslagen = b"\x00" + struct.pack("<HH", len(letterlijk), 0xFFFF ^ len(letterlijk))
    deflate = zlib.compressobj(wbits=-15)
    gecomprimeerd = deflate.compress(rest) + deflate.flush()
    controle = struct.pack(">I", zlib.adler32(letterlijk + rest))
    return b"\x78\x9c" + opgeslagen + letterlijk + gecomprimeerd + controle


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(
            maak_pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
                PAGINAS,
                PAGINA,
                stroom(b"5 0 " + JS_ACTIE, b" /Type /ObjStm /N 1 /First 4"),
            ),
            id="javascript-in-a-compressed-object-stream",
        ),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                stroom(b"5 0 6 16 " + b"<< /Foo /Bar >> " * 200_000 + JS_ACTIE),
            ),
            id="javascript-far-into-a-large-object-stream",
        ),
        pytest.param(
            maak_pdf(CATALOGUS, PAGINAS, PAGINA, stroom(b"\n\x00 +5 0 " + JS_ACTIE)),
            id="object-stream-starting-with-white-space-and-a-sign",
        ),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream   \r\n"
                + zlib.compress(b"5 0 " + JS_ACTIE)
                + b"\nendstream",
            ),
            id="object-stream-after-junk-on-the-stream-line",
        ),
        pytest.param(
            maak_pdf(
                CATALOGUS,
                PAGINAS,
                PAGINA,
                b"<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode >>\nstream\n"
                + zlib_met_letterlijk_begin(b"5 0 6 20 (endstream) ", JS_ACTIE)
                + b"\nendstream",
            ),
            id="object-stream-containing-the-word-endstream",
        ),
    ],
)
def test_javascript_in_a_compressed_stream_is_found(pdf):
    assert not bijlagen._ACTIEF.search(pdf)  # invisible in the raw bytes
    weigert(upload(pdf, "a.pdf", "application/pdf"), "pdf_actieve_inhoud")


def test_a_name_split_over_two_decompressed_pieces_is_still_found(monkeypatch):
    monkeypatch.setattr(bijlagen, "_STUK", 3)
    monkeypatch.setattr(bijlagen, "_UIT_STUK", 5)
    for inhoud in (b"5 0 " + JS_ACTIE, b" " * 23 + b"5 0 << /S /J#61vaScript >>"):
        pdf = maak_pdf(CATALOGUS, PAGINAS, PAGINA, stroom(inhoud))
        weigert(upload(pdf, "a.pdf"), "pdf_actieve_inhoud")


def test_a_pdf_without_an_end_marker_at_its_end_is_refused():
    weigert(upload(MINIMALE_PDF.replace(b"%%EOF", b""), "a.pdf"), "pdf_beschadigd")
    weigert(upload(MINIMALE_PDF + b"\x00" * 2000, "a.pdf"), "pdf_beschadigd")


def test_an_encrypted_pdf_is_refused_with_its_own_message():
    pdf = maak_pdf(
        CATALOGUS,
        PAGINAS,
        PAGINA,
        b"<< /Filter /Standard /V 2 /R 3 >>",
        trailer_extra=b" /Encrypt 4 0 R",
    )
    fout = weigert(upload(pdf, "a.pdf"), "pdf_versleuteld")
    with translation.override("en"):
        assert "password" in fout.messages[0]


def test_a_pdf_with_a_filter_the_check_cannot_look_through_is_refused():
    verborgen = JS_ACTIE.hex().encode()
    pdf = maak_pdf(
        CATALOGUS,
        PAGINAS,
        PAGINA,
        b"<< /Type /ObjStm /Filter /ASCIIHexDecode >>\nstream\n" + verborgen + b">\nendstream",
    )
    weigert(upload(pdf, "a.pdf"), "pdf_niet_controleerbaar")


def test_the_work_spent_on_compressed_streams_is_bounded(monkeypatch):
    bom = maak_pdf(CATALOGUS, PAGINAS, PAGINA, stroom(b"1 0 " + b"0 " * 20_000))
    veel = maak_pdf(CATALOGUS, PAGINAS, PAGINA, *[stroom(b"q Q")] * 4)
    assert controleer_bestand(upload(bom, "a.pdf")) and controleer_bestand(upload(veel, "a.pdf"))

    monkeypatch.setattr(bijlagen, "_MAX_UITGEPAKT", 10_000)
    weigert(upload(bom, "a.pdf"), "pdf_niet_controleerbaar")
    monkeypatch.setattr(bijlagen, "_MAX_STROMEN", 3)
    weigert(upload(veel, "a.pdf"), "pdf_niet_controleerbaar")


# --- Display name -------------------------------------------------------------------------------


class RuweUpload(io.BytesIO):
    """An upload with the name exactly as a client sent it (Django trims some of it)."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size = name, len(data)


@pytest.mark.parametrize(
    ("naam", "verwacht"),
    [
        ("C:\\Users\\Jan\\Pictures\\straat.jpg", "straat.jpg"),
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("fo\x00to\r\n.jpg", "foto.jpg"),
        ("foto\u202egpj.exe", "fotogpj.jpg"),  # bidi override removed, extension from content
        ("  .verborgen  feest .jpeg ", "verborgen feest.jpeg"),
        ("Straatfeest Tanthof – overzicht.jpg", "Straatfeest Tanthof – overzicht.jpg"),
        ("", "bijlage.jpg"),
        ("\x07\x08", "bijlage.jpg"),
        ("rapport", "rapport.jpg"),
        ("begroting v2.1 definitief", "begroting v2.1 definitief.jpg"),
        ("x" * 300 + ".jpg", "x" * 116 + ".jpg"),
    ],
)
def test_the_display_name_is_safe_short_and_matches_the_content(naam, verwacht):
    resultaat = controleer_bestand(RuweUpload(afbeelding("JPEG"), naam))

    assert resultaat.oorspronkelijke_naam == verwacht
    assert len(resultaat.oorspronkelijke_naam) <= 120


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
    assert opslag._base_url is None
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


def test_allowed_types_are_exactly_the_four_documented_ones():
    assert ALLOWED == {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
        "application/pdf": ".pdf",
    }
