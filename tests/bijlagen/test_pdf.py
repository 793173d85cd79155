"""Attachments: the byte-level PDF screen, also inside Flate-compressed (object) streams.

No database: files are written by hand in the test.
"""

import random
import struct
import zlib

from django.utils import translation

import pytest

from portal.bijlagen import controleer_bestand, pdf_stromen, pdf_syntax

from .helpers import (
    CATALOGUS,
    MINIMALE_PDF,
    PAGINA,
    PAGINAS,
    maak_pdf,
    stroom,
    upload,
    weigert,
)

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
    assert not pdf_syntax._ACTIEF.search(pdf)  # invisible in the raw bytes
    weigert(upload(pdf, "a.pdf", "application/pdf"), "pdf_actieve_inhoud")


def test_a_name_split_over_two_decompressed_pieces_is_still_found(monkeypatch):
    monkeypatch.setattr(pdf_stromen, "_STUK", 3)
    monkeypatch.setattr(pdf_stromen, "_UIT_STUK", 5)
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

    monkeypatch.setattr(pdf_stromen, "_MAX_UITGEPAKT", 10_000)
    weigert(upload(bom, "a.pdf"), "pdf_niet_controleerbaar")
    monkeypatch.setattr(pdf_stromen, "_MAX_STROMEN", 3)
    weigert(upload(veel, "a.pdf"), "pdf_niet_controleerbaar")
