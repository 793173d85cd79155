"""PDF: following automatic actions (/OpenAction, /AA) to the action they lead to."""

import bisect
import re

from .fouten import CODE_PDF_AUTOMATISCHE_ACTIE, CODE_PDF_NIET_CONTROLEERBAAR
from .pdf_stromen import _Objectstromen
from .pdf_syntax import (
    _ARRAY,
    _AUTOMATISCH,
    _DICT,
    _EINDE_NAAM,
    _GETAL_,
    _MAX_WAARDE,
    _OVERSLAAN,
    _PDF_WIT,
    _PDF_WIT_BYTES,
    _TUSSENRUIMTE,
    _VERWIJST,
    _lees_waarde,
    _naam,
    _NietControleerbaar,
    _TeVeelWerk,
    _Waarde,
)

# What an automatic action (``_AUTOMATISCH`` in ``pdf_syntax``, which says why) may not do.
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
_MAX_ACTIEWERK = 1024 * 1024  # bytes read (at least 64 per step) while following actions
_MAX_AUTOMATISCH = 10_000  # /OpenAction and /AA keys per file
_MAX_OBJECTKOPPEN = 500_000  # "n g obj" in the raw file
_MAX_KOP = 256 * 1024  # bytes of an object stream's list of object numbers and offsets


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
