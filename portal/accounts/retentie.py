"""Retention rules: personal data is kept no longer than needed.

Apps register a rule (a function that deletes or anonymises what has expired and returns how
many records it touched); one scheduled django-q2 task runs them all once a day.

    from portal.accounts.retentie import bewaarregel

    @bewaarregel("concepten ouder dan 90 dagen")
    def verwijder_oude_concepten() -> int: ...
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

_regels: dict[str, Callable[[], int]] = {}

SCHEDULE_NAAM = "Bewaartermijnen toepassen"


def bewaarregel(naam: str):
    def decorator(functie: Callable[[], int]):
        _regels[naam] = functie
        return functie

    return decorator


def geregistreerde_regels() -> dict[str, Callable[[], int]]:
    return dict(_regels)


def pas_bewaarregels_toe() -> dict[str, int]:
    """The django-q2 task: run every rule, each in its own transaction."""
    resultaat = {}
    for naam, regel in _regels.items():
        with transaction.atomic():
            resultaat[naam] = regel()
        logger.info("bewaarregel %s: %s records", naam, resultaat[naam])
    return resultaat


def plan_bewaarregels(**kwargs) -> None:
    """Make sure the daily schedule exists (post_migrate; idempotent)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAAM,
        defaults={
            "func": "portal.accounts.retentie.pas_bewaarregels_toe",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
        },
    )


@bewaarregel("niet-bevestigde accounts")
def verwijder_onbevestigde_accounts() -> int:
    """Accounts whose e-mail address was never verified are deleted after N days.

    Staff accounts are never removed by this rule.
    """
    from allauth.account.models import EmailAddress

    from .models import User

    grens = timezone.now() - timedelta(days=settings.RETENTIE_ONBEVESTIGD_DAGEN)
    bevestigd = EmailAddress.objects.filter(verified=True).values("user_id")
    oud = User.objects.filter(date_joined__lt=grens, is_staff=False, is_superuser=False).exclude(
        pk__in=bevestigd
    )
    aantal = oud.count()
    oud.delete()
    return aantal
