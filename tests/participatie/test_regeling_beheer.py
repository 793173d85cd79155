import pytest

from participatie.constants import BijlageSoort, Soort
from participatie.models import Regeling
from tests.factories import RegelingFactory

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


def test_a_scheme_asks_consent_and_names_its_required_attachments():
    zonder = RegelingFactory()
    assert not zonder.vraagt_instemming and zonder.verplichte_bijlagen() == []
    met = RegelingFactory(min_instemming_pct=70, instemming_verplicht=True, foto_verplicht=True)
    assert met.vraagt_instemming
    assert sorted(met.verplichte_bijlagen()) == sorted([BijlageSoort.INSTEMMING, BijlageSoort.FOTO])
