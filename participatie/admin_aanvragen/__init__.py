"""Applications (Aanvragen) in the coordinators' review queue: the first plug-in of
``participatie.wachtrij``.

Scoping comes from ``rechten.AanvraagPermissionPolicy`` (a coordinator's districts, drafts never),
transitions from ``statemachine.volgende_statussen`` for the coordinator's role, and every decision
calls its function in ``besluiten``, which checks authority, four eyes and budget again.

Layout of this package: ``filters`` and ``kolommen`` (the listing), ``formulieren`` (one form per
decision), ``besluitlijst`` (``BESLUITEN``: the decisions and the domain functions they call) and
``viewset`` (``AanvraagViewSet``).
"""

from .besluitlijst import BESLUITEN
from .filters import TOEGEWEZEN_KEUZES, WACHTTIJD_KEUZES, AanvraagFilterSet
from .formulieren import (
    NOTITIE,
    AanpassingFormulier,
    AfwijzenFormulier,
    GoedkeurenFormulier,
    InBehandelingFormulier,
    SluitenFormulier,
    UitbetalenFormulier,
)
from .kolommen import BehandelaarColumn, WachttijdColumn
from .viewset import AanvraagViewSet

__all__ = [
    "BESLUITEN",
    "NOTITIE",
    "TOEGEWEZEN_KEUZES",
    "WACHTTIJD_KEUZES",
    "AanpassingFormulier",
    "AanvraagFilterSet",
    "AanvraagViewSet",
    "AfwijzenFormulier",
    "BehandelaarColumn",
    "GoedkeurenFormulier",
    "InBehandelingFormulier",
    "SluitenFormulier",
    "UitbetalenFormulier",
    "WachttijdColumn",
]
