"""Load or refresh Delft's geography and key figures from the CBS files in ``data/``.

Idempotent: every row is matched on its CBS code (or the source id for the one buurt CBS did
not code) and updated in place, so running it again changes nothing and keeps the relations
(coordinators, pages) that point at districts.
"""

import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from shapely import unary_union
from shapely.geometry import mapping, shape

from .geojson import nieuwe_grensversie
from .kerncijfers import LEEFTIJD_VELDEN, SOM_VELDEN
from .lookup import reset_index
from .models import Buurt, CbsWijk, Gemeente, Wijk

DATA_DIR = Path(__file__).resolve().parent / "data"

# The eight policy districts of Samenwerken in de wijken, in the programme's order.
BELEIDSWIJKEN = [
    "Binnenstad",
    "Vrijenban",
    "Hof van Delft",
    "Voordijkshoorn",
    "Tanthof",
    "Voorhof",
    "Buitenhof",
    "Wippolder",
]

# Focus areas named in the seed policy → CBS buurt names (2023). The match is by name; two
# are not one-to-one: "Gillis" is the CBS buurt "Gillisbuurt", "Rode Dorp" is "Het Rode Dorp",
# "Reinier de Graaf" is "Reinier de Graafbuurt", and Poptahof is split by CBS into
# Poptahof-Noord and Poptahof-Zuid (both marked). See docs/gebieden.md.
AANDACHTSGEBIEDEN = {
    "Gillis": ["Gillisbuurt"],
    "Rode Dorp": ["Het Rode Dorp"],
    "Reinier de Graaf": ["Reinier de Graafbuurt"],
    "Buitenhof-Noord": ["Buitenhof-Noord"],
    "Bomenwijk": ["Bomenwijk"],
    "Poptahof": ["Poptahof-Noord", "Poptahof-Zuid"],
}

# Whole-number columns of kerncijfers.csv that map one-to-one onto model fields.
KERNCIJFER_INT_VELDEN = SOM_VELDEN + LEEFTIJD_VELDEN


class GebiedenFout(Exception):
    """The source files do not match what the loader expects."""


@dataclass
class Verslag:
    wijken: int = 0
    cbs_wijken: int = 0
    buurten: int = 0
    aandachtsbuurten: list[str] = field(default_factory=list)
    toewijzingen: dict[str, str] = field(default_factory=dict)


def _lees_geojson(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)["features"]


def _lees_kerncijfers(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["regiocode"]: row for row in csv.DictReader(fh)}


def _kerncijfer_waarden(row: dict) -> dict:
    def getal(value):
        return int(value) if value not in ("", None) else None

    values = {veld: getal(row.get(veld)) for veld in KERNCIJFER_INT_VELDEN}
    values["kerncijfers_jaar"] = getal(row.get("jaar"))
    values["bevolkingsdichtheid"] = getal(row.get("bevolkingsdichtheid_per_km2"))
    grootte = row.get("gem_huishoudensgrootte")
    values["gem_huishoudensgrootte"] = Decimal(grootte) if grootte else None
    return values


def _afgerond(geometrie) -> dict:
    """GeoJSON of a shapely geometry, coordinates rounded to 6 decimals (about 0.1 m)."""

    def rond(coords):
        if isinstance(coords, list | tuple) and coords and isinstance(coords[0], float | int):
            return [round(c, 6) for c in coords]
        return [rond(c) for c in coords]

    geojson = mapping(geometrie)
    return {"type": geojson["type"], "coordinates": rond(geojson["coordinates"])}


def beleidswijk_voor(properties: dict) -> tuple[str, str]:
    """The policy district of a CBS wijk and why.

    A CBS wijk without a policy district of its own goes to the neighbouring district it shares
    the longest border with (lengths computed from the CBS polygons, in the source data).
    """
    if properties.get("beleidswijk"):
        return properties["beleidswijk"], "naam"
    grenzen = properties.get("grenst_aan_beleidswijken_m") or {}
    if not grenzen:
        raise GebiedenFout(f"{properties['wijkcode']} has no policy district and no borders")
    naam, lengte = max(grenzen.items(), key=lambda item: item[1])
    return naam, f"langste gedeelde grens: {lengte} m met {naam}"


@transaction.atomic
def laad_gebieden(data_dir: Path = DATA_DIR) -> Verslag:
    verslag = Verslag()
    kerncijfers = _lees_kerncijfers(data_dir / "kerncijfers.csv")
    cbs_features = _lees_geojson(data_dir / "wijken.geojson")
    buurt_features = _lees_geojson(data_dir / "buurten.geojson")

    gemeente_row = next((r for r in kerncijfers.values() if r["niveau"] == "gemeente"), None)
    if gemeente_row:
        Gemeente.objects.update_or_create(
            code=gemeente_row["regiocode"],
            defaults={"naam": gemeente_row["regionaam"], **_kerncijfer_waarden(gemeente_row)},
        )

    wijken = {}
    for volgorde, naam in enumerate(BELEIDSWIJKEN, start=1):
        wijken[naam], _ = Wijk.objects.update_or_create(
            slug=slugify(naam), defaults={"naam": naam, "volgorde": volgorde}
        )
    verslag.wijken = len(wijken)

    cbs_wijken = {}
    geometrie_per_wijk: dict[str, list] = {naam: [] for naam in BELEIDSWIJKEN}
    for feature in cbs_features:
        props = feature["properties"]
        beleidswijk, reden = beleidswijk_voor(props)
        if beleidswijk not in wijken:
            raise GebiedenFout(f"{props['wijkcode']}: unknown policy district {beleidswijk!r}")
        cbs_wijken[props["wijkcode"]], _ = CbsWijk.objects.update_or_create(
            code=props["wijkcode"],
            defaults={
                "naam": props["wijknaam"],
                "wijk": wijken[beleidswijk],
                "toewijzing": reden,
                "grens": feature["geometry"],
                **_kerncijfer_waarden(kerncijfers.get(props["wijkcode"], {})),
            },
        )
        geometrie_per_wijk[beleidswijk].append(shape(feature["geometry"]))
        if reden != "naam":
            verslag.toewijzingen[props["wijkcode"]] = f"{beleidswijk} ({reden})"
    verslag.cbs_wijken = len(cbs_wijken)

    for naam, delen in geometrie_per_wijk.items():
        wijk = wijken[naam]
        wijk.grens = _afgerond(unary_union(delen))
        wijk.save(update_fields=["grens"])

    aandachtsgebied_per_buurt = {
        buurtnaam: gebied for gebied, namen in AANDACHTSGEBIEDEN.items() for buurtnaam in namen
    }
    gevonden = set()
    for feature in buurt_features:
        props = feature["properties"]
        bron_id = props["buurtcode"] or feature.get("id") or f"GM0503:{props['buurtnaam']}"
        cbs_wijk = cbs_wijken[props["wijkcode"]]
        aandachtsgebied = aandachtsgebied_per_buurt.get(props["buurtnaam"], "")
        if aandachtsgebied:
            gevonden.add(props["buurtnaam"])
            verslag.aandachtsbuurten.append(props["buurtnaam"])
        Buurt.objects.update_or_create(
            bron_id=bron_id,
            defaults={
                "code": props["buurtcode"],
                "naam": props["buurtnaam"],
                "slug": slugify(props["buurtnaam"]),
                "cbs_wijk": cbs_wijk,
                "wijk_id": cbs_wijk.wijk_id,
                "grens": feature["geometry"],
                "is_aandachtsbuurt": bool(aandachtsgebied),
                "aandachtsgebied": aandachtsgebied,
            },
        )
        verslag.buurten += 1
    ontbrekend = set(aandachtsgebied_per_buurt) - gevonden
    if ontbrekend:
        raise GebiedenFout(f"focus areas without a CBS buurt: {sorted(ontbrekend)}")

    # Rebuild the point lookup now for this process, and again once the data are committed.
    reset_index()
    transaction.on_commit(reset_index)
    # The maps' GeoJSON payloads (and their ETags) follow the new boundaries.
    transaction.on_commit(nieuwe_grensversie)
    return verslag
