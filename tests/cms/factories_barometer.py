"""Factories for the district barometer: indicators and their values.

The figures they make are test data (fictional names and sources); they never reach the demo.
"""

from decimal import Decimal

import factory

from cms.models import Indicator, IndicatorWaarde
from portal.gebieden.models import Wijk


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    naam = factory.Sequence(lambda n: f"Testindicator {n}")
    slug = factory.Sequence(lambda n: f"testindicator-{n}")
    eenheid = "%"
    omschrijving = "Een verzonnen reeks voor tests."
    bron = "Testbron (fictief)"

    class Params:
        # An indicator without a unit (a count).
        aantal = factory.Trait(eenheid="")


class IndicatorWaardeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorWaarde

    indicator = factory.SubFactory(IndicatorFactory)
    wijk = factory.LazyFunction(lambda: Wijk.objects.order_by("volgorde").first())
    jaar = 2024
    waarde = Decimal("50.00")


def reeks_voor(indicator: Indicator, jaren, waarde=lambda wijk, jaar: Decimal("50")):
    """Values for every district in every year of ``jaren``; ``waarde(wijk, jaar)`` gives each."""
    waarden = [
        IndicatorWaarde(indicator=indicator, wijk=wijk, jaar=jaar, waarde=waarde(wijk, jaar))
        for wijk in Wijk.objects.defer("grens")
        for jaar in jaren
    ]
    return IndicatorWaarde.objects.bulk_create(waarden)
