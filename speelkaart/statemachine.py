"""One state machine per kind of play-map item: which status may follow which.

``wijzig_status`` is the only code that changes the status of a comment (a rating's
``opmerking_status``), a defect report or a wish: the kernel's ``Toestandsmachine``
(``portal.core.toestanden``) with this module's tables checks the kind's table, locks the row,
saves the new status and writes an ``Overgang`` (participatie.wachtrij: who, when, from → to,
public motivation, internal note). E-mails and counters are the callers' business
(speelkaart/besluiten.py).
"""

from portal.core.toestanden import OngeldigeOvergang, Toestandsmachine  # noqa: F401

from .constants import MeldingStatus as M
from .constants import OpmerkingStatus as O
from .constants import WensStatus as W

# kind (model label) → (status field, {from: allowed next statuses})
TABELLEN: dict[str, tuple[str, dict[str, frozenset[str]]]] = {
    "speelkaart.waardering": (
        "opmerking_status",
        {
            O.GEEN: frozenset({O.WACHT}),
            O.WACHT: frozenset({O.GEPUBLICEERD, O.AFGEWEZEN, O.GEEN}),
            O.GEPUBLICEERD: frozenset({O.AFGEWEZEN, O.WACHT, O.GEEN}),
            O.AFGEWEZEN: frozenset({O.WACHT, O.GEEN}),
        },
    ),
    "speelkaart.melding": (
        "status",
        {
            M.INGEDIEND: frozenset({M.IN_BEHANDELING, M.OPGELOST, M.AFGEWEZEN}),
            M.IN_BEHANDELING: frozenset({M.OPGELOST, M.AFGEWEZEN}),
            M.OPGELOST: frozenset({M.IN_BEHANDELING}),  # it broke again
            M.AFGEWEZEN: frozenset(),
        },
    ),
    "speelkaart.wens": (
        "status",
        {
            W.INGEDIEND: frozenset({W.GEPUBLICEERD, W.AFGEWEZEN}),
            W.GEPUBLICEERD: frozenset({W.IN_BEHANDELING, W.GEREALISEERD, W.AFGEWEZEN}),
            W.IN_BEHANDELING: frozenset({W.GEREALISEERD, W.AFGEWEZEN}),
            W.AFGEWEZEN: frozenset(),
            W.GEREALISEERD: frozenset(),
        },
    ),
}


# Status groups: every other module asks these sets; none names a status by its string.
# Reports and wishes where nothing will happen any more: retention counts from their last change.
AFGEHANDELDE_MELDINGEN = frozenset({M.OPGELOST, M.AFGEWEZEN})
AFGEHANDELDE_WENSEN = frozenset({W.AFGEWEZEN, W.GEREALISEERD})
# Wishes residents can still support (published and not yet realised or rejected).
STEUNBARE_WENSEN = frozenset({W.GEPUBLICEERD, W.IN_BEHANDELING})
# Wishes the public sees (after moderation): published, being considered or realised.
OPENBARE_WENSSTATUSSEN = frozenset({W.GEPUBLICEERD, W.IN_BEHANDELING, W.GEREALISEERD})


_machine = Toestandsmachine(TABELLEN, "participatie.Overgang")
statusveld = _machine.statusveld
volgende = _machine.volgende
mag_overgaan = _machine.mag_overgaan
# Writes an ``Overgang`` (who, when, from → to, public motivation, internal note).
wijzig_status = _machine.wijzig_status
