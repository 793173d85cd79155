"""The bench's consultation builder (``bench/data.py`` "raadpleging") and its URLs: one closed
consultation of 20 questions with N sent responses, stored the way the results page counts
them, built again without duplicates (``--keep-db``)."""

import argparse
from collections import Counter

from django.contrib.contenttypes.models import ContentType

import pytest

from bench import data, run, urls
from participatie.models import Antwoord, Overgang, Raadpleging, Reactie
from participatie.raadplegingen.constants import CitaatStatus, ReactieStatus, VraagSoort


def _bouw(n: int) -> str:
    return data.build_consultation(argparse.Namespace(consultation_responses=n))


def test_the_flag_defaults_to_skipping_the_builder():
    assert run.parse_args([]).consultation_responses == 0
    assert run.parse_args(["--consultation-responses", "10000"]).consultation_responses == 10000
    assert list(data.BUILDERS).index("raadpleging") > list(data.BUILDERS).index("demo")


@pytest.mark.django_db
def test_zero_responses_builds_nothing():
    assert _bouw(0).startswith("skipped")
    assert not Raadpleging.objects.filter(slug=data.BENCH_CONSULTATION).exists()


def test_twenty_questions_four_of_each_type_with_unique_ids():
    vragen = data.consultation_questions()
    assert len(vragen) == 20
    assert Counter(v["type"] for v in vragen) == dict.fromkeys(VraagSoort.values, 4)
    assert len({v["id"] for v in vragen}) == 20
    assert len({v["value"]["vraag"] for v in vragen}) == 20


@pytest.mark.django_db
def test_builder_makes_a_closed_consultation_with_n_sent_responses_and_is_idempotent():
    _bouw(50)
    _bouw(50)  # --keep-db: nothing new
    raadpleging = Raadpleging.objects.get(slug=data.BENCH_CONSULTATION)
    assert raadpleging.is_gesloten and len(raadpleging.vragen) == 20
    reacties = Reactie.objects.filter(raadpleging=raadpleging)
    assert reacties.count() == 50
    assert set(reacties.values_list("status", flat=True)) == {ReactieStatus.INGEDIEND}
    assert reacties.filter(wijk=None).count() == 5, "every tenth gave no district"

    antwoorden = Antwoord.objects.filter(raadpleging=raadpleging)
    assert 25 * 50 <= antwoorden.count() <= 40 * 50, "about 30 answer rows per response"
    assert not antwoorden.filter(geteld=False).exists()
    assert not antwoorden.exclude(reactie__raadpleging=raadpleging).exists()
    per_soort = Counter(antwoorden.values_list("soort", flat=True))
    assert per_soort[VraagSoort.ENKELE_KEUZE] == per_soort[VraagSoort.SCHAAL] == 4 * 50
    assert per_soort[VraagSoort.RANGORDE] == 4 * 4 * 50, "one row per option of 4 rankings"
    for a in antwoorden.select_related("reactie")[:200]:
        assert a.wijk_id == a.reactie.wijk_id

    quotes = antwoorden.filter(citaat_status=CitaatStatus.GOEDGEKEURD)
    assert quotes.exists() and not quotes.exclude(soort=VraagSoort.OPEN).exists()
    history = Overgang.objects.filter(
        content_type=ContentType.objects.get_for_model(Antwoord), naar=CitaatStatus.GOEDGEKEURD
    )
    assert set(history.values_list("object_id", flat=True)) == set(
        quotes.values_list("pk", flat=True)
    )

    _bouw(60)  # a larger run adds the difference only
    assert reacties.count() == 60
    assert urls.PLACEHOLDERS["raadpleging"]() == data.BENCH_CONSULTATION


def test_the_results_url_is_measured_on_the_largest_closed_consultation():
    per_naam = {url.name: url for url in urls.URLS}
    assert urls.placeholder_names(per_naam["raadpleging-resultaten"].path) == {"raadpleging"}
    assert per_naam["raadplegingen"].query_budget is not None  # asserted in test_query_counts
