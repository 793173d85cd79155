"""The play-space models: place from the point, ratings' averages, the state machines."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from participatie.wachtrij.models import Overgang
from portal.gebieden.models import Buurt
from speelkaart.constants import MeldingStatus, OpmerkingStatus
from speelkaart.models import Speelplek
from speelkaart.statemachine import OngeldigeOvergang, wijzig_status
from tests.factories import (
    MeldingFactory,
    SpeelplekFactory,
    WaarderingFactory,
    punt_in_buurt,
)

pytestmark = pytest.mark.django_db


def test_buurt_and_wijk_follow_from_the_point():
    buurt = Buurt.objects.select_related("wijk").get(naam="Poptahof-Noord")
    speelplek = SpeelplekFactory(in_buurt=buurt)
    assert (speelplek.buurt, speelplek.wijk) == (buurt, buurt.wijk)
    ander = Buurt.objects.exclude(wijk=buurt.wijk).first()
    speelplek.lat, speelplek.lon = punt_in_buurt(ander)
    speelplek.save()
    speelplek.refresh_from_db()
    assert speelplek.buurt == ander and speelplek.wijk == ander.wijk


def test_a_point_outside_delft_is_refused():
    speelplek = Speelplek(naam="Rotterdam", slug="rotterdam", soort="speeltuin")
    speelplek.lat, speelplek.lon = Decimal("51.9225"), Decimal("4.47917")
    with pytest.raises(ValidationError) as fout:
        speelplek.full_clean()
    assert "lat" in fout.value.message_dict


def test_averages_are_recomputed_and_one_rating_per_resident():
    speelplek = SpeelplekFactory()
    eerste = WaarderingFactory(speelplek=speelplek, speelwaarde=5, veiligheid=3)
    WaarderingFactory(speelplek=speelplek, speelwaarde=3, veiligheid=3)
    speelplek.herbereken_waarderingen()
    speelplek.refresh_from_db()
    assert speelplek.aantal_waarderingen == 2 and speelplek.gem_speelwaarde == Decimal("4.00")
    with pytest.raises(IntegrityError):
        WaarderingFactory(speelplek=speelplek, bewoner=eerste.bewoner)


def test_state_machines_allow_only_their_transitions_and_write_history():
    melding = MeldingFactory()
    assert melding.wijk_id == melding.speelplek.wijk_id
    wijzig_status(melding, MeldingStatus.IN_BEHANDELING, motivatie="We kijken ernaar.")
    with pytest.raises(OngeldigeOvergang):
        wijzig_status(melding, MeldingStatus.INGEDIEND)
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.IN_BEHANDELING
    waardering = WaarderingFactory(met_opmerking=True)
    wijzig_status(waardering, OpmerkingStatus.GEPUBLICEERD)
    assert [w.naar for w in Overgang.objects.order_by("pk")] == [
        MeldingStatus.IN_BEHANDELING,
        OpmerkingStatus.GEPUBLICEERD,
    ]


def test_saving_a_stale_instance_keeps_the_rating_averages():
    speelplek = SpeelplekFactory()
    oud = Speelplek.objects.get(pk=speelplek.pk)  # loaded before the rating
    WaarderingFactory(speelplek=speelplek, speelwaarde=5)
    speelplek.herbereken_waarderingen()
    oud.naam = "Nieuwe naam"
    oud.save()
    speelplek.refresh_from_db()
    assert speelplek.naam == "Nieuwe naam" and speelplek.aantal_waarderingen == 1
