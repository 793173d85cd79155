"""The one state machine of an application (Aanvraag).

The transition table says which role may move an application from which status to which.
``Aanvraag.wijzig_status`` is the only code that changes a status: it checks this table, locks
the row, writes a ``StatusWijziging`` (who, when, from → to, public motivation, internal note)
and leaves the rest (e-mails, budget) to its callers. The review issue adds the coordinator's
screens on top of the same table.
"""

from .constants import Rol, Status

S = Status

TRANSITIES: dict[tuple[str, str], frozenset[str]] = {
    (S.CONCEPT, S.INGEDIEND): frozenset({Rol.AANVRAGER}),
    (S.INGEDIEND, S.IN_BEHANDELING): frozenset({Rol.COORDINATOR}),
    (S.INGEDIEND, S.INGETROKKEN): frozenset({Rol.AANVRAGER}),
    (S.IN_BEHANDELING, S.AANPASSING_GEVRAAGD): frozenset({Rol.COORDINATOR}),
    (S.IN_BEHANDELING, S.GOEDGEKEURD): frozenset({Rol.COORDINATOR}),
    # Four eyes: above the scheme's threshold the first approval waits for a second one, by
    # another coordinator of the district or an administrator (participatie/besluiten.py).
    (S.IN_BEHANDELING, S.TWEEDE_AKKOORD): frozenset({Rol.COORDINATOR}),
    (S.TWEEDE_AKKOORD, S.GOEDGEKEURD): frozenset({Rol.COORDINATOR}),
    (S.TWEEDE_AKKOORD, S.AFGEWEZEN): frozenset({Rol.COORDINATOR}),
    (S.TWEEDE_AKKOORD, S.INGETROKKEN): frozenset({Rol.AANVRAGER}),
    (S.IN_BEHANDELING, S.AFGEWEZEN): frozenset({Rol.COORDINATOR}),
    (S.IN_BEHANDELING, S.INGETROKKEN): frozenset({Rol.AANVRAGER}),
    (S.AANPASSING_GEVRAAGD, S.INGEDIEND): frozenset({Rol.AANVRAGER}),
    (S.AANPASSING_GEVRAAGD, S.INGETROKKEN): frozenset({Rol.AANVRAGER}),
    (S.GOEDGEKEURD, S.UITBETAALD): frozenset({Rol.COORDINATOR}),
    (S.GOEDGEKEURD, S.VERANTWOORD): frozenset({Rol.AANVRAGER}),
    # Withdrawn after approval (before payment): the reservation is released.
    (S.GOEDGEKEURD, S.INGETROKKEN): frozenset({Rol.AANVRAGER}),
    (S.UITBETAALD, S.VERANTWOORD): frozenset({Rol.AANVRAGER}),
    (S.VERANTWOORD, S.AFGESLOTEN): frozenset({Rol.COORDINATOR}),
    (S.AFGEWEZEN, S.AFGESLOTEN): frozenset({Rol.COORDINATOR, Rol.SYSTEEM}),
    (S.INGETROKKEN, S.AFGESLOTEN): frozenset({Rol.SYSTEEM}),
}

# Status groups. Every other module asks these sets (or the properties on Aanvraag built on
# them); no module outside constants.py and migrations names a status by its string.

# Statuses in which the applicant can still withdraw (before payment).
INTREKBAAR = frozenset(
    {S.INGEDIEND, S.IN_BEHANDELING, S.AANPASSING_GEVRAAGD, S.TWEEDE_AKKOORD, S.GOEDGEKEURD}
)
# Statuses in which the applicant may edit the application's content.
BEWERKBAAR = frozenset({S.CONCEPT, S.AANPASSING_GEVRAAGD})
# Statuses that count as "granted" for limits and the public list.
TOEGEKEND = frozenset({S.GOEDGEKEURD, S.UITBETAALD, S.VERANTWOORD, S.AFGESLOTEN})
# Submitted and not yet decided: waiting for the district coordinator or the applicant.
LOPEND = frozenset({S.INGEDIEND, S.IN_BEHANDELING, S.AANPASSING_GEVRAAGD, S.TWEEDE_AKKOORD})
# Statuses counted against "at most N per street per year": pending ones count too, so two
# residents of one street cannot both be granted by applying before either is decided.
TELT_MEE_VOOR_LIMIET = TOEGEKEND | LOPEND
# Handled: nothing will happen any more; personal data may be removed after the retention time.
AFGEHANDELD = frozenset({S.AFGESLOTEN, S.INGETROKKEN, S.AFGEWEZEN})
# The order of the timeline shown to residents (the usual path).
TIJDLIJN = (
    S.CONCEPT,
    S.INGEDIEND,
    S.IN_BEHANDELING,
    S.GOEDGEKEURD,
    S.UITBETAALD,
    S.VERANTWOORD,
    S.AFGESLOTEN,
)


class OngeldigeOvergang(Exception):
    def __init__(self, van: str, naar: str, rol: str):
        super().__init__(f"{rol} may not move an application from {van} to {naar}")
        self.van, self.naar, self.rol = van, naar, rol


def mag_overgaan(van: str, naar: str, rol: str) -> bool:
    return rol in TRANSITIES.get((van, naar), frozenset())


def volgende_statussen(van: str, rol: str) -> list[str]:
    return [naar for (v, naar), rollen in TRANSITIES.items() if v == van and rol in rollen]
