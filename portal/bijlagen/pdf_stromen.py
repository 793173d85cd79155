"""PDF: inflating Flate-compressed streams that may be object streams and screening them."""

import re
import zlib
from dataclasses import dataclass, field

from .fouten import CODE_PDF_ACTIEVE_INHOUD, CODE_PDF_NIET_CONTROLEERBAAR
from .pdf_syntax import _ACTIEF, _AUTOMATISCH, _PDF_WIT_BYTES, _TeVeelWerk

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
_MAX_BEWAARD = 32 * 1024 * 1024  # inflated object stream bytes kept for looking objects up


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
