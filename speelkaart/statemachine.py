"""One state machine per kind of play-map item: which status may follow which.

``wijzig_status`` is the only code that changes the status of a comment (a rating's
``opmerking_status``), a defect report or a wish: it checks the kind's table, locks the row,
saves the new status and writes a ``Wijziging`` (who, when, from → to, public motivation,
internal note). E-mails and counters are the callers' business (speelkaart/besluiten.py).
"""

from django.db import transaction

from .constants import MeldingStatus as M
from .constants import OpmerkingStatus as O
from .constants import WensStatus as W


class OngeldigeOvergang(Exception):  # noqa: N818 (domain name)
    pass


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


def statusveld(item) -> str:
    return TABELLEN[item._meta.label_lower][0]


def volgende(item) -> frozenset[str]:
    veld, tabel = TABELLEN[item._meta.label_lower]
    return tabel.get(getattr(item, veld), frozenset())


def mag_overgaan(item, naar: str) -> bool:
    return naar in volgende(item)


def wijzig_status(item, naar: str, *, door=None, motivatie: str = "", notitie: str = ""):
    """Move ``item`` to ``naar`` under a row lock; returns the ``Wijziging`` written."""
    from .models import Wijziging

    veld, tabel = TABELLEN[item._meta.label_lower]
    with transaction.atomic():
        vers = type(item).objects.select_for_update().get(pk=item.pk)
        van = getattr(vers, veld)
        if naar not in tabel.get(van, frozenset()):
            raise OngeldigeOvergang(f"{item._meta.label}: {van} → {naar} is not allowed")
        setattr(vers, veld, naar)
        vers.save(update_fields=[veld, "gewijzigd"])
        setattr(item, veld, naar)
        return Wijziging.objects.create(
            item=vers, van=van, naar=naar, door=door, motivatie=motivatie, notitie=notitie
        )
