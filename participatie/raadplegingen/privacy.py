"""Consultation responses as personal data: export and erasure for "Mijn gegevens", and the
retention rule (registered from ``registratie``).

- Export: every response of the account with its answers as text.
- Erasure: sent responses are kept for the results without the account (``bewoner`` None);
  their open-text answers go unless they were approved for quoting (a quote is published
  already and anonymous). Unsent responses (drafts) are deleted with their answers.
- Retention: ``RETENTIE_RAADPLEGING_DAGEN`` (365) days after a consultation closed, its unsent
  responses are deleted and its sent responses lose the account and the e-mail address. The
  keyed hash of the address (``email_sleutel``) stays: it is no address, and keeps "one
  response per address". Answers, counts and quotes are not touched.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .constants import CitaatStatus, ReactieStatus, VraagSoort
from .models import Antwoord, Reactie
from .vragen import samenvatting, vragen_van


def exporteer(user) -> list[dict]:
    reacties = Reactie.objects.filter(bewoner=user).select_related("raadpleging", "wijk")
    uitvoer = []
    for reactie in reacties.order_by("aangemaakt", "pk"):
        vragen = vragen_van(reactie.raadpleging)
        uitvoer.append(
            {
                "raadpleging": reactie.raadpleging.titel,
                "status": reactie.get_status_display(),
                "wijk": reactie.wijk.naam if reactie.wijk_id else None,
                "aangemaakt": reactie.aangemaakt,
                "gewijzigd": reactie.gewijzigd,
                "verstuurd_op": reactie.ingediend_op,
                "antwoorden": samenvatting(reactie, vragen),
            }
        )
    return uitvoer


def wis(user) -> None:
    """Account deletion (runs before the account is deleted, in one transaction)."""
    eigen = Reactie.objects.filter(bewoner=user)
    eigen.exclude(status=ReactieStatus.INGEDIEND).delete()
    Antwoord.objects.filter(reactie__in=eigen, soort=VraagSoort.OPEN).exclude(
        citaat_status=CitaatStatus.GOEDGEKEURD
    ).delete()
    eigen.update(bewoner=None, email="")


def oude_reacties() -> int:
    """Responses to consultations closed more than RETENTIE_RAADPLEGING_DAGEN days ago; returns
    how many responses were deleted or anonymised."""
    grens = timezone.now() - timedelta(days=settings.RETENTIE_RAADPLEGING_DAGEN)
    oud = Reactie.objects.filter(raadpleging__sluit_op__lt=grens)
    _totaal, per_model = oud.exclude(status=ReactieStatus.INGEDIEND).delete()
    geanonimiseerd = (
        oud.filter(status=ReactieStatus.INGEDIEND)
        .filter(Q(bewoner__isnull=False) | ~Q(email=""))
        .update(bewoner=None, email="")
    )
    return per_model.get(Reactie._meta.label, 0) + geanonimiseerd


def registreer() -> None:
    from portal.accounts.privacy import registreer_gegevens
    from portal.accounts.retentie import bewaarregel

    registreer_gegevens("raadplegingen", exporteer=exporteer, wis=wis)
    bewaarregel("reacties op raadplegingen")(oude_reacties)
