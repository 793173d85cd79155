"""Personal data of a resident: one registry for export and one for erasure (AVG/GDPR).

Every app that stores personal data registers an exporter (what we hold, as JSON) and an
eraser (what happens to it when the account is deleted): records that must be kept (budget and
decision records) are anonymised, the rest is deleted. The account itself is deleted last.

    from portal.accounts.privacy import registreer_gegevens

    registreer_gegevens(
        "aanvragen",
        exporteer=lambda user: [...],          # JSON-serialisable
        wis=lambda user: ...,                   # anonymise what must be kept, delete the rest
    )

Apps register in their ``AppConfig.ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Gegevensbron:
    naam: str
    exporteer: Callable[[Any], Any]
    wis: Callable[[Any], None] | None = None


_bronnen: dict[str, Gegevensbron] = {}


def registreer_gegevens(naam: str, exporteer: Callable, wis: Callable | None = None) -> None:
    _bronnen[naam] = Gegevensbron(naam, exporteer, wis)


def geregistreerde_bronnen() -> list[Gegevensbron]:
    return list(_bronnen.values())


def exporteer_gegevens(user) -> dict:
    return {
        "gemaakt_op": timezone.now().isoformat(),
        "toelichting": "Alle persoonsgegevens die het Wijkportaal Delft over u bewaart.",
        "gegevens": {bron.naam: bron.exporteer(user) for bron in _bronnen.values()},
    }


@transaction.atomic
def verwijder_account(user) -> None:
    """Run every eraser, then delete the account (and what cascades from it)."""
    for bron in _bronnen.values():
        if bron.wis is not None:
            bron.wis(user)
    user.delete()


# --- The account's own data ---------------------------------------------------------------


def _exporteer_account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "e-mailadres": user.email,
        "voornaam": user.first_name,
        "achternaam": user.last_name,
        "aangemaakt_op": user.date_joined.isoformat(),
        "laatst_ingelogd": user.last_login.isoformat() if user.last_login else None,
        "e-mailadressen": [
            {"adres": e.email, "geverifieerd": e.verified, "primair": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        # Which second factors exist, never their secrets.
        "tweestapsverificatie": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "rollen": sorted(user.groups.values_list("name", flat=True)),
        "wijken_als_coordinator": sorted(user.coordinator_van.values_list("naam", flat=True)),
    }


registreer_gegevens("account", exporteer=_exporteer_account)
