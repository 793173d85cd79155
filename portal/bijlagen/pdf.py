"""PDF: the byte-level screen (see the package docstring for what it does and does not see).

The raw bytes are screened here; ``pdf_stromen`` looks inside Flate-compressed (object) streams
and ``pdf_acties`` follows the automatic actions. ``pdf_syntax`` holds what they share.
"""

import re

from .fouten import (
    CODE_PDF_ACTIEVE_INHOUD,
    CODE_PDF_BESCHADIGD,
    CODE_PDF_HTML,
    CODE_PDF_NIET_CONTROLEERBAAR,
    CODE_PDF_VERSLEUTELD,
    _fout_pdf,
)
from .pdf_acties import _controleer_automatische_acties
from .pdf_stromen import _controleer_stromen, _Objectstromen
from .pdf_syntax import _ACTIEF, _EINDE_NAAM, _naam

_KOP = 1024  # bytes at the start (HTML sniffing) and the end (%%EOF) that are checked
_HTML_IN_KOP = (b"<html", b"<script", b"<!doctype", b"<body", b"<svg")
# Elsewhere a marker must be followed by a delimiter, so that random bytes in compressed
# streams ("<svg" is only four bytes) do not refuse ordinary scans.
_HTML_OVERAL = re.compile(rb"<(?:!doctype|html|script|body|svg)[\s/>]", re.IGNORECASE)

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
