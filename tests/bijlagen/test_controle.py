"""Attachments: the type from the content only, the size limit and the safe display name.

No database: files are built in the test with Pillow or by hand.
"""

import io

from django.utils import translation

import pytest

from portal.bijlagen import ALLOWED, controleer_bestand

from .helpers import afbeelding, open_beeld, upload, weigert

# --- Type from the content ----------------------------------------------------------------------


def test_a_png_renamed_to_pdf_is_stored_as_the_png_it_is():
    resultaat = controleer_bestand(upload(afbeelding("PNG"), "begroting.pdf", "application/pdf"))

    assert resultaat.mime == "image/png"
    assert resultaat.extensie == ".png"
    assert resultaat.oorspronkelijke_naam == "begroting.png"
    assert open_beeld(resultaat.inhoud).format == "PNG"


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


def test_allowed_types_are_exactly_the_four_documented_ones():
    assert ALLOWED == {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/webp": ".webp",
        "application/pdf": ".pdf",
    }
