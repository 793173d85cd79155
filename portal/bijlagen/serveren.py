"""Serving a stored attachment: download or inline image, with protective headers."""

import os
import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse

from .controle import ALLOWED, STANDAARD_NAAM, _veilige_naam


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
