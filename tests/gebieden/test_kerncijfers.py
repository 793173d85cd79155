from decimal import Decimal

import pytest

from portal.gebieden.kerncijfers import Kerncijfers, aggregeer
from portal.gebieden.models import Gemeente, Wijk

pytestmark = pytest.mark.django_db


def test_counts_are_summed_over_the_cbs_districts(tanthof):
    kc = tanthof.kerncijfers
    assert kc.aantal_inwoners == 7990 + 6090 + 35
    assert kc.huishoudens == 3875 + 3175 + 15
    assert kc.woningvoorraad == 3818 + 3000 + 12
    assert kc.oppervlakte_land_ha == 131 + 90 + 126
    assert kc.jaar == 2024


def test_shares_are_weighted_by_inhabitants_and_skip_unknown_values(tanthof):
    # Abtswoude has no age shares (CBS suppresses them): it must not count as 0 %.
    verwacht = (Decimal(14) * 7990 + Decimal(12) * 6090) / (7990 + 6090)
    assert tanthof.kerncijfers.pct_0_15 == verwacht.quantize(Decimal("0.1"))
    som = sum(
        getattr(tanthof.kerncijfers, v)
        for v in ("pct_0_15", "pct_15_25", "pct_25_45", "pct_45_65", "pct_65plus")
    )
    assert Decimal(98) <= som <= Decimal(102)


def test_density_is_recomputed_from_inhabitants_and_land_area(tanthof):
    kc = tanthof.kerncijfers
    assert kc.bevolkingsdichtheid == round(kc.aantal_inwoners * 100 / kc.oppervlakte_land_ha)


def test_household_size_is_weighted_by_households():
    a = Kerncijfers(aantal_inwoners=300, huishoudens=100, gem_huishoudensgrootte=Decimal("3.0"))
    b = Kerncijfers(aantal_inwoners=100, huishoudens=100, gem_huishoudensgrootte=Decimal("1.0"))
    assert aggregeer([a, b]).gem_huishoudensgrootte == Decimal("2.0")


def test_single_cbs_district_keeps_the_published_figures(buitenhof):
    kc = buitenhof.kerncijfers
    assert (kc.aantal_inwoners, kc.bevolkingsdichtheid, kc.pct_65plus) == (14525, 6706, 20)


def test_districts_add_up_to_the_cbs_district_total():
    totaal = sum(w.kerncijfers.aantal_inwoners for w in Wijk.objects.prefetch_related("cbs_wijken"))
    # CBS rounds district counts to multiples of 5: 109,585 against 109,577 for Delft.
    assert totaal == 109585
    assert abs(totaal - Gemeente.objects.get().aantal_inwoners) < 10


def test_empty_aggregate_has_no_figures():
    assert aggregeer([]) == Kerncijfers()
