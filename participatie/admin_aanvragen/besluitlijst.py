"""The decisions on an application (``BESLUITEN``): each calls its function in
``participatie.besluiten``, looked up when the decision runs."""

from django.utils.translation import gettext_lazy as _

from .. import besluiten
from ..constants import Status
from ..wachtrij import Besluit
from .formulieren import (
    AanpassingFormulier,
    AfwijzenFormulier,
    GoedkeurenFormulier,
    InBehandelingFormulier,
    SluitenFormulier,
    UitbetalenFormulier,
)

S = Status


def _in_behandeling(aanvraag, *, door, data):
    return besluiten.in_behandeling_nemen(
        aanvraag, door=door, behandelaar=data["behandelaar"], notitie=data["notitie"]
    )


def _aanpassing(aanvraag, *, door, data):
    return besluiten.aanpassing_vragen(
        aanvraag, door=door, bericht=data["bericht"], notitie=data["notitie"]
    )


def _goedkeuren(aanvraag, *, door, data):
    return besluiten.goedkeuren(
        aanvraag,
        door=door,
        bedrag=data.get("bedrag"),
        motivatie=data["motivatie"],
        notitie=data["notitie"],
        overschrijding=data.get("overschrijding", ""),
    )


def _afwijzen(aanvraag, *, door, data):
    return besluiten.afwijzen(
        aanvraag, door=door, motivatie=data["motivatie"], notitie=data["notitie"]
    )


def _uitbetalen(aanvraag, *, door, data):
    return besluiten.uitbetalen(
        aanvraag, door=door, bedrag=data["bedrag"], datum=data["datum"], kenmerk=data["kenmerk"]
    )


def _sluiten(aanvraag, *, door, data):
    return besluiten.sluiten(aanvraag, door=door, notitie=data["notitie"])


BESLUITEN = [
    Besluit(
        "in_behandeling",
        _("Take into assessment"),
        (S.IN_BEHANDELING,),
        InBehandelingFormulier,
        _in_behandeling,
    ),
    Besluit(
        "aanpassing",
        _("Request changes"),
        (S.AANPASSING_GEVRAAGD,),
        AanpassingFormulier,
        _aanpassing,
        knop_klasse="button button-secondary",
    ),
    Besluit(
        "goedkeuren",
        _("Approve"),
        (S.GOEDGEKEURD, S.TWEEDE_AKKOORD),
        GoedkeurenFormulier,
        _goedkeuren,
        uitleg=_(
            "Above the scheme's four-eyes threshold a second person approves as well. The "
            "amount is reserved in this year's district budget."
        ),
    ),
    Besluit(
        "afwijzen",
        _("Reject"),
        (S.AFGEWEZEN,),
        AfwijzenFormulier,
        _afwijzen,
        knop_klasse="button no",
    ),
    Besluit("uitbetalen", _("Mark as paid"), (S.UITBETAALD,), UitbetalenFormulier, _uitbetalen),
    Besluit(
        "sluiten",
        _("Close"),
        (S.AFGESLOTEN,),
        SluitenFormulier,
        _sluiten,
        knop_klasse="button button-secondary",
    ),
]
