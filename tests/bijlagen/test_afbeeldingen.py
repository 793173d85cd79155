"""Attachments: images are re-encoded from their pixels (metadata stripped), broken images and
decompression bombs are refused. No database: files are built in the test with Pillow."""

import io
import random
import warnings

from django.utils import translation

import pytest
from PIL import Image

from portal.bijlagen import GecontroleerdBestand, afbeeldingen, controleer_bestand

from .helpers import afbeelding, open_beeld, png_met_afmetingen, upload, weigert


def ruis(formaat="JPEG", grootte=(256, 256), **opties) -> bytes:
    """An image of random pixels: large scan data, so truncating it really cuts pixels."""
    pixels = random.Random(7).randbytes(grootte[0] * grootte[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", grootte, pixels).save(buffer, formaat, **opties)
    return buffer.getvalue()


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

    assert open_beeld(resultaat.inhoud).size == (afbeeldingen.MAX_ZIJDE, 100)


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
    monkeypatch.setattr(afbeeldingen, "MAX_PIXELS", 100)
    weigert(upload(afbeelding("JPEG", grootte=(20, 20)), "a.jpg"), "afbeelding_te_groot")
    assert controleer_bestand(upload(afbeelding("JPEG", grootte=(10, 10)), "a.jpg"))
