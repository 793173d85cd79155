"""PDF syntax shared by the PDF checks: white space and delimiters, names that may be written
with #xx escapes, the names the checks look for, and reading one value token by token."""

import re
from dataclasses import dataclass

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

# Automatic actions: the document's /OpenAction and the additional actions (/AA) of the
# document, its pages, annotations and form fields run without a click - on opening, on showing
# a page, on closing. They must not open a web address (which tells the sender who opened the
# file, and when), send form data, fetch or open other files, or run anything. The same actions
# on a click (a link annotation's /A, a button) are the reader's to ask about, and allowed.
_AUTOMATISCH = re.compile(
    rb"/(?:(" + _naam("OpenAction") + rb")|" + _naam("AA") + rb")" + _EINDE_NAAM
)

# White space and comments between tokens. Possessive: a comment runs to the end of its line
# and is never split into shorter ones, so these patterns do not backtrack.
_TUSSENRUIMTE = rb"(?:[%s]|%%[^\r\n]*+)" % _PDF_WIT
_OVERSLAAN = re.compile(_TUSSENRUIMTE + rb"*+")
_GEWOON = re.compile(rb"[^%s]+" % _PDF_SCHEIDING)  # a number, a keyword, a name after its "/"
_HEXSTRING = re.compile(rb"<[^<>]*>")
_STRINGTEKEN = re.compile(rb"[\\()]")
_MAX_WAARDE = 64 * 1024  # bytes of one dictionary or array that is read


class _NietControleerbaar(Exception):
    """The check cannot tell what the file does."""


class _TeVeelWerk(_NietControleerbaar):
    """The bounded amount of inflating and scanning for one file is used up."""


_DICT, _ARRAY, _VERWIJST, _GETAL_, _ANDERS = "dict", "array", "verwijst", "getal", "anders"


@dataclass(frozen=True)
class _Waarde:
    soort: str  # _DICT, _ARRAY, _VERWIJST (a reference), _GETAL_ or _ANDERS
    begin: int
    einde: int  # for _GETAL_ and _ANDERS: as far as was read
    getal: int | None = None  # the object number of a reference, or the number
    verwijzingen: tuple[int, ...] = ()  # object numbers referenced inside a dict or array


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
