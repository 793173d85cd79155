"""IBAN: normalise, validate (ISO 13616 mod-97 checksum) and mask for staff lists."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Lengths per country for the countries residents' banks are likely in; others: 15-34.
LENGTES = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "LU": 20}


def normaliseer(waarde: str) -> str:
    return re.sub(r"\s+", "", waarde or "").upper()


def is_geldig(iban: str) -> bool:
    iban = normaliseer(iban)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    if len(iban) != LENGTES.get(iban[:2], len(iban)):
        return False
    herschikt = iban[4:] + iban[:4]
    getal = "".join(str(int(teken, 36)) for teken in herschikt)
    return int(getal) % 97 == 1


def valideer_iban(waarde: str) -> None:
    if not is_geldig(waarde):
        raise ValidationError(
            _("This is not a valid IBAN. Check the number on your bank card or statement."),
            code="iban",
        )


def maskeer(iban: str) -> str:
    """NL91 **** **** **43 00: country, check digits and the last four only."""
    iban = normaliseer(iban)
    if len(iban) < 8:
        return "****" if iban else ""
    return f"{iban[:4]} **** **** **{iban[-4:-2]} {iban[-2:]}"
