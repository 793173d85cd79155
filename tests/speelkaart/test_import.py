"""Importing play spaces from GeoJSON (speelkaart/importeren.py and its management command).

The files under ``data/`` are synthetic ("Testspeeltuin …", OSM ids from 9000000001): points
are representative points of real Delft neighbourhoods (portal/gebieden/data/buurten.geojson),
polygons small squares around them, plus places outside Delft (Rotterdam, The Hague).
"""

import copy
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest
from shapely.geometry import shape

from speelkaart.constants import Bron, SpeelplekSoort, SpeelplekStatus
from speelkaart.importeren import (
    Bestandsfout,
    Reden,
    Uitkomst,
    importeer,
    plek_uit_geometrie,
)
from speelkaart.models import Speelplek
from tests.factories import SpeelplekFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
OSM_BESTAND = DATA / "osm_speelplekken.geojson"
GEMEENTE_BESTAND = DATA / "gemeente_speelplekken.geojson"

OSM_AFGEWEZEN = {
    4: Reden.GEEN_ID,
    5: Reden.BUITEN_DELFT,
    6: Reden.GEEN_GEOMETRIE,
    7: Reden.ONBEKENDE_SOORT,
    8: Reden.ONGELDIGE_GEOMETRIE,
    9: Reden.NIET_OPENBAAR,
}
GEMEENTE_AFGEWEZEN = {
    4: Reden.GEEN_ID,
    5: Reden.ONBEKENDE_SOORT,
    6: Reden.BUITEN_DELFT,
    7: Reden.ONGELDIGE_WAARDE,
}


@pytest.fixture
def osm():
    return json.loads(OSM_BESTAND.read_text())


@pytest.fixture
def gemeente():
    return json.loads(GEMEENTE_BESTAND.read_text())


def tellingen(verslag) -> dict:
    return {uitkomst: verslag.aantal(uitkomst) for uitkomst in Uitkomst}


def redenen(verslag) -> dict:
    return {regel.nummer: regel.reden for regel in verslag.afgewezen}


def plek(bron_id: str, bron=Bron.OSM) -> Speelplek:
    return Speelplek.objects.select_related("buurt", "wijk").get(bron=bron, bron_id=bron_id)


# --- Format "osm" ----------------------------------------------------------------------------


def test_an_osm_export_creates_play_spaces_with_the_mapped_fields(osm):
    verslag = importeer(osm, "osm")

    assert tellingen(verslag) == {
        "aangemaakt": 3,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "afgewezen": 6,
    }
    speeltuin = plek("node/9000000001")
    assert speeltuin.naam == "Testspeeltuin Afrikabuurt"
    assert speeltuin.slug == "testspeeltuin-afrikabuurt"
    assert speeltuin.soort == SpeelplekSoort.SPEELTUIN
    assert (speeltuin.buurt.naam, speeltuin.wijk.naam) == ("Afrikabuurt-Oost", "Tanthof")
    assert (speeltuin.lat, speeltuin.lon) == (Decimal("51.982453"), Decimal("4.343991"))
    assert speeltuin.omtrek is None
    # min_age 2, max_age 8 → the groups 0–4 and 4–8.
    assert (speeltuin.voor_0_4, speeltuin.voor_4_8, speeltuin.voor_8_12) == (True, True, False)
    assert not speeltuin.voor_12_plus
    assert speeltuin.rolstoel and speeltuin.omheind
    assert speeltuin.beheerder == "Gemeente Delft"
    assert speeltuin.toestellen == "schommel\nglijbaan\nzandbak"
    assert speeltuin.status == SpeelplekStatus.OPEN

    # A polygon: the outline as given, its centroid as the point.
    trapveld = plek("way/9000000002")
    assert trapveld.soort == SpeelplekSoort.TRAPVELD
    assert trapveld.omtrek == osm["features"][1]["geometry"]
    centroide = shape(trapveld.omtrek).centroid
    assert (trapveld.lat, trapveld.lon) == (
        Decimal(f"{centroide.y:.6f}"),
        Decimal(f"{centroide.x:.6f}"),
    )
    assert (trapveld.buurt.naam, trapveld.wijk.naam) == ("Juniusbuurt", "Buitenhof")

    # Without a name: the kind and the neighbourhood.
    skatebaan = plek("way/9000000003")
    assert skatebaan.soort == SpeelplekSoort.SKATEBAAN
    assert skatebaan.naam == "Skatebaan TU-Noord"
    assert skatebaan.slug == "skatebaan-tu-noord"
    assert skatebaan.wijk.naam == "Wippolder"


def test_osm_features_are_rejected_with_their_reason(osm):
    verslag = importeer(osm, "osm")

    assert redenen(verslag) == OSM_AFGEWEZEN
    assert not Speelplek.objects.filter(naam__in=["Testspeeltuin Rotterdam", "Testpark"]).exists()
    # The reasons are in the site's language (Dutch), as the command prints them.
    uitleg = {regel.nummer: str(regel.uitleg) for regel in verslag.afgewezen}
    assert uitleg[4] == "ontbrekend of ongeldig id"
    assert uitleg[5] == "buiten de gemeente Delft"
    assert uitleg[6] == "geen geometrie"
    assert uitleg[7] == "onbekende soort: leisure=park"
    assert uitleg[8].startswith("ongeldige geometrie: Self-intersection")
    assert uitleg[9] == "niet openbaar toegankelijk"


def test_older_osmtogeojson_output_with_tags_and_type_id_is_read():
    feature = {
        "type": "Feature",
        "properties": {
            "type": "node",
            "id": 9000000042,
            "tags": {"leisure": "pitch", "sport": "basketball;soccer", "name": "Testpleintje"},
        },
        "geometry": {"type": "Point", "coordinates": [4.343991, 51.982453]},
    }
    verslag = importeer({"type": "FeatureCollection", "features": [feature]}, "osm")

    assert tellingen(verslag)["aangemaakt"] == 1
    assert plek("node/9000000042").soort == SpeelplekSoort.TRAPVELD


# --- Format "gemeente" -----------------------------------------------------------------------


def test_the_municipal_layer_creates_play_spaces_with_the_mapped_fields():
    verslag = importeer(GEMEENTE_BESTAND.read_bytes(), "gemeente")

    assert tellingen(verslag) == {
        "aangemaakt": 3,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "afgewezen": 4,
    }
    assert redenen(verslag) == GEMEENTE_AFGEWEZEN

    speelplek = plek("SP-0001", Bron.GEMEENTE)
    assert speelplek.naam == "Testspeelplek Roland Holst"
    assert speelplek.soort == SpeelplekSoort.SPEELPLEK
    assert (speelplek.buurt.naam, speelplek.wijk.naam) == ("Roland Holstbuurt", "Voorhof")
    assert [speelplek.voor_0_4, speelplek.voor_4_8, speelplek.voor_8_12] == [True, True, False]
    assert speelplek.toestellen == "schommel\nglijbaan"
    assert speelplek.beheerder == "Gemeente Delft"

    natuur = plek("2", Bron.GEMEENTE)  # a numeric ID
    assert natuur.soort == SpeelplekSoort.NATUURSPEELPLEK
    assert natuur.status == SpeelplekStatus.GEPLAND
    assert natuur.omtrek["type"] == "Polygon"
    assert (natuur.buurt.naam, natuur.wijk.naam) == ("Bosrand", "Tanthof")
    assert [natuur.voor_0_4, natuur.voor_4_8, natuur.voor_8_12, natuur.voor_12_plus] == [
        False,
        True,
        True,
        True,
    ]
    assert natuur.schaduw

    bewaakt = plek("SP-0003", Bron.GEMEENTE)
    assert bewaakt.soort == SpeelplekSoort.BEWAAKTE_SPEELTUIN
    assert bewaakt.wijk.naam == "Binnenstad"
    assert (bewaakt.rolstoel, bewaakt.omheind, bewaakt.toilet, bewaakt.bankjes) == (
        True,
        True,
        True,
        False,
    )
    assert bewaakt.toestellen == ""  # an empty property counts as absent


def test_municipal_rejections_explain_the_value(gemeente):
    with translation.override("en"):
        verslag = importeer(gemeente, "gemeente")
        uitleg = {regel.nummer: str(regel.uitleg) for regel in verslag.afgewezen}
    assert uitleg[5] == "unknown type: Zwembad"
    assert uitleg[7] == "invalid value for LEEFTIJD: 0-99"


# --- Idempotency -----------------------------------------------------------------------------


@pytest.mark.parametrize("formaat,bestand", [("osm", OSM_BESTAND), ("gemeente", GEMEENTE_BESTAND)])
def test_a_second_run_of_the_same_file_changes_nothing(formaat, bestand):
    importeer(bestand.read_bytes(), formaat)
    voor = {p.pk: (p.gewijzigd, p.slug) for p in Speelplek.objects.filter(bron=formaat)}

    verslag = importeer(bestand.read_bytes(), formaat)

    aantal = len(voor)
    assert tellingen(verslag)["aangemaakt"] == 0
    assert tellingen(verslag)["bijgewerkt"] == 0
    assert tellingen(verslag)["ongewijzigd"] == aantal == 3
    assert {p.pk: (p.gewijzigd, p.slug) for p in Speelplek.objects.filter(bron=formaat)} == voor


def test_a_changed_property_updates_only_that_play_space_and_keeps_its_slug(osm):
    importeer(osm, "osm")
    gewijzigd = copy.deepcopy(osm)
    gewijzigd["features"][0]["properties"]["name"] = "Testspeeltuin Afrikabuurt-Oost"
    gewijzigd["features"][0]["properties"]["wheelchair"] = "no"

    verslag = importeer(gewijzigd, "osm")

    assert tellingen(verslag)["bijgewerkt"] == 1
    assert tellingen(verslag)["ongewijzigd"] == 2
    [regel] = [r for r in verslag.features if r.uitkomst == Uitkomst.BIJGEWERKT]
    assert (regel.bron_id, sorted(regel.gewijzigd)) == ("node/9000000001", ["naam", "rolstoel"])
    speeltuin = plek("node/9000000001")
    assert speeltuin.naam == "Testspeeltuin Afrikabuurt-Oost"
    assert not speeltuin.rolstoel
    assert speeltuin.slug == "testspeeltuin-afrikabuurt"  # public links stay valid


def test_a_moved_point_moves_the_play_space_to_the_new_neighbourhood(gemeente):
    importeer(gemeente, "gemeente")
    verhuisd = copy.deepcopy(gemeente)
    verhuisd["features"][0]["geometry"] = gemeente["features"][2]["geometry"]  # Centrum-Oost

    verslag = importeer(verhuisd, "gemeente")

    assert verslag.features[0].gewijzigd == ["lat", "lon"]
    assert plek("SP-0001", Bron.GEMEENTE).wijk.naam == "Binnenstad"


def test_a_feature_changes_only_what_it_states(osm):
    """What a coordinator adds in the admin survives the next import of a feature that says
    nothing about it (here: shade, and age groups of a playground without min_age/max_age)."""
    importeer(osm, "osm")
    Speelplek.objects.filter(bron_id="node/9000000001").update(schaduw=True)
    Speelplek.objects.filter(bron_id="way/9000000003").update(voor_12_plus=True)

    verslag = importeer(osm, "osm")

    assert tellingen(verslag)["ongewijzigd"] == 3
    assert plek("node/9000000001").schaduw
    assert plek("way/9000000003").voor_12_plus


def test_play_spaces_missing_from_the_file_are_counted_not_deleted(osm):
    importeer(osm, "osm")
    zonder_skatebaan = copy.deepcopy(osm)
    del zonder_skatebaan["features"][2]

    verslag = importeer(zonder_skatebaan, "osm")

    assert verslag.niet_in_bestand == 1
    assert Speelplek.objects.filter(bron_id="way/9000000003").exists()
    with translation.override("en"):
        assert "1 play space of this source is not in the file" in verslag.samenvatting()


def test_a_move_outside_delft_is_rejected_and_the_play_space_stays(osm):
    importeer(osm, "osm")
    buiten = copy.deepcopy(osm)
    buiten["features"][0]["geometry"] = {"type": "Point", "coordinates": [4.47917, 51.9225]}

    verslag = importeer(buiten, "osm")

    assert verslag.features[0].reden == Reden.BUITEN_DELFT
    assert plek("node/9000000001").wijk.naam == "Tanthof"
    assert verslag.niet_in_bestand == 0  # rejected, but mentioned in the file


def test_an_id_twice_in_one_file_is_rejected_the_second_time(osm):
    dubbel = copy.deepcopy(osm)
    dubbel["features"].append(copy.deepcopy(osm["features"][0]))

    verslag = importeer(dubbel, "osm")

    assert verslag.features[-1].reden == Reden.DUBBEL_ID
    assert Speelplek.objects.filter(bron_id="node/9000000001").count() == 1


def test_slugs_are_unique_across_sources():
    SpeelplekFactory(naam="Testspeeltuin Afrikabuurt", slug="testspeeltuin-afrikabuurt")
    importeer(OSM_BESTAND.read_bytes(), "osm")
    assert plek("node/9000000001").slug == "testspeeltuin-afrikabuurt-2"


def test_the_same_id_in_another_source_is_another_play_space(osm):
    importeer(osm, "osm")
    gemeente = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "ID": "node/9000000001",
                    "NAAM": "Testspeeltuin",
                    "TYPE": "speeltuin",
                },
                "geometry": osm["features"][0]["geometry"],
            }
        ],
    }
    assert tellingen(importeer(gemeente, "gemeente"))["aangemaakt"] == 1
    assert Speelplek.objects.filter(bron_id="node/9000000001").count() == 2


# --- Dry run, whole-file errors, geometry ----------------------------------------------------


def test_a_dry_run_reports_like_a_real_run_but_writes_nothing(osm):
    aantal = Speelplek.objects.count()

    proef = importeer(osm, "osm", dry_run=True)

    assert Speelplek.objects.count() == aantal
    echt = importeer(osm, "osm")
    assert tellingen(proef) == tellingen(echt)
    assert [(r.bron_id, r.naam, r.reden) for r in proef.features] == [
        (r.bron_id, r.naam, r.reden) for r in echt.features
    ]


def test_a_dry_run_of_changes_leaves_the_play_spaces_as_they_are(osm):
    importeer(osm, "osm")
    gewijzigd = copy.deepcopy(osm)
    gewijzigd["features"][0]["properties"]["name"] = "Testspeeltuin Nieuw"

    verslag = importeer(gewijzigd, "osm", dry_run=True)

    assert tellingen(verslag)["bijgewerkt"] == 1
    assert plek("node/9000000001").naam == "Testspeeltuin Afrikabuurt"


@pytest.mark.parametrize(
    "inhoud",
    [
        b"{niet json",
        b'{"type": "Feature", "properties": {}, "geometry": null}',
        b'{"type": "FeatureCollection"}',
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
                "features": [],
            }
        ).encode(),
    ],
    ids=["not-json", "a-single-feature", "no-features", "rd-new"],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(inhoud):
    with pytest.raises(Bestandsfout):
        importeer(inhoud, "osm")


def test_an_l_shaped_outline_gets_a_point_inside_it():
    # An L whose centroid lies in the missing corner.
    l_vorm = {
        "type": "Polygon",
        "coordinates": [
            [
                [4.3400, 51.9820],
                [4.3440, 51.9820],
                [4.3440, 51.9824],
                [4.3404, 51.9824],
                [4.3404, 51.9860],
                [4.3400, 51.9860],
                [4.3400, 51.9820],
            ]
        ],
    }
    vorm = shape(l_vorm)
    assert not vorm.contains(vorm.centroid)

    lat, lon, omtrek = plek_uit_geometrie(l_vorm)

    assert vorm.contains(shape({"type": "Point", "coordinates": [float(lon), float(lat)]}))
    assert omtrek == l_vorm


def test_other_geometry_types_are_rejected():
    verslag = importeer(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": "way/9000000077",
                    "properties": {"leisure": "playground"},
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[4.34, 51.98], [4.35, 51.99]],
                    },
                },
                ["not", "a", "feature"],
            ],
        },
        "osm",
    )
    assert redenen(verslag) == {1: Reden.ONGELDIGE_GEOMETRIE, 2: Reden.GEEN_FEATURE}


# --- The management command ------------------------------------------------------------------


def roep(*args) -> tuple[str, str]:
    uit, fout = StringIO(), StringIO()
    with translation.override("en"):
        call_command("importeer_speelplekken", *args, stdout=uit, stderr=fout, no_color=True)
    return uit.getvalue(), fout.getvalue()


def test_the_command_reports_a_summary_and_every_rejected_feature():
    uit, fout = roep(str(OSM_BESTAND), "--formaat", "osm")

    assert uit.strip().splitlines()[-1] == "3 created, 0 updated, 0 unchanged, 6 rejected."
    regels = fout.strip().splitlines()
    assert len(regels) == 6
    assert (
        "Feature 5 (node/9000000005, Testspeeltuin Rotterdam): rejected: "
        "outside the municipality of Delft"
    ) in regels
    assert "Feature 4 (—, Testspeeltuin zonder id): rejected: missing or invalid id" in regels

    uit, _fout = roep(str(OSM_BESTAND), "--formaat", "osm", "-v", "2")
    assert "Feature 1 (node/9000000001, Testspeeltuin Afrikabuurt): unchanged" in uit
    assert uit.strip().splitlines()[-1] == "0 created, 0 updated, 3 unchanged, 6 rejected."


def test_the_command_names_the_changed_fields():
    roep(str(GEMEENTE_BESTAND), "--formaat", "gemeente")
    Speelplek.objects.filter(bron_id="SP-0001").update(beheerder="Iemand anders")

    uit, _fout = roep(str(GEMEENTE_BESTAND), "--formaat", "gemeente", "-v", "2")

    assert "Feature 1 (SP-0001, Testspeelplek Roland Holst): updated (beheerder)" in uit


def test_the_command_dry_run_says_so_and_saves_nothing():
    aantal = Speelplek.objects.count()

    uit, _fout = roep(str(GEMEENTE_BESTAND), "--formaat", "gemeente", "--dry-run")

    assert uit.strip().splitlines()[-1] == (
        "Dry run, nothing was saved: 3 created, 0 updated, 0 unchanged, 4 rejected."
    )
    assert Speelplek.objects.count() == aantal


def test_the_command_refuses_a_missing_file_and_an_unknown_format(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        roep(str(tmp_path / "weg.geojson"), "--formaat", "osm")
    with pytest.raises(CommandError):
        roep(str(OSM_BESTAND), "--formaat", "shapefile")
    kapot = tmp_path / "kapot.geojson"
    kapot.write_text("[]")
    with pytest.raises(CommandError, match="not a GeoJSON FeatureCollection"):
        roep(str(kapot), "--formaat", "osm")
