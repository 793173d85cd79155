"""Open data: every play space with its rating aggregates, as GeoJSON and as CSV.

What is published is the play space as the municipality describes it plus the averages and
number of ratings: no resident, no comment text, no e-mail address (the query names
Speelplek's own columns only). Codes rather than labels (``soort``, ``status``, ``bron``), so
the files stay the same whatever the language; the map page explains the columns.

Licence: CC BY 4.0, attribution "Gemeente Delft" (``LICENTIE``). It is stated once on the map
page, in a ``Link: <…>; rel="license"`` header on both downloads, and in the GeoJSON as a
foreign member ``licentie`` of the FeatureCollection (RFC 7946 §6.1). The CSV stays a plain
RFC 4180 table, no comment line before the header. Records whose ``bron`` is ``osm`` come from
OpenStreetMap and remain under the ODbL 1.0 (© OpenStreetMap contributors): the licence
statement names that exception.

CSV cells that a spreadsheet would read as a formula are neutralised (``veilige_cel``).
"""

import csv
import io

from django.urls import reverse

from portal.core.urls import publieke_url

from .constants import CRITERIA, LEEFTIJDEN, VOORZIENINGEN, Bron
from .geojson import serialiseer
from .models import Speelplek
from .queries import GEMIDDELDEN, Labels

LICENTIE = {
    "naam": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "naamsvermelding": "Gemeente Delft",
    "uitzondering": (
        "Speelplekken met bron 'osm' komen uit OpenStreetMap: © OpenStreetMap-bijdragers, "
        "ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1-0/)."
    ),
}

# The columns of the CSV and the properties of the GeoJSON, in this order.
KOLOMMEN = [
    "id",
    "naam",
    "soort",
    "status",
    "lat",
    "lon",
    "buurt_code",
    "buurt",
    "wijk",
    *LEEFTIJDEN,
    *VOORZIENINGEN,
    "toestellen",
    "omschrijving",
    "beheerder",
    "bron",
    "bron_id",
    "is_voorbeeld",
    "aantal_waarderingen",
    *GEMIDDELDEN,
    "gewijzigd",
    "url",
]
_VELDEN = (
    "pk",
    "slug",
    "naam",
    "soort",
    "status",
    "lat",
    "lon",
    "buurt__code",
    "buurt__naam",
    "wijk__naam",
    *LEEFTIJDEN,
    *VOORZIENINGEN,
    "toestellen",
    "omschrijving",
    "beheerder",
    "bron",
    "bron_id",
    "aantal_waarderingen",
    *GEMIDDELDEN,
    "gewijzigd",
    "omtrek",
)

# A cell that starts with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r", "\n")


def veilige_cel(waarde) -> str:
    """One CSV cell: numbers as they are, booleans as ja/nee, text that could be a formula
    with a leading quote."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if not isinstance(waarde, str):
        return str(waarde)
    if waarde.lstrip(" ").startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def _rijen():
    """Every play space as an open-data record (one query, no model instances)."""
    labels = Labels()
    for rij in Speelplek.objects.order_by("pk").values(*_VELDEN):
        yield {
            "id": rij["pk"],
            "naam": rij["naam"],
            "soort": rij["soort"],
            "status": rij["status"],
            "lat": rij["lat"],
            "lon": rij["lon"],
            "buurt_code": rij["buurt__code"],
            "buurt": rij["buurt__naam"],
            "wijk": rij["wijk__naam"],
            **{veld: rij[veld] for veld in (*LEEFTIJDEN, *VOORZIENINGEN)},
            "toestellen": [t.strip() for t in rij["toestellen"].splitlines() if t.strip()],
            "omschrijving": rij["omschrijving"],
            "beheerder": rij["beheerder"],
            "bron": rij["bron"],
            "bron_id": rij["bron_id"],
            "is_voorbeeld": rij["bron"] == Bron.VOORBEELD,
            "aantal_waarderingen": rij["aantal_waarderingen"],
            **{veld: rij[veld] for veld in GEMIDDELDEN},
            "gewijzigd": rij["gewijzigd"],
            "url": publieke_url(labels.url(rij["slug"])),
            "omtrek": rij["omtrek"],
        }


def als_geojson() -> bytes:
    features = []
    for rij in _rijen():
        omtrek = rij.pop("omtrek")
        lat, lon = rij["lat"], rij["lon"]
        eigenschappen = {
            **rij,
            "lat": float(lat),
            "lon": float(lon),
            **{veld: float(rij[veld]) if rij[veld] is not None else None for veld in GEMIDDELDEN},
            # A polygon when the outline is known; the point is the feature's geometry.
            "omtrek": omtrek or None,
        }
        features.append(
            {
                "type": "Feature",
                "id": rij["id"],
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": eigenschappen,
            }
        )
    return serialiseer(
        {
            "type": "FeatureCollection",
            "naam": "Speelplekken in Delft",
            "bron": publieke_url(reverse("speelkaart:kaart")),
            "licentie": LICENTIE,
            "criteria": {veld: str(label) for veld, label in CRITERIA.items()},
            "features": features,
        }
    )


def als_csv() -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    for rij in _rijen():
        rij["toestellen"] = "; ".join(rij["toestellen"])
        schrijver.writerow([veilige_cel(rij[kolom]) for kolom in KOLOMMEN])
    return buffer.getvalue().encode()
