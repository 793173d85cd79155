"""Images: the pixel limit (from the header, before decoding) and re-encoding from pixels only."""

import io
import struct

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps

from .fouten import (
    _MELDING_AFBEELDING,
    CODE_AFBEELDING_ONLEESBAAR,
    CODE_AFBEELDING_TE_GROOT,
    BijlageFout,
)

# Images with more pixels are refused from the size their header declares, before anything is
# decoded. Decoding costs CPU and memory in proportion to the pixel count (a 24 MP WebP holds
# about 100 MB per canvas while it is decoded), and we keep at most MAX_ZIJDE x MAX_ZIJDE pixels
# anyway. A photo of a street needs far less: a phone photo is 12 MP (4000 x 3000; phones with
# 48-200 MP sensors save 12 MP by default), a DSLR photo 24 MP, an A3 scan at 300 dpi 17 MP.
MAX_PIXELS = 24_000_000
MAX_ZIJDE = 3000  # longer sides are scaled down to this many pixels
JPEG_KWALITEIT = 85
WEBP_KWALITEIT = 85


def _fout_pixels():
    return BijlageFout(
        _("The image is too large: at most %(max)s megapixels."),
        CODE_AFBEELDING_TE_GROOT,
        {"max": number_format(MAX_PIXELS / 1_000_000, decimal_pos=0)},
    )


_PILLOW_FORMATEN = {"image/jpeg": ("JPEG", "MPO"), "image/png": ("PNG",), "image/webp": ("WEBP",)}
# What Pillow's decoders raise on malformed input (verify() raises SyntaxError, truncated files
# OSError, broken EXIF struct.error/KeyError/...). Anything else is a bug and should surface.
_PILLOW_FOUTEN = (
    OSError,  # includes UnidentifiedImageError and "image file is truncated"
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
)


def _herschrijf_afbeelding(data: bytes, mime: str) -> bytes:
    """Decode the image and encode it again from its pixels only, in the same format."""
    formaten = _PILLOW_FORMATEN[mime]
    if mime != "image/jpeg":
        # PNG and WebP: the size from the header, before Pillow sees the file at all (opening
        # a WebP already creates libwebp's decoder, which allocates the whole canvas).
        _controleer_afmetingen(_verklaarde_afmetingen(data, mime))
    try:
        if mime == "image/png":
            # Only PNG has a verify() that checks anything (the chunk checksums, without
            # inflating the pixels); for JPEG and WebP it would be a second open for nothing.
            with Image.open(io.BytesIO(data), formats=[formaten[0]]) as beeld:
                _controleer_pixels(beeld)
                beeld.verify()
        # Only the plugin of the sniffed format may open it (no fallback to another decoder).
        # Opening reads the headers only: for JPEG the frame header with the size.
        with Image.open(io.BytesIO(data), formats=[formaten[0]]) as beeld:
            if beeld.format not in formaten:
                raise BijlageFout(_MELDING_AFBEELDING, CODE_AFBEELDING_ONLEESBAAR)
            _controleer_pixels(beeld)  # before a single pixel is decoded
            if mime == "image/jpeg":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still gives at least
                # MAX_ZIJDE pixels: large photos then need a fraction of the memory and time.
                # PNG and WebP have no such option in Pillow: for them MAX_PIXELS is the bound.
                beeld.draft(beeld.mode, (MAX_ZIJDE, MAX_ZIJDE))
            beeld.load()  # decodes; a truncated or corrupt file fails here
            rechtop = _normaliseer_modus(beeld, mime)
            # Scaled down first (thumbnail() reduces by a whole factor first when it can), so
            # that the rotation below and the copy into a clean image handle at most MAX_ZIJDE
            # pixels a side. The box is square: scaling before rotating gives the same size.
            if max(rechtop.size) > MAX_ZIJDE:
                rechtop.thumbnail((MAX_ZIJDE, MAX_ZIJDE), Image.Resampling.LANCZOS)
            # Orientation from EXIF goes into the pixels, since the EXIF itself is dropped.
            ImageOps.exif_transpose(rechtop, in_place=True)
            # A new image with the pixels only: its ``info`` is empty, so no EXIF (with GPS),
            # XMP, IPTC, ICC profile, comments or text chunks can be written by save().
            schoon = Image.new(rechtop.mode, rechtop.size)
            schoon.paste(rechtop)
            uit = io.BytesIO()
            schoon.save(uit, **_opslaan_opties(mime))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as fout:
        raise _fout_pixels() from fout
    except _PILLOW_FOUTEN as fout:
        raise BijlageFout(_MELDING_AFBEELDING, CODE_AFBEELDING_ONLEESBAAR) from fout
    return uit.getvalue()


def _verklaarde_afmetingen(data: bytes, mime: str) -> tuple[int, int] | None:
    """Width and height as the PNG or WebP header declares them; None if it declares none.

    PNG: the IHDR chunk, which must come first. WebP: the first chunk after the RIFF header,
    the same three forms libwebp and Pillow accept (VP8X canvas, lossless VP8L, lossy VP8).
    JPEG is not read here: its size sits in a frame header after any number of other segments,
    and Pillow's open() reads only those segments, so the check after open() is soon enough.
    """
    if mime == "image/png":
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        return None
    if mime == "image/webp":
        soort = data[12:16]
        if soort == b"VP8X" and len(data) >= 30:
            breedte = int.from_bytes(data[24:27], "little") + 1
            return breedte, int.from_bytes(data[27:30], "little") + 1
        if soort == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if soort == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
            breedte, hoogte = struct.unpack("<HH", data[26:30])
            return breedte & 0x3FFF, hoogte & 0x3FFF
        return None
    raise ValueError(f"No header size for {mime}")


def _controleer_pixels(beeld) -> None:
    """Refuse decompression bombs from the declared size, before any pixel is decoded.

    Pillow's own guard (Image.MAX_IMAGE_PIXELS, ~89 megapixels: a warning, an error above twice
    that) is a process-wide setting; this limit is lower and always applies. Turning Pillow's
    warning into an error with ``warnings.catch_warnings`` is avoided on purpose: that changes
    global state and is not thread-safe. Should it be raised as an error anyway (``-W error``),
    it is caught above.
    """
    _controleer_afmetingen(beeld.size)


def _controleer_afmetingen(afmetingen: tuple[int, int] | None) -> None:
    if afmetingen is None:
        raise BijlageFout(_MELDING_AFBEELDING, CODE_AFBEELDING_ONLEESBAAR)
    breedte, hoogte = afmetingen
    if breedte <= 0 or hoogte <= 0:
        raise BijlageFout(_MELDING_AFBEELDING, CODE_AFBEELDING_ONLEESBAAR)
    if breedte * hoogte > MAX_PIXELS:
        raise _fout_pixels()


def _heeft_transparantie(beeld) -> bool:
    return beeld.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in beeld.info


def _normaliseer_modus(beeld, mime: str):
    """Convert to a mode the target format stores as 8-bit pixels without a palette."""
    if beeld.mode == "1":
        beeld = beeld.convert("L")  # black-and-white scans: 8-bit grey, not RGB
    if beeld.mode.startswith("I;16") or beeld.mode in ("I", "F"):
        # 16/32-bit greyscale (some scanners): scale to 8 bits instead of clipping to white.
        beeld = beeld.convert("I") if beeld.mode != "F" else beeld
        beeld = beeld.point(lambda waarde: waarde * (1 / 256)).convert("L")
    if mime == "image/jpeg":
        return beeld if beeld.mode in ("L", "RGB") else beeld.convert("RGB")
    if _heeft_transparantie(beeld):
        return beeld if beeld.mode == "RGBA" else beeld.convert("RGBA")
    if mime == "image/png" and beeld.mode == "L":
        return beeld
    return beeld if beeld.mode == "RGB" else beeld.convert("RGB")


def _opslaan_opties(mime: str) -> dict:
    if mime == "image/jpeg":
        return {"format": "JPEG", "quality": JPEG_KWALITEIT, "optimize": True}
    if mime == "image/png":
        return {"format": "PNG", "compress_level": 6}
    return {"format": "WEBP", "quality": WEBP_KWALITEIT, "method": 4}
