"""The signals' state machine: triage, forward to a partner, close with a public reply.

``wijzig_status`` (the kernel's ``Toestandsmachine`` with this table) is the only code that
changes a signal's status; each change is an ``Overgang`` row. Every other module asks the
groups below and never names a status by its string.
"""

from portal.core.toestanden import OngeldigeOvergang, Toestandsmachine  # noqa: F401

from .constants import SignaalStatus as S

TABEL = {
    S.INGEDIEND: frozenset({S.IN_BEHANDELING, S.DOORGESTUURD, S.AFGESLOTEN}),
    S.IN_BEHANDELING: frozenset({S.DOORGESTUURD, S.AFGESLOTEN}),
    S.DOORGESTUURD: frozenset({S.IN_BEHANDELING, S.AFGESLOTEN}),
    S.AFGESLOTEN: frozenset({S.IN_BEHANDELING}),  # reopened
}

# Waiting for the district team; closed signals count retention from their last change.
OPENSTAANDE_SIGNALEN = frozenset({S.INGEDIEND, S.IN_BEHANDELING, S.DOORGESTUURD})
AFGESLOTEN_SIGNALEN = frozenset({S.AFGESLOTEN})

_machine = Toestandsmachine({"participatie.signaal": ("status", TABEL)}, "participatie.Overgang")
volgende = _machine.volgende
mag_overgaan = _machine.mag_overgaan
wijzig_status = _machine.wijzig_status
