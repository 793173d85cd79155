"""The managed list of signal categories, and optional example signals, for the demo site.

``laad_signalen()`` creates the categories a resident chooses from (administrators keep the
list in the admin afterwards); it is safe everywhere, tests included, because categories hold
no personal data. ``laad_voorbeeldsignalen()`` adds a few example signals for `make run` only
(like ``cms.demo``'s example applications): sent by the demo resident bewoner@example.org when
that account exists, never by anyone real, and labelled "Voorbeeld:" so nobody mistakes them
for a real resident's words.

Both are idempotent: categories by name (an edited description is kept), example signals only
when none exist yet.
"""

from django.db import transaction

from portal.accounts.models import User
from portal.gebieden.models import Wijk

from . import statemachine
from .constants import SignaalStatus
from .models import Signaal, SignaalCategorie

CATEGORIEEN = [
    (
        "Eenzaamheid of zorgen om een buurtgenoot",
        "U maakt zich zorgen om iemand in uw buurt die alleen is of hulp lijkt nodig te hebben.",
    ),
    ("Overlast", "Geluid, afval, hangplekken of gedrag dat het wonen in uw straat lastig maakt."),
    (
        "Ontmoeten en activiteiten",
        "Een plek of activiteit waar buurtgenoten elkaar ontmoeten, of iets wat daarbij ontbreekt.",
    ),
    ("Groen en openbare ruimte", "Bankjes, perken, bomen, speelplekken en pleinen in uw buurt."),
    ("Veiligheid", "Een plek of situatie waar u zich niet veilig voelt. Bij direct gevaar: 112."),
    ("Idee voor de buurt", "Een idee om uw buurt prettiger, groener of gezelliger te maken."),
]

DEMO_BEWONER = "bewoner@example.org"  # cms.demo.DEMO_ACCOUNTS

# (district slug, category, text, moved on to this status by the district's coordinator).
VOORBEELDSIGNALEN = [
    (
        "tanthof",
        "Ontmoeten en activiteiten",
        "Voorbeeld: het buurthuis is in de zomer dicht, juist dan zoeken ouderen elkaar op.",
        None,
    ),
    (
        "tanthof",
        "Idee voor de buurt",
        "Voorbeeld: een ruilkast bij het winkelcentrum, voor boeken en speelgoed.",
        SignaalStatus.IN_BEHANDELING,
    ),
    (
        "buitenhof",
        "Groen en openbare ruimte",
        "Voorbeeld: de bankjes op het plein zijn weggehaald; er is nu geen plek om te zitten.",
        None,
    ),
]


@transaction.atomic
def laad_signalen() -> int:
    """Create the missing categories; returns how many were created."""
    nieuw = 0
    for volgorde, (naam, omschrijving) in enumerate(CATEGORIEEN, start=1):
        _categorie, gemaakt = SignaalCategorie.objects.get_or_create(
            naam=naam, defaults={"omschrijving": omschrijving, "volgorde": volgorde}
        )
        nieuw += gemaakt
    return nieuw


@transaction.atomic
def laad_voorbeeldsignalen() -> int:
    """A few labelled example signals of the demo resident in Tanthof and Buitenhof, for the
    district teams' queue in `make run`; nothing without that account or when examples exist."""
    bewoner = User.objects.filter(email=DEMO_BEWONER).first()
    if bewoner is None or Signaal.objects.filter(tekst__startswith="Voorbeeld:").exists():
        return 0
    laad_signalen()
    categorieen = {c.naam: c for c in SignaalCategorie.objects.all()}
    gemaakt = 0
    for slug, categorie, tekst, status in VOORBEELDSIGNALEN:
        wijk = Wijk.objects.filter(slug=slug).first()
        if wijk is None:
            continue
        signaal = Signaal.objects.create(
            bewoner=bewoner,
            categorie=categorieen[categorie],
            tekst=tekst,
            buurt=wijk.buurten.order_by("naam").first(),
            wijk=wijk,
        )
        if status:
            statemachine.wijzig_status(signaal, status, door=wijk.coordinatoren.first())
        gemaakt += 1
    return gemaakt
