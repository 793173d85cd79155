"""Key figures (CBS Kerncijfers wijken en buurten) and their aggregation to a policy district.

Counts are summed. Age shares are averaged weighted by inhabitants, household size weighted by
households, and density is recomputed from the sums (CBS defines it as inhabitants per km² of
land). Areas without a value (CBS suppresses shares for very small areas) are left out of that
weighted average instead of counting as zero.
"""

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

SOM_VELDEN = (
    "aantal_inwoners",
    "mannen",
    "vrouwen",
    "huishoudens",
    "personenautos",
    "woningvoorraad",
    "oppervlakte_totaal_ha",
    "oppervlakte_land_ha",
    "oppervlakte_water_ha",
)
LEEFTIJD_VELDEN = ("pct_0_15", "pct_15_25", "pct_25_45", "pct_45_65", "pct_65plus")


@dataclass(frozen=True)
class Kerncijfers:
    jaar: int | None = None
    aantal_inwoners: int | None = None
    mannen: int | None = None
    vrouwen: int | None = None
    pct_0_15: Decimal | None = None
    pct_15_25: Decimal | None = None
    pct_25_45: Decimal | None = None
    pct_45_65: Decimal | None = None
    pct_65plus: Decimal | None = None
    huishoudens: int | None = None
    gem_huishoudensgrootte: Decimal | None = None
    bevolkingsdichtheid: int | None = None
    personenautos: int | None = None
    woningvoorraad: int | None = None
    oppervlakte_totaal_ha: int | None = None
    oppervlakte_land_ha: int | None = None
    oppervlakte_water_ha: int | None = None

    @classmethod
    def from_object(cls, obj) -> "Kerncijfers":
        values = {f.name: getattr(obj, f.name, None) for f in fields(cls) if f.name != "jaar"}
        return cls(jaar=obj.kerncijfers_jaar, **values)

    # Short names for templates.
    @property
    def inwoners(self):
        return self.aantal_inwoners


def _gewogen_gemiddelde(paren: list[tuple[Decimal | int | None, int | None]]) -> Decimal | None:
    bruikbaar = [
        (Decimal(waarde), gewicht) for waarde, gewicht in paren if waarde is not None and gewicht
    ]
    totaal_gewicht = sum(gewicht for _, gewicht in bruikbaar)
    if not totaal_gewicht:
        return None
    gemiddelde = sum(waarde * gewicht for waarde, gewicht in bruikbaar) / totaal_gewicht
    return gemiddelde.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _som(waarden) -> int | None:
    bekend = [w for w in waarden if w is not None]
    return sum(bekend) if bekend else None


def aggregeer(delen: list[Kerncijfers]) -> Kerncijfers:
    """Combine the key figures of several areas into those of the area they make up."""
    if not delen:
        return Kerncijfers()
    if len(delen) == 1:
        return delen[0]
    sommen = {veld: _som(getattr(deel, veld) for deel in delen) for veld in SOM_VELDEN}
    leeftijden = {
        veld: _gewogen_gemiddelde([(getattr(d, veld), d.aantal_inwoners) for d in delen])
        for veld in LEEFTIJD_VELDEN
    }
    huishoudensgrootte = _gewogen_gemiddelde(
        [(d.gem_huishoudensgrootte, d.huishoudens) for d in delen]
    )
    dichtheid = None
    if sommen["aantal_inwoners"] is not None and sommen["oppervlakte_land_ha"]:
        # Inhabitants per km² of land; 1 km² = 100 ha.
        dichtheid = round(sommen["aantal_inwoners"] * 100 / sommen["oppervlakte_land_ha"])
    jaren = {d.jaar for d in delen if d.jaar is not None}
    return Kerncijfers(
        jaar=jaren.pop() if len(jaren) == 1 else None,
        gem_huishoudensgrootte=huishoudensgrootte,
        bevolkingsdichtheid=dichtheid,
        **sommen,
        **leeftijden,
    )
