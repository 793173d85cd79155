"""The outbox holds recipients' addresses: exported, erased and kept no longer than needed.

django-q2's own task tables hold only row ids (``tasks.verstuur(email_id)``); a retention rule
removes old task records all the same, so nothing there outlives the outbox.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from portal.accounts.privacy import registreer_gegevens
from portal.accounts.retentie import bewaarregel

from .models import Email, EmailStatus


def _adressen(user) -> list[str]:
    from allauth.account.models import EmailAddress

    adressen = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    adressen.add(user.email)
    return [a for a in adressen if a]


def _van(user):
    from django.db.models import Q

    filter_ = Q()
    for adres in _adressen(user):
        filter_ |= Q(aan__iexact=adres)
    return Email.objects.filter(filter_) if filter_ else Email.objects.none()


registreer_gegevens(
    "e-mails",
    exporteer=lambda user: [
        {
            "aan": e.aan,
            "onderwerp": e.onderwerp,
            "status": e.status,
            "aangemaakt": e.aangemaakt.isoformat(),
        }
        for e in _van(user).order_by("aangemaakt")
    ],
    wis=lambda user: _van(user).delete(),
)


@bewaarregel("verzonden en mislukte e-mails")
def verwijder_oude_emails() -> int:
    grens = timezone.now() - timedelta(days=settings.MAIL_BEWAAR_DAGEN)
    aantal, _ = Email.objects.filter(
        status__in=[EmailStatus.VERZONDEN, EmailStatus.MISLUKT], aangemaakt__lt=grens
    ).delete()
    return aantal


@bewaarregel("achtergrondtaken")
def verwijder_oude_taken() -> int:
    from django_q.models import Task

    grens = timezone.now() - timedelta(days=settings.MAIL_BEWAAR_DAGEN)
    aantal, _ = Task.objects.filter(stopped__lt=grens).delete()
    return aantal
