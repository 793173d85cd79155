"""Signals' personal data: export and erasure for "Mijn gegevens", and the retention rule
(registered from ``registratie``).

A signal belongs to the district team's logbook: it stays when its sender goes, without them.
Erasure and retention unlink the account (``bewoner=None``) and delete the photo (file and
fields: a photo can show people); category, text, place, status and reply remain. The log of
requests to see the sender (``IdentiteitInzage``) is kept: it is the staff's accountability and
holds no data of the resident (who asked, when, why).

Retention: closed signals whose last change is more than ``RETENTIE_SIGNAAL_DAGEN`` (365) days
ago. Open signals are never touched: the district team is still working on them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Signaal
from .statemachine import AFGESLOTEN_SIGNALEN


def exporteer(user) -> list[dict]:
    signalen = Signaal.objects.filter(bewoner=user).select_related("categorie", "buurt", "wijk")
    # The photo itself is not in the export (the resident sees it on the signal's page).
    return [
        {
            "categorie": s.categorie.naam,
            "tekst": s.tekst,
            "buurt": s.buurt.naam if s.buurt_id else None,
            "wijk": s.wijk.naam,
            "locatie": [s.lat, s.lon] if s.lat is not None and s.lon is not None else None,
            "foto": bool(s.foto),
            "status": s.get_status_display(),
            "doorgestuurd_naar": s.doorgestuurd_naar,
            "antwoord": s.antwoord,
            "aangemaakt": s.aangemaakt,
            "gewijzigd": s.gewijzigd,
        }
        for s in signalen.defer("buurt__grens", "wijk__grens")
    ]


def _wis_fotos(signalen) -> None:
    """Delete the stored photos of these signals and clear the fields."""
    for signaal in signalen.exclude(foto="").only("pk", "foto"):
        signaal.foto.delete(save=False)
        Signaal.objects.filter(pk=signaal.pk).update(foto="", foto_mime="")


def _zonder_melder(signalen) -> int:
    """Keep the signals in the logbook without their sender: no account link, no photo."""
    _wis_fotos(signalen)
    # update() leaves ``gewijzigd`` alone: anonymising is not a change of the signal.
    return signalen.update(bewoner=None)


def wis(user) -> None:
    """Account deletion (runs before the account itself is deleted, in one transaction)."""
    _zonder_melder(Signaal.objects.filter(bewoner=user))


def oude_afgesloten_signalen() -> int:
    """Closed signals whose last change is older than RETENTIE_SIGNAAL_DAGEN: without sender
    and photo."""
    grens = timezone.now() - timedelta(days=settings.RETENTIE_SIGNAAL_DAGEN)
    oud = Signaal.objects.filter(status__in=AFGESLOTEN_SIGNALEN, gewijzigd__lt=grens)
    # A closed signal already without sender may still hold a photo (sent without an account
    # link by an import, say): the filter covers both.
    return _zonder_melder(oud.exclude(bewoner__isnull=True, foto=""))
