import json

import pytest

from portal.gebieden.laden import AANDACHTSGEBIEDEN, DATA_DIR, laad_gebieden
from portal.gebieden.models import Buurt, CbsWijk, Gemeente, Wijk

pytestmark = pytest.mark.django_db


def test_eight_policy_districts_in_programme_order():
    assert list(Wijk.objects.values_list("naam", flat=True)) == [
        "Binnenstad",
        "Vrijenban",
        "Hof van Delft",
        "Voordijkshoorn",
        "Tanthof",
        "Voorhof",
        "Buitenhof",
        "Wippolder",
    ]


def test_all_cbs_districts_and_neighbourhoods_are_loaded():
    assert CbsWijk.objects.count() == 13
    assert Buurt.objects.count() == 91
    assert Gemeente.objects.get(code="GM0503").aantal_inwoners == 109577


def test_cbs_districts_without_policy_district_go_to_longest_shared_border():
    toewijzing = dict(CbsWijk.objects.values_list("code", "wijk__naam"))
    assert toewijzing["WK050316"] == "Vrijenban"  # Delftse Hout: 2,474 m vs 713 m
    assert toewijzing["WK050326"] == "Tanthof"  # Abtswoude
    assert toewijzing["WK050327"] == "Wippolder"  # Schieweg: 1,645 m vs Voorhof 1,591 m
    assert toewijzing["WK050329"] == "Wippolder"  # Ruiven
    assert "langste gedeelde grens" in CbsWijk.objects.get(code="WK050327").toewijzing
    assert CbsWijk.objects.get(code="WK050325").toewijzing == "naam"


def test_tanthof_covers_both_tanthof_cbs_districts_and_abtswoude(tanthof):
    assert sorted(tanthof.cbs_codes) == ["WK050322", "WK050323", "WK050326"]


def test_every_neighbourhood_lies_in_the_district_of_its_cbs_district():
    for buurt in Buurt.objects.select_related("cbs_wijk"):
        assert buurt.wijk_id == buurt.cbs_wijk.wijk_id


def test_focus_neighbourhoods_match_the_policy_focus_areas():
    gemarkeerd = dict(
        Buurt.objects.filter(is_aandachtsbuurt=True).values_list("naam", "aandachtsgebied")
    )
    assert gemarkeerd == {
        "Gillisbuurt": "Gillis",
        "Het Rode Dorp": "Rode Dorp",
        "Reinier de Graafbuurt": "Reinier de Graaf",
        "Buitenhof-Noord": "Buitenhof-Noord",
        "Bomenwijk": "Bomenwijk",
        "Poptahof-Noord": "Poptahof",
        "Poptahof-Zuid": "Poptahof",
    }
    assert set(AANDACHTSGEBIEDEN) == set(gemarkeerd.values())
    assert set(
        Buurt.objects.filter(is_aandachtsbuurt=True, wijk__slug="buitenhof").values_list(
            "aandachtsgebied", flat=True
        )
    ) == {"Gillis", "Rode Dorp", "Reinier de Graaf", "Buitenhof-Noord"}


def test_neighbourhood_without_cbs_code_is_kept_with_a_stable_source_id():
    buurt = Buurt.objects.get(naam="Schoemakerplantage")
    assert buurt.code is None
    assert buurt.bron_id == "GM0503:Schoemakerplantage"
    assert buurt.wijk.naam == "Wippolder"


def test_district_boundary_is_the_union_of_its_cbs_districts(tanthof):
    from shapely.geometry import shape

    grens = shape(tanthof.grens)
    assert grens.is_valid
    for cbs_wijk in tanthof.cbs_wijken.all():
        # Rounded to 6 decimals, so allow a sliver of difference.
        assert shape(cbs_wijk.grens).difference(grens).area < 1e-9


def test_loading_again_changes_nothing(coordinator_tanthof, tanthof):
    voor = {
        "wijken": list(Wijk.objects.values_list("pk", "naam", "slug")),
        "buurten": list(Buurt.objects.order_by("pk").values_list("pk", "bron_id", "wijk_id")),
    }
    verslag = laad_gebieden()
    assert (verslag.wijken, verslag.cbs_wijken, verslag.buurten) == (8, 13, 91)
    assert list(Wijk.objects.values_list("pk", "naam", "slug")) == voor["wijken"]
    assert (
        list(Buurt.objects.order_by("pk").values_list("pk", "bron_id", "wijk_id"))
        == voor["buurten"]
    )
    # Relations to districts survive a refresh.
    assert coordinator_tanthof in tanthof.coordinatoren.all()


def test_data_files_are_shipped_with_the_cbs_attribution():
    assert (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8").count("CC BY 4.0") >= 1
    with (DATA_DIR / "buurten.geojson").open(encoding="utf-8") as fh:
        assert len(json.load(fh)["features"]) == 91
