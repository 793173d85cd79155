"""The moderation of open-text answers before they may be quoted on the results page.

``wijzig_status`` (the kernel's ``Toestandsmachine`` with this table) is the only code that
changes ``Antwoord.citaat_status``; each change is an ``Overgang`` row. A changed answer text
goes back to ``wacht`` through ``reacties`` (the resident's own edit, also through here).
"""

from portal.core.toestanden import OngeldigeOvergang, Toestandsmachine  # noqa: F401

from .constants import CitaatStatus as C

TABEL = {
    C.WACHT: frozenset({C.GOEDGEKEURD, C.AFGEWEZEN}),
    C.GOEDGEKEURD: frozenset({C.AFGEWEZEN, C.WACHT}),
    C.AFGEWEZEN: frozenset({C.GOEDGEKEURD, C.WACHT}),
}

TE_MODEREREN = frozenset({C.WACHT})
CITEERBAAR = frozenset({C.GOEDGEKEURD})

_machine = Toestandsmachine(
    {"participatie.antwoord": ("citaat_status", TABEL)}, "participatie.Overgang"
)
volgende = _machine.volgende
mag_overgaan = _machine.mag_overgaan
wijzig_status = _machine.wijzig_status
