from django.db import models
from django.utils.translation import gettext_lazy as _


class Doelgroep(models.TextChoices):
    """Who a consultation is for (the Wmo clusters and the district residents' meetings)."""

    BEWONERSOVERLEG = "bewonersoverleg", _("Residents' meeting of the district")
    PANEL_GEHANDICAPTEN = "panel_gehandicapten", _("Disability panel")
    JONGERENRAAD = "jongerenraad", _("Youth council")
    ALLE_BEWONERS = "alle_bewoners", _("Open to all residents")


class Deelname(models.TextChoices):
    """How a resident takes part: with a verified account, or anonymously (confirmed by a link
    in an e-mail; one response per e-mail address)."""

    ACCOUNT = "account", _("With a verified account")
    ANONIEM = "anoniem", _("Anonymously, confirmed by e-mail")


class Fase(models.TextChoices):
    """Derived from publication and the open/close date-times; never stored."""

    CONCEPT = "concept", _("Draft")
    GEPLAND = "gepland", _("Opens later")
    OPEN = "open", _("Open")
    GESLOTEN = "gesloten", _("Closed")


class ReactieStatus(models.TextChoices):
    CONCEPT = "concept", _("Saved, not yet sent")
    TE_BEVESTIGEN = "te_bevestigen", _("Waiting for e-mail confirmation")
    INGEDIEND = "ingediend", _("Sent")


class CitaatStatus(models.TextChoices):
    """An open-text answer may be quoted on the results page only after moderation."""

    GEEN = "geen", _("Not an open answer")
    WACHT = "wacht", _("Waiting for moderation")
    GOEDGEKEURD = "goedgekeurd", _("May be quoted")
    AFGEWEZEN = "afgewezen", _("Not quoted")


class VraagSoort(models.TextChoices):
    """The question blocks' type names in ``Raadpleging.vragen``."""

    ENKELE_KEUZE = "enkele_keuze", _("Single choice")
    MEERKEUZE = "meerkeuze", _("Multiple choice")
    SCHAAL = "schaal", _("Scale 1–5")
    RANGORDE = "rangorde", _("Ranking")
    OPEN = "open", _("Open text")
