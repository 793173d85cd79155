from django.db import models
from django.utils.translation import gettext_lazy as _


class SpeelplekSoort(models.TextChoices):
    SPEELTUIN = "speeltuin", _("Playground")
    BEWAAKTE_SPEELTUIN = "bewaakte_speeltuin", _("Supervised playground")
    SPEELPLEK = "speelplek", _("Play area")
    TRAPVELD = "trapveld", _("Kickabout or sports field")
    SKATEBAAN = "skatebaan", _("Skate park")
    NATUURSPEELPLEK = "natuurspeelplek", _("Natural play area")
    SCHOOLPLEIN = "schoolplein", _("School playground")


class SpeelplekStatus(models.TextChoices):
    OPEN = "open", _("Open")
    TIJDELIJK_GESLOTEN = "tijdelijk_gesloten", _("Temporarily closed")
    GEPLAND = "gepland", _("Planned")


class Bron(models.TextChoices):
    """Where a play space's data come from; imports are idempotent per (bron, bron_id)."""

    HANDMATIG = "handmatig", _("Entered in the admin")
    OSM = "osm", _("OpenStreetMap")
    GEMEENTE = "gemeente", _("Municipality's open data")
    VOORBEELD = "voorbeeld", _("Example (demo)")


# Age groups and accessibility features: boolean fields on Speelplek, named here once so
# filters, forms, the GeoJSON and the open-data export use the same list.
LEEFTIJDEN = {
    "voor_0_4": _("0–4 years"),
    "voor_4_8": _("4–8 years"),
    "voor_8_12": _("8–12 years"),
    "voor_12_plus": _("12 years and older"),
}
VOORZIENINGEN = {
    "rolstoel": _("Equipment reachable by wheelchair"),
    "omheind": _("Fenced"),
    "schaduw": _("Shade"),
    "bankjes": _("Benches"),
    "toilet": _("Toilets"),
}
# Rating criteria (1–5 each): field name → label.
CRITERIA = {
    "speelwaarde": _("Play value"),
    "veiligheid": _("Safety"),
    "onderhoud": _("Maintenance"),
    "leeftijd": _("Suits the age group"),
}


class OpmerkingStatus(models.TextChoices):
    """A rating's comment is published after moderation (the review queue)."""

    GEEN = "geen", _("No comment")
    WACHT = "wacht", _("Waiting for moderation")
    GEPUBLICEERD = "gepubliceerd", _("Published")
    AFGEWEZEN = "afgewezen", _("Not published")


class MeldingCategorie(models.TextChoices):
    KAPOT = "kapot", _("Broken equipment")
    ONVEILIG = "onveilig", _("Unsafe situation")
    VUIL = "vuil", _("Litter or dirt")
    OVERIG = "overig", _("Something else")


class MeldingStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Received")
    IN_BEHANDELING = "in_behandeling", _("Being handled")
    OPGELOST = "opgelost", _("Resolved")
    AFGEWEZEN = "afgewezen", _("Not taken up")


class WensSoort(models.TextChoices):
    NIEUW = "nieuw", _("A new play space")
    VERBETERING = "verbetering", _("An improvement to a play space")


class WensStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Waiting for moderation")
    GEPUBLICEERD = "gepubliceerd", _("Published")
    AFGEWEZEN = "afgewezen", _("Not published")
    IN_BEHANDELING = "in_behandeling", _("Being considered")
    GEREALISEERD = "gerealiseerd", _("Realised")
