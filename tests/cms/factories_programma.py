"""factory_boy factories for district programmes and reports (cms/models/programma.py, verslag.py).

Pages are created as editors create them: ``parent.add_child(instance=...)``, then a revision
that is published (the default) or left as a draft (trait ``concept``: the page is not live).
The parent is a district page of the shared fixture (the real districts); pass ``parent=`` to
choose one. Activities and results are rows of a page that exists, with a trait per status.

Values are the factories' own, never the demo loader's.
"""

from decimal import Decimal

from django.utils.text import slugify

import factory

from cms.models import (
    ActiviteitStatus,
    AgendaThema,
    Partner,
    PartnerSoort,
    ProgrammaActiviteit,
    VerslagResultaat,
    WijkPage,
    WijkprogrammaPage,
    WijkverslagPage,
)

THEMA = "Fabrieksthema"


def _wijkpagina():
    return WijkPage.objects.order_by("path").first()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    naam = factory.Sequence(lambda n: f"Fabriekspartner {n}")
    soort = PartnerSoort.WELZIJN

    class Params:
        woningcorporatie = factory.Trait(soort=PartnerSoort.WONINGCORPORATIE)
        politie = factory.Trait(soort=PartnerSoort.POLITIE)
        school = factory.Trait(soort=PartnerSoort.ONDERWIJS)


class PaginaFactory(factory.django.DjangoModelFactory):
    """A page under ``parent`` with a revision: published, or a draft with ``concept=True``."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    parent = factory.LazyFunction(_wijkpagina)
    title = factory.Sequence(lambda n: f"Fabriekspagina {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    live = True

    class Params:
        concept = factory.Trait(live=False)

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        pagina = model_class(*args, **kwargs)
        parent.add_child(instance=pagina)
        revisie = pagina.save_revision()
        if pagina.live:
            revisie.publish()
        return pagina


class WijkprogrammaPageFactory(PaginaFactory):
    """A programme for ``eerste_jaar`` and the next year, with the agenda themes ``themas``
    (titles; default one theme, ``THEMA``)."""

    class Meta:
        model = WijkprogrammaPage

    title = factory.Sequence(lambda n: f"Fabrieksprogramma {n}")
    eerste_jaar = 2030
    intro = "<p>Inleiding van de fabriek.</p>"
    themas = factory.LazyFunction(lambda: [THEMA])

    @classmethod
    def _create(cls, model_class, *args, themas=(), **kwargs):
        kwargs["themas"] = [AgendaThema(titel=titel) for titel in themas]
        return super()._create(model_class, *args, **kwargs)


class WijkverslagPageFactory(PaginaFactory):
    class Meta:
        model = WijkverslagPage

    title = factory.Sequence(lambda n: f"Fabrieksverslag {n}")
    programma = factory.SubFactory(WijkprogrammaPageFactory)
    jaar = factory.LazyAttribute(lambda o: o.programma.eerste_jaar)
    parent = factory.LazyAttribute(lambda o: o.programma.get_parent())


class ProgrammaActiviteitFactory(factory.django.DjangoModelFactory):
    """An activity of ``pagina`` in its first year, on its first theme, with a lead partner;
    ``partners=[...]`` sets the other partners. A trait per status (default: planned)."""

    class Meta:
        model = ProgrammaActiviteit
        skip_postgeneration_save = True

    pagina = factory.SubFactory(WijkprogrammaPageFactory)
    jaar = factory.LazyAttribute(lambda o: o.pagina.eerste_jaar)
    titel = factory.Sequence(lambda n: f"Fabrieksactiviteit {n}")
    thema = factory.LazyAttribute(lambda o: o.pagina.themas.first().titel)
    trekker = factory.SubFactory(PartnerFactory)
    budget_aandeel = Decimal("1250.50")
    status = ActiviteitStatus.GEPLAND
    sort_order = factory.Sequence(lambda n: n)

    class Params:
        lopend = factory.Trait(status=ActiviteitStatus.LOPEND)
        afgerond = factory.Trait(status=ActiviteitStatus.AFGEROND)
        vervallen = factory.Trait(status=ActiviteitStatus.VERVALLEN)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
            self.save()  # a ParentalManyToManyField is written on save


class VerslagResultaatFactory(factory.django.DjangoModelFactory):
    """A result in ``pagina`` (a report) for ``activiteit``. A trait per status (default:
    running)."""

    class Meta:
        model = VerslagResultaat

    pagina = factory.SubFactory(WijkverslagPageFactory)
    activiteit = factory.SubFactory(
        ProgrammaActiviteitFactory, pagina=factory.SelfAttribute("..pagina.programma")
    )
    status = ActiviteitStatus.LOPEND
    resultaat = factory.Sequence(lambda n: f"Fabrieksresultaat {n}")
    sort_order = factory.Sequence(lambda n: n)

    class Params:
        gepland = factory.Trait(status=ActiviteitStatus.GEPLAND)
        afgerond = factory.Trait(status=ActiviteitStatus.AFGEROND)
        vervallen = factory.Trait(status=ActiviteitStatus.VERVALLEN)
