"""Attachments (bijlagen) of applications: checking, storing and serving uploaded files.

AUTHORISATION IS THE CALLER'S JOB. Nothing in this module checks who may see or add an
attachment. A view that serves one must first fetch the application the attachment belongs to
through the scoping rules (``portal.accounts.scoping`` for staff, the applicant check for
residents) and only then call ``serveer_bijlage``. Never link to the storage directly: private
files have no URL (``PriveOpslag.url`` raises).

The flow:

1. ``controleer_bestand(upload)`` in the form's clean method. It decides the type from the bytes
   only (never from the file name or the browser's content type), re-encodes images from their
   pixels (all metadata such as EXIF/GPS is gone) and screens PDFs. It raises ``BijlageFout``
   (a ``ValidationError`` with a ``code`` per reason) or returns a ``GecontroleerdBestand``.
2. Store ``gecontroleerd.als_contentfile()`` - never the upload itself - in a
   ``FileField(storage=bijlage_opslag, upload_to=bijlage_pad)``, and keep ``mime`` and
   ``oorspronkelijke_naam`` on the model.
3. Serve with ``serveer_bijlage(bijlage.bestand, bijlage.mime, <the stored display name>)``.

The PDF check is a byte-level screen, not a PDF parser: it refuses HTML polyglots, encrypted
files, and files that name JavaScript, launch actions, embedded files, rich media or XFA forms,
including inside Flate-compressed (object) streams. Actions that run by themselves (/OpenAction,
/AA) are followed to the action they lead to, and refused when that opens a web address, submits
or imports data or opens another file; the same actions behind a click (a link) are allowed.
Content hidden behind other encodings (predictors, image codecs) is not inspected, so PDFs are
additionally always served as a download, in a CSP sandbox, and staff should open them in a
viewer with JavaScript disabled.
"""

import bisect
import io
import os
import re
import struct
import unicodedata
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import Count, Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps

from .constants import BijlageSoort

__all__ = [
    "ALLOWED",
    "BijlageFout",
    "GecontroleerdBestand",
    "PriveOpslag",
    "bijlage_opslag",
    "bijlage_pad",
    "controleer_aantal",
    "controleer_bestand",
    "serveer_bijlage",
]

ALLOWED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}

STANDAARD_MAX_BYTES = 10 * 1024 * 1024  # when settings.BIJLAGE_MAX_BYTES is not set
# Images with more pixels are refused from the size their header declares, before anything is
# decoded. Decoding costs CPU and memory in proportion to the pixel count (a 24 MP WebP holds
# about 100 MB per canvas while it is decoded), and we keep at most MAX_ZIJDE x MAX_ZIJDE pixels
# anyway. A photo of a street needs far less: a phone photo is 12 MP (4000 x 3000; phones with
# 48-200 MP sensors save 12 MP by default), a DSLR photo 24 MP, an A3 scan at 300 dpi 17 MP.
MAX_PIXELS = 24_000_000
MAX_ZIJDE = 3000  # longer sides are scaled down to this many pixels
JPEG_KWALITEIT = 85
WEBP_KWALITEIT = 85
NAAM_MAX = 120  # characters of the display name
STANDAARD_NAAM = "bijlage"  # display name when the client sent none we can use
# Attachments one application may have: in total, and of one kind (BijlageSoort). Each one is
# decoded and re-encoded or screened on upload, and stored; a resident needs a few.
MAX_BIJLAGEN_PER_AANVRAAG = 10
MAX_BIJLAGEN_PER_SOORT = 5


# --- Errors -------------------------------------------------------------------------------------


class BijlageFout(ValidationError):
    """An upload that is refused. ``code`` is one of the ``CODE_*`` constants below."""

    def __init__(self, message, code, params=None):
        super().__init__(message, code=code, params=params)


CODE_LEEG = "leeg"
CODE_TE_GROOT = "te_groot"
CODE_TYPE_NIET_TOEGESTAAN = "type_niet_toegestaan"
CODE_AFBEELDING_ONLEESBAAR = "afbeelding_onleesbaar"
CODE_AFBEELDING_TE_GROOT = "afbeelding_te_groot"
CODE_PDF_HTML = "pdf_html"
CODE_PDF_ACTIEVE_INHOUD = "pdf_actieve_inhoud"
CODE_PDF_BESCHADIGD = "pdf_beschadigd"
CODE_PDF_NIET_CONTROLEERBAAR = "pdf_niet_controleerbaar"
CODE_PDF_VERSLEUTELD = "pdf_versleuteld"
CODE_PDF_AUTOMATISCHE_ACTIE = "pdf_automatische_actie"  # opens a link, sends a form, ... by itself
CODE_TE_VEEL_BIJLAGEN = "te_veel_bijlagen"
CODE_TE_VEEL_VAN_SOORT = "te_veel_van_soort"

_MELDING_TYPE = _("This type of file is not allowed. Upload a photo (JPEG, PNG or WebP) or a PDF.")
_MELDING_AFBEELDING = _("The image could not be read.")
_MELDING_PDF = _("This PDF cannot be accepted because it contains active content or is damaged.")


def _fout_leeg():
    return BijlageFout(_("The file is empty."), CODE_LEEG)


def _fout_te_groot(max_bytes: int):
    mb = max_bytes / (1024 * 1024)
    maximum = str(int(mb)) if mb == int(mb) else number_format(mb, decimal_pos=1)
    return BijlageFout(
        _("The file is too large: at most %(max)s MB."), CODE_TE_GROOT, {"max": maximum}
    )


def _fout_pixels():
    return BijlageFout(
        _("The image is too large: at most %(max)s megapixels."),
        CODE_AFBEELDING_TE_GROOT,
        {"max": number_format(MAX_PIXELS / 1_000_000, decimal_pos=0)},
    )


def _fout_pdf(code: str):
    if code == CODE_PDF_VERSLEUTELD:
        return BijlageFout(
            _("This PDF is protected with a password or encryption. Upload it without protection."),
            code,
        )
    return BijlageFout(_MELDING_PDF, code)


def _fout_te_veel(aantal: int):
    return BijlageFout(
        _(
            "This application already has %(max)s attachments, the maximum. Remove an "
            "attachment before you add another one."
        ),
        CODE_TE_VEEL_BIJLAGEN,
        {"max": aantal},
    )


def _fout_te_veel_van_soort(aantal: int, soort):
    return BijlageFout(
        _(
            'This application already has %(max)s attachments of the kind "%(soort)s", '
            "the maximum. Remove one of them before you add another one."
        ),
        CODE_TE_VEEL_VAN_SOORT,
        {"max": aantal, "soort": soort},
    )


# --- The result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GecontroleerdBestand:
    inhoud: bytes = field(repr=False)  # what will be stored (re-encoded image, original PDF)
    mime: str  # one of ALLOWED
    extensie: str  # ALLOWED[mime], decided by the content
    oorspronkelijke_naam: str  # safe display name; its extension matches the content

    def als_contentfile(self) -> ContentFile:
        """The file to save in the FileField; ``bijlage_pad`` turns the name into a UUID."""
        return ContentFile(self.inhoud, name=f"{STANDAARD_NAAM}{self.extensie}")


# --- Checking -----------------------------------------------------------------------------------


def controleer_aantal(aanvraag, soort) -> None:
    """Raise ``BijlageFout`` when ``aanvraag`` cannot take another attachment of this ``soort``.

    Call it before ``controleer_bestand``, so that an upload over the limit costs no decoding,
    and in the transaction that saves the attachment (the step view locks the application row
    by saving it first, so two uploads at once cannot both take the last place).
    """
    # Report-back photos come after the application can no longer be edited (so nothing can
    # be removed to make room): they have only their own per-kind limit.
    aantallen = aanvraag.bijlagen.aggregate(
        totaal=Count("pk", filter=~Q(soort=BijlageSoort.VERANTWOORDING)),
        van_soort=Count("pk", filter=Q(soort=soort)),
    )
    telt_mee = soort != BijlageSoort.VERANTWOORDING
    if telt_mee and aantallen["totaal"] >= MAX_BIJLAGEN_PER_AANVRAAG:
        raise _fout_te_veel(MAX_BIJLAGEN_PER_AANVRAAG)
    if aantallen["van_soort"] >= MAX_BIJLAGEN_PER_SOORT:
        label = dict(BijlageSoort.choices).get(soort, soort)
        raise _fout_te_veel_van_soort(MAX_BIJLAGEN_PER_SOORT, label)


def controleer_bestand(upload, *, max_bytes: int | None = None) -> GecontroleerdBestand:
    """Check an uploaded file and return what may be stored, or raise ``BijlageFout``."""
    if max_bytes is None:
        max_bytes = getattr(settings, "BIJLAGE_MAX_BYTES", STANDAARD_MAX_BYTES)
    grootte = getattr(upload, "size", None)
    if grootte is not None and grootte > max_bytes:
        raise _fout_te_groot(max_bytes)  # refused before a single byte is read
    if grootte == 0:
        raise _fout_leeg()
    if hasattr(upload, "seek"):
        upload.seek(0)
    # Never read more than the limit, even when ``size`` is missing or wrong.
    data = bytes(upload.read(max_bytes + 1))
    if len(data) > max_bytes:
        raise _fout_te_groot(max_bytes)
    if not data:
        raise _fout_leeg()

    mime = _bepaal_type(data)
    if mime is None:
        raise BijlageFout(_MELDING_TYPE, CODE_TYPE_NIET_TOEGESTAAN)
    if mime == "application/pdf":
        _controleer_pdf(data)
        inhoud = data
    else:
        inhoud = _herschrijf_afbeelding(data, mime)
    return GecontroleerdBestand(
        inhoud=inhoud,
        mime=mime,
        extensie=ALLOWED[mime],
        oorspronkelijke_naam=_veilige_naam(getattr(upload, "name", ""), mime),
    )


def _bepaal_type(data: bytes) -> str | None:
    """The type from the magic bytes at offset 0; None for anything not allowed."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


# Extensions a display name may keep for each type; any other extension is replaced.
_ALIASSEN = {
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "image/png": {".png"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
}


def _veilige_naam(naam, mime: str) -> str:
    """The client's file name as a safe display name.

    Only the last path component (``/`` or ``\\``), no control or format characters (this
    includes bidi overrides such as U+202E), whitespace collapsed, no leading or trailing dots,
    at most ``NAAM_MAX`` characters, and an extension that matches the content: "scan.pdf"
    holding a PNG becomes "scan.png", a name without extension gets one.
    """
    naam = unicodedata.normalize("NFC", str(naam or ""))
    naam = naam.replace("\\", "/").rsplit("/", 1)[-1]
    naam = "".join(teken for teken in naam if unicodedata.category(teken)[0] != "C")
    naam = " ".join(naam.split()).strip(" .")
    stam, ext = os.path.splitext(naam)
    if ext.lower() not in _ALIASSEN[mime]:
        if 1 < len(ext) <= 6 and ext[1:].isalnum():
            naam = stam  # a different extension ("scan.pdf" holding a PNG)
        ext = ALLOWED[mime]
        stam = naam
    stam = stam[: NAAM_MAX - len(ext)].strip(" .") or STANDAARD_NAAM
    return stam + ext


# --- Images -------------------------------------------------------------------------------------

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


# --- PDF ----------------------------------------------------------------------------------------

_KOP = 1024  # bytes at the start (HTML sniffing) and the end (%%EOF) that are checked
_HTML_IN_KOP = (b"<html", b"<script", b"<!doctype", b"<body", b"<svg")
# Elsewhere a marker must be followed by a delimiter, so that random bytes in compressed
# streams ("<svg" is only four bytes) do not refuse ordinary scans.
_HTML_OVERAL = re.compile(rb"<(?:!doctype|html|script|body|svg)[\s/>]", re.IGNORECASE)

_PDF_WIT = rb"\x00\t\n\x0c\r "  # PDF white space, as regex source
_PDF_WIT_BYTES = b"\x00\t\n\x0c\r "
_PDF_SCHEIDING = _PDF_WIT + rb"()<>\[\]{}/%"
_EINDE_NAAM = rb"(?![^" + _PDF_SCHEIDING + rb"])"  # the name ends here


def _naam(naam: str) -> bytes:
    """Regex for a PDF name in which every character may be written as #xx (PDF 1.2+)."""
    delen = []
    for teken in naam:
        hoog, laag = f"{ord(teken):02x}"
        delen.append(
            rb"(?:%s|#[%s%s][%s%s])"
            % (
                re.escape(teken.encode()),
                hoog.encode(),
                hoog.upper().encode(),
                laag.encode(),
                laag.upper().encode(),
            )
        )
    return b"".join(delen)


_ACTIEF = re.compile(
    rb"/(?:"
    + rb"|".join(
        [
            _naam("JavaScript") + _EINDE_NAAM,
            _naam("Launch") + _EINDE_NAAM,
            _naam("EmbeddedFiles") + _EINDE_NAAM,
            _naam("EmbeddedFile") + _EINDE_NAAM,
            _naam("RichMedia"),  # and RichMediaContent, RichMediaExecute, ...
            _naam("XFA") + _EINDE_NAAM,
            # /JS only with a value after it (a string or a reference): "/JS" alone is three
            # bytes and turns up by chance in compressed data. Actions also need /S /JavaScript.
            _naam("JS")
            + rb"(?=[%s]{0,64}[(<]|[%s]{1,64}\d{1,10}[%s]+\d{1,5}[%s]+R)"
            % (_PDF_WIT, _PDF_WIT, _PDF_WIT, _PDF_WIT),
        ]
    )
    + rb")"
)
_VERSLEUTELD = re.compile(rb"/" + _naam("Encrypt") + _EINDE_NAAM)
# Filters whose output this check cannot see. They are rare in current PDFs; abbreviations are
# included because readers accept them (/RL is left out: three bytes, too many false alarms).
_ONCONTROLEERBAAR = re.compile(
    rb"/(?:"
    + rb"|".join(
        _naam(filter_) + _EINDE_NAAM
        for filter_ in (
            "ASCIIHexDecode",
            "ASCII85Decode",
            "LZWDecode",
            "RunLengthDecode",
            "AHx",
            "A85",
            "LZW",
        )
    )
    + rb")"
)
_STROOM = re.compile(rb"(?<!end)stream")
# More "stream" keywords than this in one file (a stream takes 50 bytes or more, so that is
# about half of a 10 MB file in stream overhead alone) is an attack on this check, not a scan.
_MAX_STROMEN = 100_000
_EERSTE_STUK = 1024  # compressed bytes first fed to zlib, doubling up to _STUK
_STUK = 64 * 1024
_MAX_UITGEPAKT = 256 * 1024 * 1024  # decompressed bytes inspected per file, at most
_UIT_STUK = 1024 * 1024  # decompressed bytes per piece
# An object stream starts with a number ("+5" and ".5" are numbers too) or a comment.
_BEGIN_OBJECTSTROOM = frozenset(b"0123456789+-.%")
_OVERLAP = 512  # bytes kept between pieces so that a name split over two pieces is found

# Automatic actions: the document's /OpenAction and the additional actions (/AA) of the
# document, its pages, annotations and form fields run without a click - on opening, on showing
# a page, on closing. They must not open a web address (which tells the sender who opened the
# file, and when), send form data, fetch or open other files, or run anything. The same actions
# on a click (a link annotation's /A, a button) are the reader's to ask about, and allowed.
_AUTOMATISCH = re.compile(
    rb"/(?:(" + _naam("OpenAction") + rb")|" + _naam("AA") + rb")" + _EINDE_NAAM
)
_GEVAARLIJKE_ACTIE = re.compile(
    rb"/(?:"
    + rb"|".join(
        _naam(actie)
        for actie in (
            "URI",
            "SubmitForm",
            "ImportData",
            "GoToR",
            "GoToE",
            "Launch",
            "JavaScript",
        )
    )
    + rb")"
    + _EINDE_NAAM
)
_VOLGENDE = re.compile(rb"/" + _naam("Next") + _EINDE_NAAM)  # an action's next action(s)
_FIRST = re.compile(rb"/" + _naam("First") + _EINDE_NAAM)  # an object stream's first object
# White space and comments between tokens. Possessive: a comment runs to the end of its line
# and is never split into shorter ones, so these patterns do not backtrack.
_TUSSENRUIMTE = rb"(?:[%s]|%%[^\r\n]*+)" % _PDF_WIT
_OVERSLAAN = re.compile(_TUSSENRUIMTE + rb"*+")
_GETAL = re.compile(_TUSSENRUIMTE + rb"*+(\d{1,10})" + _EINDE_NAAM)
_GETALLEN = re.compile(rb"(?:" + _TUSSENRUIMTE + rb"*+\d{1,10}" + _EINDE_NAAM + rb")*")
# "n g obj" as writers put it: no comments, little white space. It is matched backwards from
# each "obj" keyword (reversed: "jbo 0 21"), so the file is read once; a pattern that allows
# comments would read a long line again from every digit in it. An "obj" keyword that is not
# the end of such a header makes lookups not checkable.
_OBJ = re.compile(rb"obj" + _EINDE_NAAM)
_OBJECTKOP_OMGEKEERD = re.compile(
    rb"jbo[%s]{1,64}+\d{1,5}+[%s]{1,64}+(\d{1,10}+)(?![0-9])" % (_PDF_WIT, _PDF_WIT)
)
_KOPLENGTE = 3 + 64 + 5 + 64 + 10 + 1
_SCHEIDINGSTEKENS = frozenset(_PDF_WIT_BYTES + b"()<>[]{}/%")
_GEWOON = re.compile(rb"[^%s]+" % _PDF_SCHEIDING)  # a number, a keyword, a name after its "/"
_HEXSTRING = re.compile(rb"<[^<>]*>")
_STRINGTEKEN = re.compile(rb"[\\()]")
_MAX_WAARDE = 64 * 1024  # bytes of one dictionary or array that is read
_MAX_ACTIEWERK = 1024 * 1024  # bytes read (at least 64 per step) while following actions
_MAX_AUTOMATISCH = 10_000  # /OpenAction and /AA keys per file
_MAX_OBJECTKOPPEN = 500_000  # "n g obj" in the raw file
_MAX_KOP = 256 * 1024  # bytes of an object stream's list of object numbers and offsets
_MAX_BEWAARD = 32 * 1024 * 1024  # inflated object stream bytes kept for looking objects up


def _controleer_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-_KOP:]:
        raise _fout_pdf(CODE_PDF_BESCHADIGD)
    kop = data[:_KOP].lower()
    if any(teken in kop for teken in _HTML_IN_KOP) or _HTML_OVERAL.search(data):
        raise _fout_pdf(CODE_PDF_HTML)
    if _VERSLEUTELD.search(data):
        raise _fout_pdf(CODE_PDF_VERSLEUTELD)
    if _ACTIEF.search(data):
        raise _fout_pdf(CODE_PDF_ACTIEVE_INHOUD)
    if _ONCONTROLEERBAAR.search(data):
        raise _fout_pdf(CODE_PDF_NIET_CONTROLEERBAAR)
    stromen = _Objectstromen()
    if code := _controleer_stromen(data, stromen):
        raise _fout_pdf(code)
    if code := _controleer_automatische_acties(data, stromen):
        raise _fout_pdf(code)


class _NietControleerbaar(Exception):
    """The check cannot tell what the file does."""


class _TeVeelWerk(_NietControleerbaar):
    """The bounded amount of inflating and scanning for one file is used up."""


class _Werkbudget:
    def __init__(self, invoer: int, uitvoer: int):
        self.invoer, self.uitvoer = invoer, uitvoer

    def gebruik(self, *, invoer: int = 0, uitvoer: int = 0) -> None:
        self.invoer -= invoer
        self.uitvoer -= uitvoer
        if self.invoer < 0 or self.uitvoer < 0:
            raise _TeVeelWerk


@dataclass
class _Objectstromen:
    """What ``_controleer_stromen`` keeps for ``_controleer_automatische_acties``."""

    # (offset of the data in the file, inflated data) of the streams that may be object streams
    inhoud: list[tuple[int, bytes]] | None = field(default_factory=list)  # None: too much
    # offset of the data -> offsets of the "stream" keywords it may belong to
    sleutelwoorden: dict[int, list[int]] = field(default_factory=dict)
    automatisch: bool = False  # /OpenAction or /AA seen in one of them
    bewaard: int = 0  # bytes in ``inhoud``


def _controleer_stromen(data: bytes, stromen: _Objectstromen | None = None) -> str | None:
    """Look inside Flate-compressed streams that may be object streams.

    Modern PDF writers put most dictionaries (actions too) in compressed object streams, where
    the scan of the raw bytes cannot see them. Every stream that starts with a zlib header is
    inflated in chunks. Object streams start with an object number, so once the first non-blank
    byte is known any other stream (image data, page contents that start with an operator) is
    left alone; the rest is scanned for the same names as the raw file.

    Nothing is parsed that an attacker could make us misread: every "stream" keyword is tried
    (a fake one hides nothing), at each place a lenient reader may let the data begin, and a
    stream is inflated until zlib says it ends - not up to the next "endstream", which the
    compressed bytes themselves may contain. The work is bounded: compressed input at most 4x
    the file size, decompressed output at most ``_MAX_UITGEPAKT`` bytes; beyond that the file
    is refused, as it is with more than ``_MAX_STROMEN`` stream keywords.

    The inflated object streams (up to ``_MAX_BEWAARD`` bytes) are kept in ``stromen``.
    """
    stromen = _Objectstromen() if stromen is None else stromen
    weergave = memoryview(data)
    budget = _Werkbudget(invoer=4 * len(data) + _STUK, uitvoer=_MAX_UITGEPAKT)
    try:
        for begin in _stroombegins(data, stromen.sleutelwoorden):
            objectstroom = None  # unknown until the first non-blank byte
            staart = b""  # the end of what was scanned, for a name split over two pieces
            # All of it, leading white space too (offsets count from the start), as long as the
            # total kept stays within _MAX_BEWAARD.
            stukken = [] if stromen.inhoud is not None else None
            for uit in _inflateer(weergave[begin:], budget):
                budget.gebruik(uitvoer=len(uit))
                if stukken is not None:
                    stromen.bewaard += len(uit)
                    if stromen.bewaard > _MAX_BEWAARD:
                        stromen.inhoud = stukken = None  # refused later if an action needs them
                    else:
                        stukken.append(uit)
                if objectstroom is None:
                    zichtbaar = uit.lstrip(_PDF_WIT_BYTES)
                    if not zichtbaar:
                        continue
                    objectstroom = zichtbaar[0] in _BEGIN_OBJECTSTROOM
                    if not objectstroom:
                        break
                venster = staart + uit
                if _ACTIEF.search(venster):
                    return CODE_PDF_ACTIEVE_INHOUD
                if _AUTOMATISCH.search(venster):
                    stromen.automatisch = True
                staart = venster[-_OVERLAP:]
            if objectstroom and stukken is not None:
                stromen.inhoud.append((begin, b"".join(stukken)))
            elif stukken is not None:
                stromen.bewaard -= sum(len(stuk) for stuk in stukken)  # not kept after all
    except _TeVeelWerk:
        return CODE_PDF_NIET_CONTROLEERBAAR
    return None


def _stroombegins(data: bytes, sleutelwoorden: dict[int, list[int]] | None = None):
    """Offsets after a "stream" keyword where zlib data starts.

    The data should follow the end of the line (CRLF or LF); readers also skip anything else up
    to that line end, and some accept a lone CR or no line end at all, so all of these count.
    Each offset is given once; ``sleutelwoorden`` gets the offsets of every keyword it follows.
    """
    gezien = set()
    # The next LF and CR at or after the current keyword; searched again only when passed, so
    # a file full of "stream" keywords is still read once instead of once per keyword.
    volgende = {b"\n": -1, b"\r": -1}
    for aantal, treffer in enumerate(_STROOM.finditer(data)):
        if aantal >= _MAX_STROMEN:
            raise _TeVeelWerk
        na = treffer.end()
        kandidaten = [na]
        for teken in volgende:
            if volgende[teken] < na:
                gevonden = data.find(teken, na)
                volgende[teken] = len(data) if gevonden == -1 else gevonden
            if volgende[teken] < len(data):
                kandidaten.append(volgende[teken] + 1)
        for begin in kandidaten:
            if begin in gezien:
                if sleutelwoorden is not None:
                    sleutelwoorden[begin].append(treffer.start())
            elif _is_zlib_kop(data[begin : begin + 2]):
                gezien.add(begin)
                if sleutelwoorden is not None:
                    sleutelwoorden[begin] = [treffer.start()]
                yield begin


def _inflateer(lichaam: memoryview, budget: _Werkbudget):
    """The decompressed pieces of a zlib stream, until its end, an error or the end of input."""
    inflator = zlib.decompressobj()
    positie, grootte = 0, _EERSTE_STUK
    try:
        while positie < len(lichaam):
            # Small first pieces: most candidates fail or end within a few bytes, and zlib
            # copies the bytes it did not need (unused_data).
            stuk = lichaam[positie : positie + grootte]
            positie, grootte = positie + len(stuk), min(2 * grootte, _STUK)
            while stuk:
                uit = inflator.decompress(stuk, _UIT_STUK)
                rest = inflator.unconsumed_tail or inflator.unused_data
                budget.gebruik(invoer=len(stuk) - len(rest))  # what zlib really consumed
                stuk = inflator.unconsumed_tail
                if uit:
                    yield uit
                if inflator.eof:
                    return
        if rest := inflator.flush():
            yield rest
    except zlib.error:
        return  # a damaged stream: a reader gets no more out of it than what was scanned


def _is_zlib_kop(twee: bytes) -> bool:
    return (
        len(twee) == 2
        and twee[0] & 0x0F == 8
        and twee[0] >> 4 <= 7
        and ((twee[0] << 8) | twee[1]) % 31 == 0
    )


def _controleer_automatische_acties(data: bytes, stromen: _Objectstromen) -> str | None:
    """Refuse a PDF whose /OpenAction or /AA would open a web address, send or fetch data.

    These keys are common and harmless in themselves (/OpenAction [3 0 R /Fit] only says where
    to open), and /URI is on every ordinary link, so here - unlike the name screen - the action
    an automatic key leads to is followed: through references to other objects, also inside
    object streams, and through /Next chains. Every place where an object with that number may
    be (each "n g obj" in the file, each object stream that lists it) is checked, so a decoy
    object hides nothing. An object that cannot be found or read, or more work than
    ``_MAX_ACTIEWERK``, makes the file not checkable.

    Dictionaries are read token by token (strings, hex strings, comments), so a ">>" in a
    string does not end one early. Limits, each of which refuses rather than guesses: an "obj"
    keyword that is not part of a plain "n g obj" header, an object stream whose dictionary has
    no direct /First, more than ``_MAX_WAARDE`` bytes in one value. Not seen, like in the name
    screen: objects in streams that are not plain Flate (predictors, other filters), and an
    object stream whose dictionary is larger than ``_MAX_WAARDE``.
    """
    if stromen.inhoud is None:  # more inflated object streams than kept
        if stromen.automatisch or _AUTOMATISCH.search(data):
            return CODE_PDF_NIET_CONTROLEERBAAR
        return None
    try:
        if _Acties(data, stromen).zijn_gevaarlijk():
            return CODE_PDF_AUTOMATISCHE_ACTIE
    except _NietControleerbaar:
        return CODE_PDF_NIET_CONTROLEERBAAR
    return None


_OPEN, _AA, _ACTIE = "open", "aa", "actie"  # what the value at a place should be
_DICT, _ARRAY, _VERWIJST, _GETAL_, _ANDERS = "dict", "array", "verwijst", "getal", "anders"


@dataclass(frozen=True)
class _Waarde:
    soort: str  # _DICT, _ARRAY, _VERWIJST (a reference), _GETAL_ or _ANDERS
    begin: int
    einde: int  # for _GETAL_ and _ANDERS: as far as was read
    getal: int | None = None  # the object number of a reference, or the number
    verwijzingen: tuple[int, ...] = ()  # object numbers referenced inside a dict or array


class _Acties:
    """Follows the automatic actions of one PDF (see ``_controleer_automatische_acties``).

    The sources are the raw file (number 0) and the inflated object streams (1, 2, ...); a
    place is (source, offset). Every read is paid for from ``werk``.
    """

    def __init__(self, data: bytes, stromen: _Objectstromen):
        self.bronnen = [data, *(inhoud for _begin, inhoud in stromen.inhoud)]
        self.stroombegins = [None, *(begin for begin, _inhoud in stromen.inhoud)]
        self.sleutelwoorden = stromen.sleutelwoorden
        self.werk = _MAX_ACTIEWERK
        self.rauw = None  # object number -> offsets after its "n g obj" in the raw file
        self.koppen = []  # (start, end) of each "n g obj" in the raw file, in order
        self.kopstarts = []  # their starts, for bisect
        self.stroomkoppen = {}  # source -> object number -> [(offset, where the offset ends)]
        self.stroomfirsts = {}  # source -> its /First values

    def gebruik(self, aantal: int) -> None:
        self.werk -= max(aantal, 64)
        if self.werk < 0:
            raise _TeVeelWerk

    def zijn_gevaarlijk(self) -> bool:
        open_ = []
        for nr, bron in enumerate(self.bronnen):
            for treffer in _AUTOMATISCH.finditer(bron):
                open_.append((nr, treffer.end(), _OPEN if treffer[1] else _AA))
                if len(open_) > _MAX_AUTOMATISCH:
                    raise _TeVeelWerk
        gezien = set()
        while open_:
            plaats = open_.pop()
            if plaats in gezien:
                continue
            gezien.add(plaats)
            nr, positie, rol = plaats
            waarde = self.lees(nr, positie)
            if waarde.soort == _VERWIJST:
                open_ += [(*plek, rol) for plek in self.plaatsen(waarde.getal)]
                continue
            if waarde.soort not in (_DICT, _ARRAY) or (waarde.soort == _ARRAY and rol != _ACTIE):
                continue  # null, a name, ... or where to open: [3 0 R /Fit]
            bron = self.bronnen[nr]
            self.gebruik(waarde.einde - waarde.begin)  # the two searches below
            if _GEVAARLIJKE_ACTIE.search(bron, waarde.begin, waarde.einde):
                return True
            volgende = [
                (nr, naam.end(), _ACTIE)
                for naam in _VOLGENDE.finditer(bron, waarde.begin, waarde.einde)
            ]
            if rol == _AA or waarde.soort == _ARRAY:
                # /AA << /O 12 0 R /C 13 0 R >> and /Next [12 0 R 13 0 R]: actions by reference
                for nummer in waarde.verwijzingen:
                    volgende += [(*plek, _ACTIE) for plek in self.plaatsen(nummer)]
            self.gebruik(64 * len(volgende))
            open_ += volgende
        return False

    def lees(self, nr: int, positie: int) -> _Waarde:
        try:
            waarde = _lees_waarde(self.bronnen[nr], positie)
        except _NietControleerbaar:
            self.gebruik(_MAX_WAARDE)
            raise
        self.gebruik(waarde.einde - positie)
        return waarde

    def plaatsen(self, nummer: int) -> list[tuple[int, int]]:
        """Every place where object ``nummer`` may be; none means not checkable."""
        if self.rauw is None:
            self.indexeer()
        plaatsen = [(0, positie) for positie in self.rauw.get(nummer, ())]
        for nr in range(1, len(self.bronnen)):
            plaatsen += [(nr, positie) for positie in self.in_stroom(nr, nummer)]
        if not plaatsen:
            raise _NietControleerbaar
        self.gebruik(64 * len(plaatsen))
        return plaatsen

    def indexeer(self) -> None:
        data, self.rauw = self.bronnen[0], {}
        for obj in _OBJ.finditer(data):
            start, einde = obj.span()
            if start and data[start - 1] not in _SCHEIDINGSTEKENS:
                continue  # "endobj", or part of a longer word
            kop = _OBJECTKOP_OMGEKEERD.match(data[max(0, einde - _KOPLENGTE) : einde][::-1])
            if kop is None:
                raise _NietControleerbaar  # an object header written in a way not looked for
            if len(self.koppen) >= _MAX_OBJECTKOPPEN:
                raise _TeVeelWerk
            self.rauw.setdefault(int(kop[1][::-1]), []).append(einde)
            self.koppen.append((einde - kop.end(), einde))
        self.kopstarts = [start for start, _einde in self.koppen]

    def in_stroom(self, nr: int, nummer: int) -> list[int]:
        """Where object ``nummer`` is in object stream ``nr``: at /First plus its offset."""
        if nr not in self.stroomkoppen:
            self.stroomkoppen[nr] = self.lees_kop(nr)
        kop = self.stroomkoppen[nr]
        if kop is None:
            raise _NietControleerbaar
        if nummer not in kop:
            return []
        if nr not in self.stroomfirsts:
            self.stroomfirsts[nr] = self.firsts(nr)
        lengte = len(self.bronnen[nr])
        return [
            first + offset
            for first in self.stroomfirsts[nr]
            for offset, einde in kop[nummer]
            if einde <= first and first + offset < lengte
        ]

    def lees_kop(self, nr: int) -> dict[int, list[tuple[int, int]]] | None:
        """The pairs of numbers an object stream starts with: object number, offset.

        All numbers in a row are read, so maybe also objects after the list (an object stream
        may hold a bare number): extra pairs only add places to check. None: too long.
        """
        bron = self.bronnen[nr]
        grens = min(len(bron), _MAX_KOP)
        einde = _GETALLEN.match(bron, 0, grens).end()
        if einde == grens < len(bron):
            return None
        self.gebruik(einde)
        getallen = [(int(getal[1]), getal.end()) for getal in _GETAL.finditer(bron, 0, einde)]
        kop = {}
        for (nummer, _eind), (offset, eind) in zip(getallen[::2], getallen[1::2], strict=False):
            kop.setdefault(nummer, []).append((offset, eind))
        return kop

    def firsts(self, nr: int) -> set[int]:
        """/First of the dictionary in front of this stream's "stream" keyword.

        That dictionary is found by reading the value after each "n g obj" in the
        ``_MAX_WAARDE`` bytes before the keyword: the one that ends right at the keyword. Every
        direct /First in every such dictionary counts; an indirect one, or none, makes the
        stream not checkable.
        """
        data = self.bronnen[0]
        firsts = set()
        for sleutelwoord in self.sleutelwoorden.get(self.stroombegins[nr], ()):
            van = bisect.bisect_left(self.kopstarts, sleutelwoord - _MAX_WAARDE)
            tot = bisect.bisect_left(self.kopstarts, sleutelwoord)
            for _start, na_kop in self.koppen[van:tot]:
                try:
                    woordenboek = self.lees(0, na_kop)
                except _TeVeelWerk:
                    raise
                except _NietControleerbaar:
                    continue
                if woordenboek.soort != _DICT:
                    continue
                na = _OVERSLAAN.match(data, woordenboek.einde, sleutelwoord).end()
                self.gebruik(na - woordenboek.einde)
                if na != sleutelwoord:
                    continue
                for naam in _FIRST.finditer(data, woordenboek.begin, woordenboek.einde):
                    waarde = self.lees(0, naam.end())
                    if waarde.soort != _GETAL_:
                        raise _NietControleerbaar
                    firsts.add(waarde.getal)
        if not firsts:
            raise _NietControleerbaar
        return firsts


def _lees_waarde(bron: bytes, positie: int) -> _Waarde:
    """The PDF value at ``positie``, after white space and comments; at most ``_MAX_WAARDE``."""
    grens = min(len(bron), positie + _MAX_WAARDE)
    begin = _OVERSLAAN.match(bron, positie, grens).end()
    if begin >= grens:
        if grens < len(bron):
            raise _NietControleerbaar  # a reader skips more white space than we do
        return _Waarde(_ANDERS, begin, begin)
    if bron.startswith((b"<<", b"["), begin):
        soort = _DICT if bron.startswith(b"<<", begin) else _ARRAY
        verwijzingen = []
        einde = _einde_samengesteld(bron, begin, grens, verwijzingen)
        return _Waarde(soort, begin, einde, verwijzingen=tuple(dict.fromkeys(verwijzingen)))
    eerste = _GEWOON.match(bron, begin, grens)
    if eerste is None or not _is_getal(eerste[0], 10):
        return _Waarde(_ANDERS, begin, eerste.end() if eerste else begin + 1)
    getal = int(eerste[0])
    # "12 0 R" is a reference; read token by token (a comment may separate them).
    na_eerste = _OVERSLAAN.match(bron, eerste.end(), grens).end()
    tweede = _GEWOON.match(bron, na_eerste, grens) if na_eerste > eerste.end() else None
    if tweede is None or not _is_getal(tweede[0], 5):
        return _Waarde(_GETAL_, begin, na_eerste, getal)
    na_tweede = _OVERSLAAN.match(bron, tweede.end(), grens).end()
    derde = _GEWOON.match(bron, na_tweede, grens) if na_tweede > tweede.end() else None
    if derde is None or derde[0] != b"R":
        return _Waarde(_GETAL_, begin, derde.end() if derde else na_tweede, getal)
    return _Waarde(_VERWIJST, begin, derde.end(), getal)


def _is_getal(token: bytes, cijfers: int) -> bool:
    return token.isdigit() and len(token) <= cijfers


def _einde_samengesteld(bron: bytes, positie: int, grens: int, verwijzingen: list) -> int:
    """The end of the dictionary or array at ``positie``, read token by token: a ">>" or "]"
    in a string, a hex string or a comment does not end it. The object numbers of references
    in it (at any depth, not in strings) are added to ``verwijzingen``."""
    diepte = 0
    getallen = []  # the integers just before, for "12 0 R"
    while True:
        positie = _OVERSLAAN.match(bron, positie, grens).end()
        if positie >= grens:
            raise _NietControleerbaar
        teken = bron[positie : positie + 1]
        if teken in b"<>[](/{}":
            if teken == b"<" and bron.startswith(b"<<", positie):
                diepte, positie = diepte + 1, positie + 2
            elif teken == b"<":
                hexstring = _HEXSTRING.match(bron, positie, grens)
                if hexstring is None:
                    raise _NietControleerbaar
                positie = hexstring.end()
            elif teken == b">" and bron.startswith(b">>", positie):
                diepte, positie = diepte - 1, positie + 2
            elif teken in b"[]":
                diepte, positie = diepte + (1 if teken == b"[" else -1), positie + 1
            elif teken == b"(":
                positie = _einde_string(bron, positie + 1, grens)
            elif teken == b"/":
                naam = _GEWOON.match(bron, positie + 1, grens)
                positie = naam.end() if naam else positie + 1
            elif teken in b"{}":
                positie += 1
            else:  # ">" alone or ")" without "("
                raise _NietControleerbaar
            getallen.clear()
        else:
            token = _GEWOON.match(bron, positie, grens)
            positie = token.end()
            if token[0] == b"R" and len(getallen) == 2:
                verwijzingen.append(getallen[0])
                getallen.clear()
            elif _is_getal(token[0], 10):
                getallen = [*getallen[-1:], int(token[0])]
            else:
                getallen.clear()
        if diepte <= 0:
            return positie


def _einde_string(bron: bytes, positie: int, grens: int) -> int:
    """The end of a literal string whose "(" is just before ``positie``."""
    diepte = 1
    while diepte:
        teken = _STRINGTEKEN.search(bron, positie, grens)
        if teken is None:
            raise _NietControleerbaar
        positie = teken.end()
        if teken[0] == b"\\":
            positie += 1  # an escaped character, "\\)" too
        else:
            diepte += 1 if teken[0] == b"(" else -1
    return positie


# --- Storage ------------------------------------------------------------------------------------


def _prive_root() -> Path:
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "private"


@deconstructible(path="participatie.bijlagen.PriveOpslag")
class PriveOpslag(FileSystemStorage):
    """File storage for private attachments: no URL, outside MEDIA_ROOT and STATIC_ROOT.

    The location is read from ``settings.PRIVATE_MEDIA_ROOT`` on every use (not once when the
    model is imported), so tests can point it at a temporary directory. A location inside
    MEDIA_ROOT or STATIC_ROOT, from where files could be served publicly, is refused.
    """

    def __init__(self):
        super().__init__(
            base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750
        )

    @property
    def base_location(self):
        root = _prive_root()
        for naam in ("MEDIA_ROOT", "STATIC_ROOT"):
            publiek = getattr(settings, naam, None)
            if publiek and _binnen(root, Path(publiek)):
                raise ImproperlyConfigured(f"PRIVATE_MEDIA_ROOT must not be inside {naam}.")
        for publiek in getattr(settings, "STATICFILES_DIRS", ()):
            publiek = publiek[1] if isinstance(publiek, tuple | list) else publiek
            if _binnen(root, Path(publiek)):
                raise ImproperlyConfigured(
                    "PRIVATE_MEDIA_ROOT must not be inside STATICFILES_DIRS."
                )
        return root

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(
            "Private attachments have no URL: serve them with serveer_bijlage() from a view "
            "that checks access first."
        )


def _binnen(pad: Path, map_: Path) -> bool:
    return pad.resolve().is_relative_to(map_.resolve())


def bijlage_opslag() -> FileSystemStorage:
    """The storage of attachments, for ``FileField(storage=bijlage_opslag)``."""
    return PriveOpslag()


_EXTENSIES = frozenset(ALLOWED.values())


def bijlage_pad(instance, filename: str) -> str:
    """``upload_to`` for attachments: ``bijlagen/<yyyy>/<mm>/<random hex><ext>``.

    The name says nothing about the file or its owner and cannot be guessed (uuid4, 122 random
    bits). The extension must be one of ALLOWED's, as in names from
    ``GecontroleerdBestand.als_contentfile``; anything else means the file did not go through
    ``controleer_bestand`` and is refused with ValueError.
    """
    ext = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower()
    if ext not in _EXTENSIES:
        raise ValueError(f"Attachment name without an allowed extension: {filename!r}")
    vandaag = timezone.localdate()
    return f"bijlagen/{vandaag:%Y}/{vandaag:%m}/{uuid.uuid4().hex}{ext}"


# --- Serving ------------------------------------------------------------------------------------


def serveer_bijlage(veldbestand, mime: str, naam: str) -> FileResponse:
    """Stream a stored attachment. The caller has checked that the user may see it.

    Images are shown inline, PDFs are always downloaded. The response cannot be sniffed into
    another type, is not cached by shared caches or the browser, runs in a CSP sandbox without
    any resources (django-csp leaves an existing header alone) and may not be embedded by
    other sites.
    """
    if mime not in ALLOWED:
        raise ValueError(f"Not an attachment type: {mime!r}")
    naam = _veilige_naam(naam, mime)
    inline = mime.startswith("image/")
    veldbestand.open("rb")
    response = FileResponse(veldbestand, content_type=mime, as_attachment=not inline, filename=naam)
    response["Content-Disposition"] = _content_disposition(inline, naam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _content_disposition(inline: bool, naam: str) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the real name in ``filename*``."""
    stam, ext = os.path.splitext(naam)
    # "é" becomes "e" (the accent is a separate mark after NFKD), other non-ASCII becomes "_".
    ascii_stam = "".join(
        teken for teken in unicodedata.normalize("NFKD", stam) if not unicodedata.combining(teken)
    )
    ascii_stam = re.sub(r'[^\x20-\x7e]|["\\%;]', "_", ascii_stam).strip(" ._") or STANDAARD_NAAM
    soort = "inline" if inline else "attachment"
    return f"{soort}; filename=\"{ascii_stam}{ext}\"; filename*=UTF-8''{quote(naam, safe='')}"
