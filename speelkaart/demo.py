"""Example play spaces for the demo site: ``laad_speelplekken()``, two per district.

They are examples, and say so everywhere: ``bron`` is ``Bron.VOORBEELD``
(``Speelplek.is_voorbeeld``, for the site's "example" label), names start with "Voorbeeld:" and
the description says the place is made up. Their points are representative points of real
neighbourhoods (shapely: always inside the boundary), so buurt, wijk and the district filters
behave as they will with real data; the play spaces themselves do not exist.

Idempotent per (bron, bron_id) with ids ``<district slug>-1`` and ``-2``: loading again adds
only what is missing and leaves existing examples as they are (also when edited in the admin).
A neighbourhood named here that a later CBS boundary set no longer has is replaced by another
neighbourhood of the same district.
"""

from decimal import Decimal

from django.db import transaction

from shapely.geometry import shape

from portal.gebieden.models import Buurt, Wijk

from .constants import Bron, SpeelplekSoort, SpeelplekStatus
from .models import Speelplek
from .slugs import unieke_slug

S = SpeelplekSoort
OMSCHRIJVING = (
    "Een voorbeeld voor de demo: deze speelplek bestaat niet echt. De plek ligt in een echte "
    "buurt, zodat zoeken en filteren per wijk werken zoals met echte gegevens."
)
BEHEERDER = "Gemeente Delft (voorbeeld)"

# district slug → two examples: (neighbourhood, name after "Voorbeeld: ", kind, fields).
VOORBEELDEN = {
    "binnenstad": [
        ("Centrum-West", "Speelplein Centrum-West", S.SPEELPLEK,
         {"voor_0_4": True, "voor_4_8": True, "bankjes": True, "toestellen": "zandbak\nwip"}),
        ("Zuidpoort", "Trapveldje Zuidpoort", S.TRAPVELD,
         {"voor_8_12": True, "voor_12_plus": True, "omheind": True, "toestellen": "doeltjes"}),
    ],
    "vrijenban": [
        ("Sint Joris", "Speeltuin Sint Joris", S.SPEELTUIN,
         {"voor_0_4": True, "voor_4_8": True, "voor_8_12": True, "omheind": True,
          "bankjes": True, "schaduw": True, "toestellen": "schommel\nglijbaan\nklimrek"}),
        ("Biesland", "Natuurspeelplek Biesland", S.NATUURSPEELPLEK,
         {"voor_4_8": True, "voor_8_12": True, "schaduw": True,
          "toestellen": "boomstammen\nwaterpomp\nwilgenhut"}),
    ],
    "hof-van-delft": [
        ("Agnetaparkbuurt", "Speeltuin Agnetapark", S.SPEELTUIN,
         {"voor_0_4": True, "voor_4_8": True, "rolstoel": True, "bankjes": True,
          "schaduw": True, "toestellen": "nestschommel\nzandbak\nspeelhuisje"}),
        ("Westerkwartier", "Skatebaan Westerkwartier", S.SKATEBAAN,
         {"voor_12_plus": True, "toestellen": "halfpipe\nrails\nfunbox"}),
    ],
    "voordijkshoorn": [
        ("Kuyperwijk-Zuid", "Speelplek Kuyperwijk", S.SPEELPLEK,
         {"voor_0_4": True, "bankjes": True, "toestellen": "veerfiguur\nzandbak"}),
        ("Den Hoorn", "Trapveld Den Hoorn", S.TRAPVELD,
         {"voor_8_12": True, "voor_12_plus": True, "status": SpeelplekStatus.GEPLAND}),
    ],
    "tanthof": [
        ("Afrikabuurt-Oost", "Bewaakte speeltuin Tanthof", S.BEWAAKTE_SPEELTUIN,
         {"voor_0_4": True, "voor_4_8": True, "voor_8_12": True, "omheind": True,
          "toilet": True, "bankjes": True, "rolstoel": True,
          "toestellen": "schommel\nglijbaan\nwaterspeelplek\nskelters"}),
        ("Vogelbuurt-West", "Natuurspeelplek Vogelbuurt", S.NATUURSPEELPLEK,
         {"voor_4_8": True, "voor_8_12": True, "schaduw": True,
          "toestellen": "boomstammen\nklauterheuvel"}),
    ],
    "voorhof": [
        ("Roland Holstbuurt", "Speeltuin Roland Holst", S.SPEELTUIN,
         {"voor_0_4": True, "voor_4_8": True, "omheind": True, "bankjes": True,
          "status": SpeelplekStatus.TIJDELIJK_GESLOTEN, "toestellen": "schommel\nwip"}),
        ("Poptahof-Zuid", "Pannakooi Poptahof", S.TRAPVELD,
         {"voor_8_12": True, "voor_12_plus": True, "omheind": True, "toestellen": "pannakooi"}),
    ],
    "buitenhof": [
        ("Buitenhof-Noord", "Speeltuin Buitenhof-Noord", S.SPEELTUIN,
         {"voor_0_4": True, "voor_4_8": True, "voor_8_12": True, "rolstoel": True,
          "bankjes": True, "toestellen": "rolstoelschommel\nglijbaan\nzandtafel"}),
        ("Kerkpolder", "Speelbos Kerkpolder", S.NATUURSPEELPLEK,
         {"voor_4_8": True, "voor_8_12": True, "voor_12_plus": True, "schaduw": True}),
    ],
    "wippolder": [
        ("Zeeheldenbuurt", "Speelplek Zeeheldenbuurt", S.SPEELPLEK,
         {"voor_0_4": True, "voor_4_8": True, "bankjes": True, "toestellen": "duikelrek\nwip"}),
        ("Wippolder-Zuid", "Schoolplein Wippolder", S.SCHOOLPLEIN,
         {"voor_4_8": True, "voor_8_12": True, "toestellen": "klimrek\nbasketbalpaal"}),
    ],
}  # fmt: skip


def _punt(buurt: Buurt) -> tuple[Decimal, Decimal]:
    """A point inside the neighbourhood (lat, lon), as stored (6 decimals)."""
    punt = shape(buurt.grens).representative_point()
    return Decimal(f"{punt.y:.6f}"), Decimal(f"{punt.x:.6f}")


def _buurten(wijk: Wijk, namen: list[str]) -> list[Buurt]:
    """The named neighbourhoods of the district, or others of it where a name is missing."""
    alle = list(wijk.buurten.exclude(grens={}).order_by("naam"))
    per_naam = {buurt.naam: buurt for buurt in alle}
    gekozen = [per_naam.get(naam) for naam in namen]
    over = [buurt for buurt in alle if buurt not in gekozen]
    return [buurt or (over.pop(0) if over else None) for buurt in gekozen]


@transaction.atomic
def laad_speelplekken() -> int:
    """Create the missing example play spaces; returns how many were created."""
    bestaand = set(Speelplek.objects.filter(bron=Bron.VOORBEELD).values_list("bron_id", flat=True))
    nieuw = 0
    for wijk in Wijk.objects.filter(slug__in=VOORBEELDEN).order_by("volgorde", "naam"):
        voorbeelden = VOORBEELDEN[wijk.slug]
        buurten = _buurten(wijk, [voorbeeld[0] for voorbeeld in voorbeelden])
        for volgnummer, (buurt, (_naam, naam, soort, velden)) in enumerate(
            zip(buurten, voorbeelden, strict=True), start=1
        ):
            bron_id = f"{wijk.slug}-{volgnummer}"
            if bron_id in bestaand or buurt is None:
                continue
            lat, lon = _punt(buurt)
            speelplek = Speelplek(
                naam=f"Voorbeeld: {naam}",
                soort=soort,
                omschrijving=OMSCHRIJVING,
                lat=lat,
                lon=lon,
                buurt=buurt,
                wijk=wijk,
                beheerder=BEHEERDER,
                bron=Bron.VOORBEELD,
                bron_id=bron_id,
                **velden,
            )
            speelplek.slug = unieke_slug(speelplek.naam)
            speelplek.save()
            nieuw += 1
    return nieuw
