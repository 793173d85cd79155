"""factory_boy factories for news and events (cms/models/berichten.py).

Pages are made as an editor makes them: ``parent.add_child(instance=page)``, then a published
revision (so ``last_published_at`` is set, as in production). Pass ``parent=`` (a district
page or a listing); the default is the Tanthof district page of the shared test database.
Traits: ``concept=True`` (a draft: never published), and for events ``voorbij=True`` (ended
last week).

The listings exist at most once per site (``max_count = 1``): their factories return the
existing one when there is one (the demo loader may have made it).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

import factory

from cms.models import (
    AgendaIndexPage,
    AgendaPage,
    HomePage,
    NieuwsIndexPage,
    NieuwsPage,
    Toegankelijkheid,
    WijkPage,
)


def wijkpagina(slug: str = "tanthof") -> WijkPage:
    return WijkPage.objects.get(wijk__slug=slug)


def over_dagen(dagen: int, uur: int = 19, minuut: int = 30) -> datetime:
    """Today + ``dagen`` at ``uur:minuut`` in Delft (Europe/Amsterdam), as an aware datetime."""
    dag = timezone.localdate() + timedelta(days=dagen)
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


class PaginaFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    parent = factory.LazyFunction(wijkpagina)
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        pagina = model_class(*args, **kwargs)
        parent.add_child(instance=pagina)
        if pagina.live:
            pagina.save_revision().publish()
            pagina.refresh_from_db()
        return pagina


class LijstpaginaFactory(PaginaFactory):
    class Meta:
        abstract = True

    parent = factory.LazyFunction(HomePage.objects.get)

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        bestaand = model_class.objects.first()
        return bestaand or super()._create(model_class, *args, parent=parent, **kwargs)


class NieuwsIndexPageFactory(LijstpaginaFactory):
    class Meta:
        model = NieuwsIndexPage

    title = "Nieuws"
    slug = "nieuws"


class AgendaIndexPageFactory(LijstpaginaFactory):
    class Meta:
        model = AgendaIndexPage

    title = "Agenda"
    slug = "agenda"


class NieuwsPageFactory(PaginaFactory):
    class Meta:
        model = NieuwsPage

    title = factory.Sequence(lambda n: f"Nieuwsbericht {n}")
    slug = factory.Sequence(lambda n: f"nieuwsbericht-{n}")
    datum = factory.LazyFunction(timezone.localdate)
    samenvatting = "Een samenvatting voor de tests."
    inhoud = factory.LazyFunction(
        lambda: [{"type": "tekst", "value": "<p>De inhoud van het bericht.</p>"}]
    )

    class Params:
        concept = factory.Trait(live=False)


class AgendaPageFactory(PaginaFactory):
    class Meta:
        model = AgendaPage

    title = factory.Sequence(lambda n: f"Activiteit {n}")
    slug = factory.Sequence(lambda n: f"activiteit-{n}")
    begin = factory.LazyFunction(lambda: over_dagen(7))
    einde = factory.LazyAttribute(lambda o: o.begin + timedelta(hours=2))
    plaats = "Buurthuis De Proef"
    adres = "Proefstraat 1, 2611 AA Delft"
    organisator_naam = "Bewonersgroep De Proef"
    toegankelijkheid = Toegankelijkheid.BEPERKT
    toegankelijkheid_toelichting = "Lift bij de zij-ingang."
    samenvatting = "Een activiteit voor de tests."
    inhoud = factory.LazyFunction(lambda: [{"type": "tekst", "value": "<p>Wat er te doen is.</p>"}])

    class Params:
        concept = factory.Trait(live=False)
        voorbij = factory.Trait(begin=factory.LazyFunction(lambda: over_dagen(-7)))
