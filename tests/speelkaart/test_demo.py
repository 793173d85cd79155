"""The demo's example play spaces (speelkaart/demo.py): two per district, labelled as examples,
at points inside real neighbourhoods, loaded once."""

from collections import Counter

import pytest

from portal.gebieden.lookup import buurt_voor_punt
from portal.gebieden.models import Wijk
from speelkaart.constants import Bron
from speelkaart.demo import VOORBEELDEN, laad_speelplekken
from speelkaart.models import Speelplek

pytestmark = pytest.mark.django_db


@pytest.fixture
def zonder_voorbeelden():
    """Whether or not the session's demo data already hold them: start without."""
    Speelplek.objects.filter(bron=Bron.VOORBEELD).delete()


def test_two_labelled_examples_per_district_in_real_neighbourhoods(zonder_voorbeelden):
    assert laad_speelplekken() == 16

    voorbeelden = list(Speelplek.objects.filter(bron=Bron.VOORBEELD).select_related("buurt"))
    assert len(voorbeelden) == 16
    assert Counter(p.wijk.slug for p in voorbeelden) == dict.fromkeys(VOORBEELDEN, 2)
    assert set(Wijk.objects.values_list("slug", flat=True)) == set(VOORBEELDEN)
    for plek in voorbeelden:
        assert plek.is_voorbeeld
        assert plek.naam.startswith("Voorbeeld: ")
        assert "bestaat niet echt" in plek.omschrijving
        assert buurt_voor_punt(plek.lat, plek.lon).buurt == plek.buurt
    # The neighbourhoods named in the table, and some variety for the filters.
    assert {p.buurt.naam for p in voorbeelden} == {v[0] for vs in VOORBEELDEN.values() for v in vs}
    assert len({p.soort for p in voorbeelden}) == 7
    assert any(p.status != "open" for p in voorbeelden)
    assert all(
        any(getattr(p, veld) for p in voorbeelden)
        for veld in ("voor_0_4", "voor_12_plus", "rolstoel", "omheind", "schaduw", "toilet")
    )
    assert len({p.slug for p in voorbeelden}) == 16


def test_loading_again_adds_nothing_and_keeps_edits(zonder_voorbeelden):
    laad_speelplekken()
    Speelplek.objects.filter(bron_id="tanthof-1").update(naam="Voorbeeld: aangepast")

    assert laad_speelplekken() == 0

    assert Speelplek.objects.filter(bron=Bron.VOORBEELD).count() == 16
    assert Speelplek.objects.get(bron=Bron.VOORBEELD, bron_id="tanthof-1").naam == (
        "Voorbeeld: aangepast"
    )


def test_a_deleted_example_comes_back(zonder_voorbeelden):
    laad_speelplekken()
    Speelplek.objects.filter(bron=Bron.VOORBEELD, bron_id="voorhof-2").delete()
    assert laad_speelplekken() == 1
