"""Decisions on quotes: may an open-text answer be quoted on the results page?

- ``citaat_goedkeuren``: "Mag geciteerd worden" (→ ``goedgekeurd``); the answer may appear on
  the results page, without any name.
- ``citaat_afwijzen``: "Niet citeren" (→ ``afgewezen``) with a reason that stays internal (the
  history row's ``notitie``; residents never see it). The answer still counts as an answer.

Both go through ``statemachine.wijzig_status`` (the transition table, an ``Overgang`` row) under
a row lock, and check the district again whatever the entry point (admin view, shell): only
staff of the respondent's district or administrators (``rechten.AntwoordPermissionPolicy``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .constants import CitaatStatus
from .models import Antwoord
from .rechten import AntwoordPermissionPolicy
from .statemachine import wijzig_status


class BesluitFout(ValidationError):
    """A decision that cannot be made; the message says why, in Dutch."""


class GeenBevoegdheid(BesluitFout):
    pass


def _beslis(antwoord: Antwoord, naar: str, *, door, notitie: str = ""):
    policy = AntwoordPermissionPolicy()
    with transaction.atomic():
        vers = Antwoord.objects.select_for_update().get(pk=antwoord.pk)
        if not policy.basis_queryset().filter(pk=vers.pk).exists():
            raise BesluitFout(_("Only open answers of sent responses can be quoted."))
        if not policy.user_has_permission_for_instance(door, "change", vers):
            raise GeenBevoegdheid(_("You may not decide on answers from this district."))
        overgang = wijzig_status(vers, naar, door=door, notitie=notitie)
        antwoord.citaat_status = naar
        return overgang


def citaat_goedkeuren(antwoord: Antwoord, *, door, notitie: str = ""):
    return _beslis(antwoord, CitaatStatus.GOEDGEKEURD, door=door, notitie=(notitie or "").strip())


def citaat_afwijzen(antwoord: Antwoord, *, door, reden: str):
    reden = (reden or "").strip()
    if not reden:
        raise BesluitFout(_("Give the reason why this answer is not quoted."))
    return _beslis(antwoord, CitaatStatus.AFGEWEZEN, door=door, notitie=reden)
