"""Checking an upload: the number per application, the size, the type from the content and the
display name; images and PDFs go to their own checks (``afbeeldingen``, ``pdf``)."""

import os
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile

from .afbeeldingen import _herschrijf_afbeelding
from .fouten import (
    _MELDING_TYPE,
    CODE_TYPE_NIET_TOEGESTAAN,
    BijlageFout,
    _fout_leeg,
    _fout_te_groot,
)
from .pdf import _controleer_pdf

ALLOWED = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}

STANDAARD_MAX_BYTES = 10 * 1024 * 1024  # when settings.BIJLAGE_MAX_BYTES is not set
NAAM_MAX = 120  # characters of the display name
STANDAARD_NAAM = "bijlage"  # display name when the client sent none we can use


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
