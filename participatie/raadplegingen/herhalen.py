"""Repeat a recurring consultation next year ("Herhaal volgend jaar").

Recurring Wmo topics come back on the residents' meetings every year; comparing years works
best with the same questions. A consultation with ``herhalen`` on is copied into a new
unpublished draft one year later: same questions (with the same block ids, so a question can
be compared across editions), topic, districts, audience and way of taking part; the title
gets the new year, the slug is new and unique, and ``vorige`` points back to the original.

Idempotent: an edition that already has a next one returns that one instead of copying again
(a double click, a second tab), under a row lock on the original.
"""

import copy
import re
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Raadpleging
from .rechten import RaadplegingPermissionPolicy

_JAAR = re.compile(r"\b(19|20)\d{2}\b")


def jaar_later(moment: datetime) -> datetime:
    """The same local date and time one year later (29 February becomes 28 February)."""
    lokaal = timezone.localtime(moment)
    try:
        return lokaal.replace(year=lokaal.year + 1)
    except ValueError:
        return lokaal.replace(year=lokaal.year + 1, day=28)


def nieuwe_titel(titel: str, oud_jaar: int, nieuw_jaar: int) -> str:
    """The title with the new year: the old year replaced, or the new year added."""
    if str(oud_jaar) in titel:
        titel = titel.replace(str(oud_jaar), str(nieuw_jaar))
    elif _JAAR.search(titel):
        titel = _JAAR.sub(str(nieuw_jaar), titel, count=1)
    else:
        titel = f"{titel} {nieuw_jaar}"
    return titel[:200]


def unieke_slug(titel: str) -> str:
    basis = (slugify(titel) or "raadpleging")[:70].strip("-")
    slug, n = basis, 2
    while Raadpleging.objects.filter(slug=slug).exists():
        slug, n = f"{basis}-{n}", n + 1
    return slug


def herhaal_volgend_jaar(raadpleging: Raadpleging, door) -> Raadpleging:
    """The draft of next year's edition (made now, or the one made before)."""
    policy = RaadplegingPermissionPolicy()
    if not (
        policy.user_has_permission(door, "add")
        and policy.user_has_permission_for_instance(door, "change", raadpleging)
    ):
        raise PermissionDenied
    with transaction.atomic():
        origineel = Raadpleging.objects.select_for_update().get(pk=raadpleging.pk)
        if not origineel.herhalen:
            raise ValidationError(_("This consultation is not marked to be repeated next year."))
        bestaand = origineel.volgende_edities.order_by("pk").first()
        if bestaand is not None:
            return bestaand
        opent_op, sluit_op = jaar_later(origineel.opent_op), jaar_later(origineel.sluit_op)
        oud_jaar = timezone.localtime(origineel.opent_op).year
        titel = nieuwe_titel(origineel.titel, oud_jaar, opent_op.year)
        nieuw = Raadpleging.objects.create(
            titel=titel,
            slug=unieke_slug(titel),
            thema=origineel.thema,
            stadsbreed=origineel.stadsbreed,
            doelgroep=origineel.doelgroep,
            opent_op=opent_op,
            sluit_op=sluit_op,
            inleiding=origineel.inleiding,
            vragen=copy.deepcopy(list(origineel.vragen.raw_data)),
            deelname=origineel.deelname,
            gepubliceerd=False,
            herhalen=True,
            vorige=origineel,
        )
        nieuw.wijken.set(origineel.wijken.all())
    return nieuw
