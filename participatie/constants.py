from django.db import models
from django.utils.translation import gettext_lazy as _

# The application form has four steps, then a review page.
AANTAL_STAPPEN = 4


class Soort(models.TextChoices):
    """The kinds of resident initiative the municipality supports."""

    STRAATFEESTCHEQUE = "straatfeestcheque", _("Street party cheque")
    FLEUR_OP = "fleur_op", _("Fleur Op (brighten up your street)")
    SPEELSTRAAT = "speelstraat", _("Play street")
    ZELFBEHEER = "zelfbeheer", _("Self-management of public space")


class BedragSoort(models.TextChoices):
    VAST = "vast", _("Fixed amount")
    MAXIMUM = "maximum", _("Up to a maximum")


class Planning(models.TextChoices):
    """What a scheme asks about *when*: one day, a period with fixed times and a closed stretch
    of street (a play street), or nothing (self-management runs without a date)."""

    DAG = "dag", _("One activity date")
    PERIODE = "periode", _("A period with fixed times and a stretch of street (play street)")
    GEEN = "geen", _("No date")


class Status(models.TextChoices):
    CONCEPT = "concept", _("Draft")
    INGEDIEND = "ingediend", _("Submitted")
    IN_BEHANDELING = "in_behandeling", _("Being assessed")
    AANPASSING_GEVRAAGD = "aanpassing_gevraagd", _("Changes requested")
    TWEEDE_AKKOORD = "tweede_akkoord", _("Waiting for a second approval")
    GOEDGEKEURD = "goedgekeurd", _("Approved")
    AFGEWEZEN = "afgewezen", _("Rejected")
    INGETROKKEN = "ingetrokken", _("Withdrawn")
    UITBETAALD = "uitbetaald", _("Paid")
    VERANTWOORD = "verantwoord", _("Reported back")
    AFGESLOTEN = "afgesloten", _("Closed")


class BijlageSoort(models.TextChoices):
    FOTO = "foto", _("Photo or drawing of the location")
    INSTEMMING = "instemming", _("Signed list of consenting households")
    BEGROTING = "begroting", _("Budget")
    OVEREENKOMST = "overeenkomst", _("Signed agreement")
    VERANTWOORDING = "verantwoording", _("Photo for the report back")
    OVERIG = "overig", _("Other")


class Rol(models.TextChoices):
    """Who performs a status transition."""

    AANVRAGER = "aanvrager", _("applicant")
    COORDINATOR = "coordinator", _("district coordinator")
    SYSTEEM = "systeem", _("system")


class BoekingSoort(models.TextChoices):
    """Entries in a district budget's ledger."""

    RESERVERING = "reservering", _("reservation")
    VRIJGAVE = "vrijgave", _("release")
    BETALING = "betaling", _("payment")
