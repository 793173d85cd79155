import pytest

from participatie.constants import Soort
from participatie.models import Regeling

pytestmark = pytest.mark.django_db


def test_demo_loader_creates_the_four_schemes_as_example_settings():
    regelingen = Regeling.objects.all()
    assert sorted(r.soort for r in regelingen) == sorted(Soort.values)
    assert all(r.is_voorbeeld for r in regelingen)
    assert all("voorbeeld" in str(r) for r in regelingen)


def test_only_administrators_manage_schemes(beheerder, redacteur, coordinator_tanthof):
    assert beheerder.has_perm("participatie.change_regeling")
    assert beheerder.has_perm("participatie.add_regeling")
    assert redacteur.has_perm("participatie.view_regeling")
    assert not redacteur.has_perm("participatie.change_regeling")
    assert not coordinator_tanthof.has_perm("participatie.change_regeling")


def test_scheme_rules_as_configured_for_the_play_street():
    speelstraat = Regeling.objects.get(soort=Soort.SPEELSTRAAT)
    assert speelstraat.vraagt_instemming and speelstraat.min_instemming_pct == 70
    assert speelstraat.verplichte_bijlagen() == ["instemming"]
    assert not speelstraat.uit_wijkbudget
