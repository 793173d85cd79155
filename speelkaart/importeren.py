"""Import play spaces from a GeoJSON FeatureCollection in one of two formats.

Usage: ``manage.py importeer_speelplekken <file.geojson> --formaat osm|gemeente [--dry-run]``,
or ``importeer(data, "osm", dry_run=False)`` → ``Importverslag``.

The rules every import keeps:

- **Idempotent by (bron, bron_id)**: a feature whose id the source already has updates that
  play space; running the same file twice changes nothing the second time (all "unchanged").
- **A feature changes only what it states.** Fields a format maps are written when the feature
  has a value for them; a property or tag that is absent leaves the field as it is (so what a
  coordinator added in the admin, e.g. the age groups of an OSM playground without ``min_age``,
  survives the next import). The location (point and outline) is always stated.
- **The slug is made once**, from the name when the play space is created (``slugs.py``), and
  kept when the name changes: public links stay valid.
- **Nothing is deleted.** Play spaces of the source that are no longer in the file are counted
  (``niet_in_bestand``) and left alone: whether one is gone or temporarily closed is for the
  admin to decide.
- **Transactions: one per file, a savepoint per feature.** The file's play spaces are written
  together or not at all (a crash half-way leaves the database as it was); a rejected feature
  is skipped with its reason and does not stop the others. ``--dry-run`` does all the work,
  then rolls the file's transaction back, so its report (including slugs and counts) is the
  one a real run would give.
- One reason per rejected feature, the first that applies, checked in this order: not a
  feature, missing/invalid id, id twice in the file, not public, unknown type, invalid value,
  no geometry, invalid geometry, outside Delft.

Geometry (both formats): WGS84 longitude/latitude (GeoJSON's default). A ``Point`` is the play
space's point; a ``Polygon`` or ``MultiPolygon`` becomes its outline (``omtrek``) and its
centroid the point (shapely), or a point guaranteed inside the area when the centroid of an
L- or U-shaped area falls outside it. Other geometry types are rejected.

Format ``osm``: an OpenStreetMap export, e.g. overpass-turbo's "Export → GeoJSON" of
``nwr[leisure=playground](area.delft); nwr[leisure=pitch][sport~"soccer|skateboard"](area.delft);``
Tags are the feature's properties (or ``properties.tags`` in older osmtogeojson output).

- ``@id`` or the feature's ``id`` (``node/123``, ``way/…``, ``relation/…``) → ``bron_id``
  (required).
- Kind: ``leisure=playground`` → speeltuin (with ``playground:theme=nature``:
  natuurspeelplek; with ``supervised=yes``: bewaakte_speeltuin); ``leisure=schoolyard`` →
  schoolplein; ``sport=skateboard`` or ``leisure=skatepark`` → skatebaan; ``leisure=pitch``
  with ``sport`` soccer, basketball or multi → trapveld. Anything else (a tennis court, a
  park) is rejected as an unknown type.
- ``access=private`` or ``access=no`` → rejected: not publicly accessible.
- ``name`` → naam (without one: "<Kind> <buurt>", e.g. "Speeltuin Afrikabuurt-Oost", when the
  play space is created); ``description`` → omschrijving; ``operator`` → beheerder.
- ``playground=swing;slide;…`` → toestellen, one per line, in Dutch (``OSM_TOESTELLEN``).
- ``min_age`` / ``max_age`` → the age groups that overlap [min_age, max_age), so min_age=4
  max_age=12 gives 4–8 and 8–12 (one of the two alone: open-ended on the other side).
- ``wheelchair`` yes/designated → rolstoel, no/limited → not; ``bench`` and ``toilets``
  yes/no → bankjes, toilet; ``barrier`` fence/wall/hedge or ``fence=yes`` → omheind,
  ``fence=no`` → not.

Format ``gemeente``: the municipality's open-data layer of play spaces as we expect it (no real
file was available when this was written: adapt the ``GEMEENTE_*`` tables once one is).
Property names are case-insensitive; empty values count as absent.

- ``ID`` (text or number, unique within the layer; required) → ``bron_id``.
- ``NAAM`` → naam; ``BEHEERDER`` → beheerder; ``OMSCHRIJVING`` → omschrijving.
- ``TYPE`` (case-insensitive) → soort: speeltuin, bewaakte speeltuin, speelplek/speelplaats,
  trapveld/sportveld/pannakooi, skatebaan, natuurspeelplek/natuurspeeltuin, schoolplein;
  anything else is rejected as an unknown type.
- ``LEEFTIJD``: groups separated by ``;`` out of ``0-4``, ``4-8``, ``8-12``, ``12+``, e.g.
  ``"0-4;4-8"`` → the age groups (the groups not listed are switched off).
- ``TOESTELLEN``: separated by ``;``, e.g. ``"schommel;glijbaan"`` → toestellen, one per line.
- ``STATUS``: open/in gebruik → open, tijdelijk gesloten/gesloten → tijdelijk_gesloten,
  gepland/in aanleg → gepland.
- ``ROLSTOEL``, ``OMHEIND``, ``SCHADUW``, ``BANKJES``, ``TOILET``: ja/nee (also true/false,
  1/0) → the facility fields.
- An unknown ``STATUS``, ``LEEFTIJD`` group or ja/nee value rejects the feature (invalid value).

A file with a ``crs`` member other than WGS84 (e.g. the Dutch RD New, EPSG:28992) is refused as
a whole: convert it first (``ogr2ogr -t_srs EPSG:4326 uit.geojson in.geojson``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from shapely.errors import ShapelyError
from shapely.geometry import shape
from shapely.validation import explain_validity

from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt

from .constants import Bron, SpeelplekSoort, SpeelplekStatus
from .models import Speelplek
from .slugs import unieke_slug

# Longest values the model keeps; longer texts are cut (names and operators in open data are
# short, so this only guards the database).
_LENGTE = {
    veld: Speelplek._meta.get_field(veld).max_length for veld in ("naam", "beheerder", "bron_id")
}
WGS84 = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
}
LEEFTIJDSGROEPEN = (  # [van, tot) in years → field
    (0, 4, "voor_0_4"),
    (4, 8, "voor_4_8"),
    (8, 12, "voor_8_12"),
    (12, 999, "voor_12_plus"),
)


class Uitkomst(StrEnum):
    AANGEMAAKT = "aangemaakt"
    BIJGEWERKT = "bijgewerkt"
    ONGEWIJZIGD = "ongewijzigd"
    AFGEWEZEN = "afgewezen"


class Reden(StrEnum):
    """Why a feature was rejected (a stable code; the text is in ``Afgewezen.uitleg``)."""

    GEEN_FEATURE = "geen_feature"
    GEEN_ID = "geen_id"
    DUBBEL_ID = "dubbel_id"
    NIET_OPENBAAR = "niet_openbaar"
    ONBEKENDE_SOORT = "onbekende_soort"
    ONGELDIGE_WAARDE = "ongeldige_waarde"
    GEEN_GEOMETRIE = "geen_geometrie"
    ONGELDIGE_GEOMETRIE = "ongeldige_geometrie"
    BUITEN_DELFT = "buiten_delft"
    OPSLAAN_MISLUKT = "opslaan_mislukt"


class Bestandsfout(Exception):
    """The file as a whole cannot be imported (not JSON, not a FeatureCollection, not WGS84)."""


class Afgewezen(Exception):
    def __init__(self, reden: Reden, uitleg: str):
        super().__init__(uitleg)
        self.reden = reden
        self.uitleg = uitleg


@dataclass
class FeatureVerslag:
    """What happened to one feature (``nummer``: its position in the file, from 1)."""

    nummer: int
    uitkomst: Uitkomst
    bron_id: str = ""
    naam: str = ""
    reden: Reden | None = None
    uitleg: str = ""
    speelplek_id: int | None = None
    gewijzigd: list[str] = field(default_factory=list)

    def tekst(self) -> str:
        uitkomsten = {
            Uitkomst.AANGEMAAKT: gettext("created"),
            Uitkomst.BIJGEWERKT: gettext("updated"),
            Uitkomst.ONGEWIJZIGD: gettext("unchanged"),
            Uitkomst.AFGEWEZEN: gettext("rejected"),
        }
        wat = uitkomsten[self.uitkomst]
        if self.uitkomst == Uitkomst.BIJGEWERKT:
            wat = f"{wat} ({', '.join(self.gewijzigd)})"
        elif self.uitleg:
            wat = f"{wat}: {self.uitleg}"
        return gettext("Feature %(nummer)s (%(id)s, %(naam)s): %(uitkomst)s") % {
            "nummer": self.nummer,
            "id": self.bron_id or "—",
            "naam": self.naam or "—",
            "uitkomst": wat,
        }


@dataclass
class Importverslag:
    formaat: str
    dry_run: bool = False
    features: list[FeatureVerslag] = field(default_factory=list)
    niet_in_bestand: int = 0  # play spaces of this source that the file does not mention

    def aantal(self, uitkomst: Uitkomst) -> int:
        return sum(1 for regel in self.features if regel.uitkomst == uitkomst)

    @property
    def afgewezen(self) -> list[FeatureVerslag]:
        return [regel for regel in self.features if regel.uitkomst == Uitkomst.AFGEWEZEN]

    def samenvatting(self) -> str:
        tekst = gettext(
            "%(aangemaakt)s created, %(bijgewerkt)s updated, %(ongewijzigd)s unchanged, "
            "%(afgewezen)s rejected."
        ) % {
            "aangemaakt": self.aantal(Uitkomst.AANGEMAAKT),
            "bijgewerkt": self.aantal(Uitkomst.BIJGEWERKT),
            "ongewijzigd": self.aantal(Uitkomst.ONGEWIJZIGD),
            "afgewezen": self.aantal(Uitkomst.AFGEWEZEN),
        }
        if self.niet_in_bestand:
            tekst += " " + ngettext(
                "%(aantal)s play space of this source is not in the file; it was left as it is.",
                "%(aantal)s play spaces of this source are not in the file; they were left as "
                "they are.",
                self.niet_in_bestand,
            ) % {"aantal": self.niet_in_bestand}
        if self.dry_run:
            tekst = gettext("Dry run, nothing was saved:") + " " + tekst
        return tekst


# --- Shared by both formats ------------------------------------------------------------------


def _ongeldig(eigenschap: str, waarde) -> Afgewezen:
    return Afgewezen(
        Reden.ONGELDIGE_WAARDE,
        gettext("invalid value for %(eigenschap)s: %(waarde)s")
        % {"eigenschap": eigenschap, "waarde": waarde},
    )


def _onbekende_soort(waarde: str) -> Afgewezen:
    return Afgewezen(
        Reden.ONBEKENDE_SOORT, gettext("unknown type: %(waarde)s") % {"waarde": waarde}
    )


def _lijst(waarde: str) -> list[str]:
    """``"a; b;;c"`` → ``["a", "b", "c"]`` (the ";" lists of OSM and the open data)."""
    return [deel.strip() for deel in str(waarde).split(";") if deel.strip()]


def _leeftijden(van: float, tot: float) -> dict[str, bool]:
    """Every age group, True where it overlaps the half-open range [van, tot)."""
    return {veld: van < eind and tot > begin for begin, eind, veld in LEEFTIJDSGROEPEN}


def plek_uit_geometrie(geometrie) -> tuple[Decimal, Decimal, dict | None]:
    """(lat, lon, outline or None) from a GeoJSON geometry, or ``Afgewezen``."""
    if not geometrie:
        raise Afgewezen(Reden.GEEN_GEOMETRIE, gettext("no geometry"))
    soort = geometrie.get("type") if isinstance(geometrie, dict) else None
    if soort not in ("Point", "Polygon", "MultiPolygon"):
        raise Afgewezen(
            Reden.ONGELDIGE_GEOMETRIE,
            gettext("unsupported geometry type %(type)s (expected Point, Polygon or MultiPolygon)")
            % {"type": soort},
        )
    try:
        vorm = shape(geometrie)
        leeg = vorm.is_empty
    except (ShapelyError, ValueError, TypeError, KeyError, IndexError, AttributeError) as fout:
        raise Afgewezen(
            Reden.ONGELDIGE_GEOMETRIE, gettext("invalid geometry: unreadable coordinates")
        ) from fout
    if leeg:
        raise Afgewezen(Reden.GEEN_GEOMETRIE, gettext("no geometry"))
    if not vorm.is_valid:
        raise Afgewezen(
            Reden.ONGELDIGE_GEOMETRIE,
            gettext("invalid geometry: %(fout)s") % {"fout": explain_validity(vorm)},
        )
    minx, miny, maxx, maxy = vorm.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise Afgewezen(
            Reden.ONGELDIGE_GEOMETRIE,
            gettext("invalid geometry: coordinates are not longitude/latitude in degrees"),
        )
    if soort == "Point":
        punt, omtrek = vorm, None
    else:
        punt = vorm.centroid
        if not vorm.contains(punt):  # an L- or U-shaped area: a point that lies inside it
            punt = vorm.representative_point()
        omtrek = {"type": soort, "coordinates": geometrie["coordinates"]}
    return Decimal(f"{punt.y:.6f}"), Decimal(f"{punt.x:.6f}"), omtrek


# --- Format "osm" ----------------------------------------------------------------------------

OSM_ID = re.compile(r"(node|way|relation)/\d+")
# OSM's playground=* equipment values → the Dutch names the play-space pages show.
OSM_TOESTELLEN = {
    "swing": "schommel",
    "basketswing": "nestschommel",
    "slide": "glijbaan",
    "sandpit": "zandbak",
    "climbingframe": "klimrek",
    "climbing_wall": "klimwand",
    "seesaw": "wip",
    "springy": "veerfiguur",
    "roundabout": "draaimolen",
    "zipwire": "kabelbaan",
    "playhouse": "speelhuisje",
    "structure": "speeltoestel",
    "trampoline": "trampoline",
    "balancebeam": "evenwichtsbalk",
    "horizontal_bar": "duikelrek",
    "tunnel_tube": "kruiptunnel",
    "activitypanel": "speelpaneel",
    "water": "waterspeelplek",
    "splash_pad": "waterspeelplek",
    "sledding": "sleeheuvel",
}
OSM_JA, OSM_NEE = {"yes", "designated"}, {"no", "limited"}
OSM_TRAPVELD_SPORTEN = {"soccer", "basketball", "multi"}


def _osm_tags(feature: dict) -> dict[str, str]:
    eigenschappen = feature.get("properties") or {}
    tags = eigenschappen.get("tags") if isinstance(eigenschappen.get("tags"), dict) else None
    tags = tags if tags is not None else eigenschappen
    return {
        str(sleutel): str(waarde).strip()
        for sleutel, waarde in tags.items()
        if waarde is not None and not isinstance(waarde, dict | list)
    }


def osm_id(feature: dict) -> str:
    eigenschappen = feature.get("properties") or {}
    for kandidaat in (eigenschappen.get("@id"), feature.get("id"), eigenschappen.get("id")):
        if isinstance(kandidaat, str) and OSM_ID.fullmatch(kandidaat.strip()):
            return kandidaat.strip()
    # Older osmtogeojson output: the element type and number as two properties.
    soort, nummer = eigenschappen.get("type"), eigenschappen.get("id")
    if soort in ("node", "way", "relation") and isinstance(nummer, int):
        return f"{soort}/{nummer}"
    raise Afgewezen(Reden.GEEN_ID, gettext("missing or invalid id"))


def _osm_soort(tags: dict[str, str]) -> str:
    leisure = tags.get("leisure", "")
    sporten = set(_lijst(tags.get("sport", "")))
    if leisure == "playground":
        if tags.get("playground:theme") == "nature":
            return SpeelplekSoort.NATUURSPEELPLEK
        if tags.get("supervised") == "yes":
            return SpeelplekSoort.BEWAAKTE_SPEELTUIN
        return SpeelplekSoort.SPEELTUIN
    if leisure == "schoolyard":
        return SpeelplekSoort.SCHOOLPLEIN
    if leisure == "skatepark" or "skateboard" in sporten:
        return SpeelplekSoort.SKATEBAAN
    if leisure == "pitch" and sporten & OSM_TRAPVELD_SPORTEN:
        return SpeelplekSoort.TRAPVELD
    beschrijving = ";".join(
        f"{sleutel}={tags[sleutel]}" for sleutel in ("leisure", "sport") if tags.get(sleutel)
    )
    raise _onbekende_soort(beschrijving or "—")


def _osm_ja_nee(tags: dict[str, str], tag: str) -> bool | None:
    waarde = tags.get(tag, "").lower()
    if waarde in OSM_JA:
        return True
    if waarde in OSM_NEE:
        return False
    return None


def _osm_leeftijd(tags: dict[str, str], tag: str, standaard: float) -> float:
    waarde = tags.get(tag, "")
    if not waarde:
        return standaard
    try:
        return float(waarde.replace(",", "."))
    except ValueError as fout:
        raise _ongeldig(tag, waarde) from fout


def osm_velden(feature: dict) -> dict:
    """The fields an OSM feature states (see the module docstring's table)."""
    tags = _osm_tags(feature)
    if tags.get("access", "").lower() in ("private", "no"):
        raise Afgewezen(Reden.NIET_OPENBAAR, gettext("not publicly accessible"))
    velden: dict = {"soort": _osm_soort(tags)}
    for tag, veld in (("name", "naam"), ("description", "omschrijving"), ("operator", "beheerder")):
        if tags.get(tag):
            velden[veld] = tags[tag]
    if tags.get("playground"):
        toestellen = [
            OSM_TOESTELLEN.get(t, t.replace("_", " ")) for t in _lijst(tags["playground"])
        ]
        velden["toestellen"] = "\n".join(dict.fromkeys(toestellen))
    if tags.get("min_age") or tags.get("max_age"):
        van = _osm_leeftijd(tags, "min_age", 0)
        tot = _osm_leeftijd(tags, "max_age", 999)
        if van > tot:
            raise _ongeldig("min_age/max_age", f"{tags.get('min_age')}/{tags.get('max_age')}")
        velden.update(_leeftijden(van, tot))
    for tag, veld in (("wheelchair", "rolstoel"), ("bench", "bankjes"), ("toilets", "toilet")):
        waarde = _osm_ja_nee(tags, tag)
        if waarde is not None:
            velden[veld] = waarde
    if tags.get("barrier") in ("fence", "wall", "hedge") or tags.get("fence") == "yes":
        velden["omheind"] = True
    elif tags.get("fence") == "no":
        velden["omheind"] = False
    return velden


# --- Format "gemeente" -----------------------------------------------------------------------

GEMEENTE_SOORTEN = {
    "speeltuin": SpeelplekSoort.SPEELTUIN,
    "bewaakte speeltuin": SpeelplekSoort.BEWAAKTE_SPEELTUIN,
    "speelplek": SpeelplekSoort.SPEELPLEK,
    "speelplaats": SpeelplekSoort.SPEELPLEK,
    "trapveld": SpeelplekSoort.TRAPVELD,
    "sportveld": SpeelplekSoort.TRAPVELD,
    "pannakooi": SpeelplekSoort.TRAPVELD,
    "skatebaan": SpeelplekSoort.SKATEBAAN,
    "natuurspeelplek": SpeelplekSoort.NATUURSPEELPLEK,
    "natuurspeeltuin": SpeelplekSoort.NATUURSPEELPLEK,
    "schoolplein": SpeelplekSoort.SCHOOLPLEIN,
}
GEMEENTE_STATUS = {
    "open": SpeelplekStatus.OPEN,
    "in gebruik": SpeelplekStatus.OPEN,
    "tijdelijk gesloten": SpeelplekStatus.TIJDELIJK_GESLOTEN,
    "gesloten": SpeelplekStatus.TIJDELIJK_GESLOTEN,
    "gepland": SpeelplekStatus.GEPLAND,
    "in aanleg": SpeelplekStatus.GEPLAND,
}
GEMEENTE_LEEFTIJDEN = {
    "0-4": "voor_0_4",
    "4-8": "voor_4_8",
    "8-12": "voor_8_12",
    "12+": "voor_12_plus",
}
GEMEENTE_JA_NEE = {"ja": True, "j": True, "true": True, "1": True}
GEMEENTE_JA_NEE |= {"nee": False, "n": False, "false": False, "0": False}
GEMEENTE_VOORZIENINGEN = {
    "ROLSTOEL": "rolstoel",
    "OMHEIND": "omheind",
    "SCHADUW": "schaduw",
    "BANKJES": "bankjes",
    "TOILET": "toilet",
}


def _gemeente_eigenschappen(feature: dict) -> dict[str, str]:
    """Properties by upper-case name; empty values left out (they count as absent)."""
    eigenschappen = feature.get("properties") or {}
    return {
        str(sleutel).strip().upper(): str(waarde).strip()
        for sleutel, waarde in eigenschappen.items()
        if waarde is not None and str(waarde).strip() and not isinstance(waarde, dict | list)
    }


def gemeente_id(feature: dict) -> str:
    waarde = _gemeente_eigenschappen(feature).get("ID", "")
    if not waarde or len(waarde) > _LENGTE["bron_id"]:
        raise Afgewezen(Reden.GEEN_ID, gettext("missing or invalid id"))
    return waarde


def gemeente_velden(feature: dict) -> dict:
    """The fields a feature of the municipality's layer states (module docstring's table)."""
    e = _gemeente_eigenschappen(feature)
    soort = GEMEENTE_SOORTEN.get(" ".join(e.get("TYPE", "").lower().split()))
    if soort is None:
        raise _onbekende_soort(e.get("TYPE") or "—")
    velden: dict = {"soort": soort}
    for eigenschap, veld in (("NAAM", "naam"), ("BEHEERDER", "beheerder")):
        if eigenschap in e:
            velden[veld] = e[eigenschap]
    if "OMSCHRIJVING" in e:
        velden["omschrijving"] = e["OMSCHRIJVING"]
    if "STATUS" in e:
        status = GEMEENTE_STATUS.get(" ".join(e["STATUS"].lower().split()))
        if status is None:
            raise _ongeldig("STATUS", e["STATUS"])
        velden["status"] = status
    if "LEEFTIJD" in e:
        groepen = dict.fromkeys(GEMEENTE_LEEFTIJDEN.values(), False)
        for groep in _lijst(e["LEEFTIJD"]):
            sleutel = re.sub(r"\s+", "", groep).replace("–", "-").lower()
            if sleutel not in GEMEENTE_LEEFTIJDEN:
                raise _ongeldig("LEEFTIJD", e["LEEFTIJD"])
            groepen[GEMEENTE_LEEFTIJDEN[sleutel]] = True
        velden.update(groepen)
    if "TOESTELLEN" in e:
        velden["toestellen"] = "\n".join(dict.fromkeys(_lijst(e["TOESTELLEN"])))
    for eigenschap, veld in GEMEENTE_VOORZIENINGEN.items():
        if eigenschap in e:
            waarde = GEMEENTE_JA_NEE.get(e[eigenschap].lower())
            if waarde is None:
                raise _ongeldig(eigenschap, e[eigenschap])
            velden[veld] = waarde
    return velden


def osm_naam(feature: dict) -> str:
    return _osm_tags(feature).get("name", "")


def gemeente_naam(feature: dict) -> str:
    return _gemeente_eigenschappen(feature).get("NAAM", "")


@dataclass(frozen=True)
class Formaat:
    """A source format: its ``Bron`` and how to read a feature's id, name and fields."""

    bron: Bron
    lees_id: Callable[[dict], str]
    lees_naam: Callable[[dict], str]
    lees_velden: Callable[[dict], dict]


FORMATEN = {
    "osm": Formaat(Bron.OSM, osm_id, osm_naam, osm_velden),
    "gemeente": Formaat(Bron.GEMEENTE, gemeente_id, gemeente_naam, gemeente_velden),
}


# --- The import ------------------------------------------------------------------------------


def lees_features(data) -> list:
    """The features of a GeoJSON FeatureCollection given as bytes, text or parsed JSON."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as fout:
            raise Bestandsfout(
                gettext("The file is not valid JSON: %(fout)s") % {"fout": fout}
            ) from fout
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise Bestandsfout(gettext("The file is not a GeoJSON FeatureCollection."))
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs and crs not in WGS84:
        raise Bestandsfout(
            gettext(
                "The file's coordinates are in %(crs)s, not WGS84 longitude/latitude: convert "
                "it first (e.g. ogr2ogr -t_srs EPSG:4326)."
            )
            % {"crs": crs}
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise Bestandsfout(gettext("The file is not a GeoJSON FeatureCollection."))
    return features


def importeer(data, formaat: str, *, dry_run: bool = False) -> Importverslag:
    """Import a FeatureCollection in ``formaat`` ("osm" or "gemeente"); see the docstring."""
    if formaat not in FORMATEN:
        raise ValueError(f"unknown format {formaat!r}; formats are {sorted(FORMATEN)}")
    features = lees_features(data)
    bron = FORMATEN[formaat].bron
    verslag = Importverslag(formaat=formaat, dry_run=dry_run)
    with transaction.atomic():
        bestaand = {p.bron_id: p for p in Speelplek.objects.filter(bron=bron).exclude(bron_id="")}
        gezien: set[str] = set()
        for nummer, feature in enumerate(features, start=1):
            verslag.features.append(_verwerk(nummer, feature, FORMATEN[formaat], bestaand, gezien))
        verslag.niet_in_bestand = len(bestaand.keys() - gezien)
        if dry_run:
            transaction.set_rollback(True)
    return verslag


def _verwerk(nummer, feature, formaat: Formaat, bestaand, gezien) -> FeatureVerslag:
    regel = FeatureVerslag(nummer=nummer, uitkomst=Uitkomst.AFGEWEZEN)
    try:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise Afgewezen(Reden.GEEN_FEATURE, gettext("not a GeoJSON Feature"))
        regel.naam = formaat.lees_naam(feature)  # in the report, also when rejected
        regel.bron_id = formaat.lees_id(feature)
        if regel.bron_id in gezien:
            raise Afgewezen(
                Reden.DUBBEL_ID,
                gettext("the id %(id)s occurs more than once in the file") % {"id": regel.bron_id},
            )
        gezien.add(regel.bron_id)
        velden = formaat.lees_velden(feature)
        lat, lon, omtrek = plek_uit_geometrie(feature.get("geometry"))
        try:
            locatie = buurt_voor_punt(lat, lon)
        except PuntBuitenDelft as fout:
            raise Afgewezen(
                Reden.BUITEN_DELFT, gettext("outside the municipality of Delft")
            ) from fout
        velden.update(lat=lat, lon=lon, omtrek=omtrek)
        for veld in ("naam", "beheerder"):
            if veld in velden:
                velden[veld] = velden[veld][: _LENGTE[veld]]
        with transaction.atomic():  # a savepoint: a failed save leaves the others in place
            speelplek = bestaand.get(regel.bron_id)
            if speelplek is None:
                speelplek = _maak(formaat.bron, regel.bron_id, velden, locatie)
                bestaand[regel.bron_id] = speelplek
                regel.uitkomst = Uitkomst.AANGEMAAKT
            else:
                regel.gewijzigd = _werk_bij(speelplek, velden)
                regel.uitkomst = Uitkomst.BIJGEWERKT if regel.gewijzigd else Uitkomst.ONGEWIJZIGD
        regel.naam, regel.speelplek_id = speelplek.naam, speelplek.pk
    except Afgewezen as afwijzing:
        regel.uitkomst, regel.reden, regel.uitleg = (
            Uitkomst.AFGEWEZEN,
            afwijzing.reden,
            afwijzing.uitleg,
        )
    except ValidationError as fout:
        regel.uitkomst, regel.reden = Uitkomst.AFGEWEZEN, Reden.ONGELDIGE_WAARDE
        regel.uitleg = "; ".join(fout.messages)
    except IntegrityError as fout:
        regel.uitkomst, regel.reden = Uitkomst.AFGEWEZEN, Reden.OPSLAAN_MISLUKT
        regel.uitleg = gettext("could not be saved: %(fout)s") % {"fout": fout}
    return regel


def _maak(bron, bron_id, velden, locatie) -> Speelplek:
    speelplek = Speelplek(bron=bron, bron_id=bron_id, **velden)
    if not speelplek.naam:
        # Unnamed (most OSM playgrounds): the kind and the neighbourhood, in Dutch like the
        # kinds' values ("Speeltuin Afrikabuurt-Oost").
        soort = speelplek.soort.replace("_", " ").capitalize()
        speelplek.naam = f"{soort} {locatie.buurt.naam}"[: _LENGTE["naam"]]
    speelplek.slug = unieke_slug(speelplek.naam)
    speelplek.buurt, speelplek.wijk = locatie.buurt, locatie.wijk
    speelplek.full_clean(validate_unique=False, validate_constraints=False)
    speelplek.save()
    return speelplek


def _werk_bij(speelplek: Speelplek, velden: dict) -> list[str]:
    """Write the stated fields that differ; returns their names (none: nothing saved)."""
    gewijzigd = [veld for veld, waarde in velden.items() if getattr(speelplek, veld) != waarde]
    if gewijzigd:
        for veld in gewijzigd:
            setattr(speelplek, veld, velden[veld])
        speelplek.full_clean(validate_unique=False, validate_constraints=False)
        speelplek.save()
    return gewijzigd
