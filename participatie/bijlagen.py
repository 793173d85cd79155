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
including inside Flate-compressed (object) streams. Content hidden behind other encodings
(predictors, image codecs) is not inspected, so PDFs are additionally always served as a
download, in a CSP sandbox, and staff should open them in a viewer with JavaScript disabled.
"""

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
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps

__all__ = [
    "ALLOWED",
    "BijlageFout",
    "GecontroleerdBestand",
    "PriveOpslag",
    "bijlage_opslag",
    "bijlage_pad",
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
MAX_PIXELS = 40_000_000  # images with more pixels are refused before they are decoded
MAX_ZIJDE = 3000  # longer sides are scaled down to this many pixels
JPEG_KWALITEIT = 85
WEBP_KWALITEIT = 85
NAAM_MAX = 120  # characters of the display name
STANDAARD_NAAM = "bijlage"  # display name when the client sent none we can use


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
    try:
        # Only the plugin of the sniffed format may open it (no fallback to another decoder).
        with Image.open(io.BytesIO(data), formats=[formaten[0]]) as beeld:
            _controleer_pixels(beeld)
            beeld.verify()
        with Image.open(io.BytesIO(data), formats=[formaten[0]]) as beeld:
            if beeld.format not in formaten:
                raise BijlageFout(_MELDING_AFBEELDING, CODE_AFBEELDING_ONLEESBAAR)
            _controleer_pixels(beeld)
            if mime == "image/jpeg":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still gives at least
                # MAX_ZIJDE pixels: large photos then need a fraction of the memory.
                beeld.draft(beeld.mode, (MAX_ZIJDE, MAX_ZIJDE))
            beeld.load()  # decodes; a truncated or corrupt file fails here
            # Orientation from EXIF goes into the pixels, since the EXIF itself is dropped.
            # In place, and scaled down before anything else: large images are not copied.
            ImageOps.exif_transpose(beeld, in_place=True)
            rechtop = _normaliseer_modus(beeld, mime)
            if max(rechtop.size) > MAX_ZIJDE:
                rechtop.thumbnail((MAX_ZIJDE, MAX_ZIJDE), Image.Resampling.LANCZOS)
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


def _controleer_pixels(beeld) -> None:
    """Refuse decompression bombs from the declared size, before any pixel is decoded.

    Pillow's own guard (Image.MAX_IMAGE_PIXELS, ~89 megapixels: a warning, an error above twice
    that) is a process-wide setting; this limit is lower and always applies. Turning Pillow's
    warning into an error with ``warnings.catch_warnings`` is avoided on purpose: that changes
    global state and is not thread-safe. Should it be raised as an error anyway (``-W error``),
    it is caught above.
    """
    breedte, hoogte = beeld.size
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
    if code := _controleer_stromen(data):
        raise _fout_pdf(code)


class _TeVeelWerk(Exception):
    """The bounded amount of inflating and scanning for one file is used up."""


class _Werkbudget:
    def __init__(self, invoer: int, uitvoer: int):
        self.invoer, self.uitvoer = invoer, uitvoer

    def gebruik(self, *, invoer: int = 0, uitvoer: int = 0) -> None:
        self.invoer -= invoer
        self.uitvoer -= uitvoer
        if self.invoer < 0 or self.uitvoer < 0:
            raise _TeVeelWerk


def _controleer_stromen(data: bytes) -> str | None:
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
    """
    weergave = memoryview(data)
    budget = _Werkbudget(invoer=4 * len(data) + _STUK, uitvoer=_MAX_UITGEPAKT)
    try:
        for begin in _stroombegins(data):
            objectstroom = None  # unknown until the first non-blank byte
            staart = b""  # the end of what was scanned, for a name split over two pieces
            for uit in _inflateer(weergave[begin:], budget):
                budget.gebruik(uitvoer=len(uit))
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
                staart = venster[-_OVERLAP:]
    except _TeVeelWerk:
        return CODE_PDF_NIET_CONTROLEERBAAR
    return None


def _stroombegins(data: bytes):
    """Offsets after a "stream" keyword where zlib data starts.

    The data should follow the end of the line (CRLF or LF); readers also skip anything else up
    to that line end, and some accept a lone CR or no line end at all, so all of these count.
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
            if begin not in gezien and _is_zlib_kop(data[begin : begin + 2]):
                gezien.add(begin)
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
