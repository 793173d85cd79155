"""factory_boy factories: test data with the values a test states, not the demo loader's.

One factory per model a test builds, with a trait per status (``AanvraagFactory(goedgekeurd=True)``)
and per role (``CoordinatorFactory(wijken=[tanthof])``). The real CBS geography (districts and
neighbourhoods) stays the shared fixture: factories pick a real Buurt rather than inventing one.

The benchmark (``bench/``) builds its bulk data with these factories too, so there is one
definition of a valid application.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

import factory
from allauth.account.models import EmailAddress

from participatie.constants import BedragSoort, BijlageSoort, Rol, Soort, Status
from participatie.models import Aanvraag, Bijlage, Huishouden, Regeling, StatusWijziging
from portal.accounts.models import User
from portal.accounts.roles import BEHEERDER, EINDREDACTEUR, REDACTEUR, WIJKCOORDINATOR

WACHTWOORD = "Factory-Wachtwoord-2026"


class BewonerFactory(factory.django.DjangoModelFactory):
    """A resident with a verified e-mail address (as allauth leaves one after signup)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"bewoner{n}@fabriek.example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # Distinctive, so "the name is not on the page" cannot pass or fail by coincidence (a real
    # surname such as "Bos" or "Hof" occurs in page texts).
    last_name = factory.Sequence(lambda n: f"Fabrieksnaam{n}")
    password = factory.django.Password(WACHTWOORD)

    @factory.post_generation
    def geverifieerd(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.update_or_create(
                user=self,
                email=self.email,
                defaults={"verified": extracted is not False, "primary": True},
            )


def _in_rol(user, create, rol):
    if create:
        user.groups.add(Group.objects.get(name=rol))


class CoordinatorFactory(BewonerFactory):
    """A district coordinator of ``wijken`` (a list of Wijk objects)."""

    is_staff = True
    email = factory.Sequence(lambda n: f"coordinator{n}@fabriek.example.org")

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        _in_rol(self, create, WIJKCOORDINATOR)

    @factory.post_generation
    def wijken(self, create, extracted, **kwargs):
        for wijk in extracted or []:
            wijk.coordinatoren.add(self)


class RedacteurFactory(BewonerFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"redacteur{n}@fabriek.example.org")

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        _in_rol(self, create, REDACTEUR)


class EindredacteurFactory(BewonerFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"eindredacteur{n}@fabriek.example.org")

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        _in_rol(self, create, EINDREDACTEUR)


class WijkredacteurFactory(BewonerFactory):
    """An editor of one district's pages: ``WijkredacteurFactory(wijk=tanthof)``."""

    is_staff = True
    email = factory.Sequence(lambda n: f"wijkredacteur{n}@fabriek.example.org")

    @factory.post_generation
    def wijk(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        from cms.models import WijkPage
        from cms.redactie import groepsnaam

        if create and extracted is not None:
            self.groups.add(
                Group.objects.get(name=groepsnaam(WijkPage.objects.get(wijk=extracted)))
            )


class BeheerderFactory(BewonerFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"beheerder{n}@fabriek.example.org")

    @factory.post_generation
    def rol(self, create, extracted, **kwargs):
        _in_rol(self, create, BEHEERDER)


class RegelingFactory(factory.django.DjangoModelFactory):
    """A scheme that is open, pays up to an amount and asks nothing special; traits add rules."""

    class Meta:
        model = Regeling

    soort = Soort.STRAATFEESTCHEQUE
    titel = factory.Sequence(lambda n: f"Regeling {n}")
    samenvatting = "Een regeling voor de tests."
    bedrag_soort = BedragSoort.MAXIMUM
    bedrag = Decimal("200.00")
    min_dagen_vooraf = 0
    min_huishoudens = 0

    class Params:
        vast_bedrag = factory.Trait(bedrag_soort=BedragSoort.VAST, bedrag=Decimal("0.00"))
        per_straat = factory.Trait(max_per_straat_per_jaar=1)
        gesloten = factory.Trait(
            open_van=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
        )


class AanvraagFactory(factory.django.DjangoModelFactory):
    """A complete application in a real neighbourhood. Status traits set the status directly
    (test set-up, with a history row), as if the state machine had been walked."""

    class Meta:
        model = Aanvraag
        skip_postgeneration_save = True

    aanvrager = factory.SubFactory(BewonerFactory)
    regeling = factory.SubFactory(RegelingFactory)
    status = Status.CONCEPT
    stappen_voltooid = 4
    titel = factory.Sequence(lambda n: f"Buurtinitiatief {n}")
    omschrijving = "Samen met de buren iets moois maken."
    straat = factory.Sequence(lambda n: f"Proefstraat {n}")
    huisnummer = "1"
    buurt = factory.LazyFunction(lambda: _een_buurt())
    wijk = factory.LazyAttribute(lambda o: o.buurt.wijk)
    activiteit_datum = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    gevraagd_bedrag = Decimal("100.00")
    naam_aanvrager = factory.Faker("name", locale="nl_NL")
    adres_aanvrager = factory.Sequence(lambda n: f"Proefstraat {n + 1}, 2611 AA Delft")
    iban = "NL91ABNA0417164300"
    privacy_akkoord = True

    class Params:
        ingediend = factory.Trait(status=Status.INGEDIEND)
        in_behandeling = factory.Trait(status=Status.IN_BEHANDELING)
        aanpassing_gevraagd = factory.Trait(status=Status.AANPASSING_GEVRAAGD)
        goedgekeurd = factory.Trait(status=Status.GOEDGEKEURD)
        afgewezen = factory.Trait(status=Status.AFGEWEZEN)
        ingetrokken = factory.Trait(status=Status.INGETROKKEN)
        uitbetaald = factory.Trait(status=Status.UITBETAALD)
        verantwoord = factory.Trait(status=Status.VERANTWOORD)
        afgesloten = factory.Trait(status=Status.AFGESLOTEN)

    @factory.lazy_attribute
    def referentie(self):
        if self.status == Status.CONCEPT:
            return None
        from participatie.models import Referentieteller

        return Referentieteller.volgende(timezone.localdate().year)

    @factory.lazy_attribute
    def ingediend_op(self):
        return None if self.status == Status.CONCEPT else timezone.now()

    @factory.post_generation
    def geschiedenis(self, create, extracted, **kwargs):
        if not create or self.status == Status.CONCEPT:
            return
        StatusWijziging.objects.create(
            aanvraag=self, van=Status.CONCEPT, naar=Status.INGEDIEND, rol=Rol.AANVRAGER
        )
        if self.status != Status.INGEDIEND:
            StatusWijziging.objects.create(
                aanvraag=self, van=Status.INGEDIEND, naar=self.status, rol=Rol.COORDINATOR
            )


class HuishoudenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Huishouden

    aanvraag = factory.SubFactory(AanvraagFactory)
    adres = factory.Sequence(lambda n: f"Proefstraat {n + 1}")
    naam = factory.Faker("name", locale="nl_NL")
    akkoord = True


class BijlageFactory(factory.django.DjangoModelFactory):
    """A stored attachment (a tiny PNG); ``soort`` as asked."""

    class Meta:
        model = Bijlage

    aanvraag = factory.SubFactory(AanvraagFactory)
    soort = BijlageSoort.FOTO
    mime = "image/png"
    naam = "foto.png"
    bestand = factory.django.FileField(filename="bijlage.png", data=b"\x89PNG\r\n\x1a\n")
    grootte = 8


def _een_buurt():
    from portal.gebieden.models import Buurt

    return Buurt.objects.defer("grens").select_related("wijk").order_by("pk").first()


# --- Play-space map (speelkaart) -----------------------------------------------------------


def punt_in_buurt(buurt) -> tuple[Decimal, Decimal]:
    """A point inside ``buurt``'s real boundary (lat, lon), as stored (6 decimals)."""
    from shapely.geometry import shape

    punt = shape(buurt.grens).representative_point()
    return Decimal(f"{punt.y:.6f}"), Decimal(f"{punt.x:.6f}")


def _buurt_met_grens():
    from portal.gebieden.models import Buurt

    return Buurt.objects.select_related("wijk").order_by("pk").first()


class SpeelplekFactory(factory.django.DjangoModelFactory):
    """A play space in a real neighbourhood: ``SpeelplekFactory(in_buurt=buurt)``."""

    class Meta:
        model = "speelkaart.Speelplek"

    class Params:
        in_buurt = factory.LazyFunction(_buurt_met_grens)

    naam = factory.Sequence(lambda n: f"Proefspeeltuin {n}")
    slug = factory.Sequence(lambda n: f"proefspeeltuin-{n}")
    soort = "speeltuin"
    lat = factory.LazyAttribute(lambda o: punt_in_buurt(o.in_buurt)[0])
    lon = factory.LazyAttribute(lambda o: punt_in_buurt(o.in_buurt)[1])
    voor_4_8 = True
    toestellen = "schommel\nglijbaan"


class WaarderingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "speelkaart.Waardering"

    class Params:
        met_opmerking = factory.Trait(
            opmerking="Fijne plek, maar de schommel piept.", opmerking_status="wacht"
        )

    speelplek = factory.SubFactory(SpeelplekFactory)
    bewoner = factory.SubFactory(BewonerFactory)
    speelwaarde = 4
    veiligheid = 4
    onderhoud = 3
    leeftijd = 4


class MeldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "speelkaart.Melding"

    speelplek = factory.SubFactory(SpeelplekFactory)
    bewoner = factory.SubFactory(BewonerFactory)
    categorie = "kapot"
    tekst = "De glijbaan heeft een scherpe rand."


class WensFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "speelkaart.Wens"

    class Params:
        in_buurt = factory.LazyFunction(_buurt_met_grens)

    soort = "nieuw"
    buurt = factory.LazyAttribute(lambda o: o.in_buurt)
    lat = factory.LazyAttribute(lambda o: punt_in_buurt(o.in_buurt)[0])
    lon = factory.LazyAttribute(lambda o: punt_in_buurt(o.in_buurt)[1])
    titel = factory.Sequence(lambda n: f"Een trapveldje {n}")
    tekst = "Er is hier geen plek om te voetballen."
    bewoner = factory.SubFactory(BewonerFactory)


# --- Consultations and signals (participatie.raadplegingen, participatie.signalen) -------------


class WmoThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participatie.WmoThema"
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Fabrieksthema {n}")
    omschrijving = "Een thema uit de fabriek."


def vragen_van_elke_soort() -> list[dict]:
    """One question of each type, in the StreamField's raw form, with fixed block ids."""
    return [
        {
            "type": "enkele_keuze",
            "id": "v-enkel",
            "value": {
                "vraag": "Kent u uw buren?",
                "toelichting": "",
                "verplicht": True,
                "opties": ["Ja", "Een beetje", "Nee"],
            },
        },
        {
            "type": "meerkeuze",
            "id": "v-meer",
            "value": {
                "vraag": "Waar ontmoet u buurtgenoten?",
                "toelichting": "",
                "verplicht": False,
                "opties": ["Buurthuis", "Speeltuin", "Supermarkt", "Nergens"],
                "max_keuzes": 2,
            },
        },
        {
            "type": "schaal",
            "id": "v-schaal",
            "value": {
                "vraag": "Ik voel me thuis in mijn buurt.",
                "toelichting": "",
                "verplicht": True,
                "label_laag": "Helemaal oneens",
                "label_hoog": "Helemaal eens",
            },
        },
        {
            "type": "rangorde",
            "id": "v-rang",
            "value": {
                "vraag": "Wat is het belangrijkst?",
                "toelichting": "",
                "verplicht": True,
                "opties": ["Burenhulp", "Ontmoeten", "Mantelzorg"],
            },
        },
        {
            "type": "open",
            "id": "v-open",
            "value": {
                "vraag": "Wat zou u willen veranderen?",
                "toelichting": "",
                "verplicht": False,
                "max_lengte": 500,
            },
        },
    ]


class RaadplegingFactory(factory.django.DjangoModelFactory):
    """An open, published, citywide consultation with one question of each type. Traits:
    ``gesloten``, ``gepland``, ``concept``, ``anoniem``; ``wijken=[tanthof]`` limits it to
    districts (and makes it not citywide)."""

    class Meta:
        model = "participatie.Raadpleging"
        skip_postgeneration_save = True

    class Params:
        gesloten = factory.Trait(
            opent_op=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
            sluit_op=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        gepland = factory.Trait(
            opent_op=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3)),
            sluit_op=factory.LazyFunction(lambda: timezone.now() + timedelta(days=30)),
        )
        concept = factory.Trait(gepubliceerd=False)
        anoniem = factory.Trait(deelname="anoniem")

    titel = factory.Sequence(lambda n: f"Fabrieksraadpleging {n}")
    slug = factory.Sequence(lambda n: f"fabrieksraadpleging-{n}")
    thema = factory.SubFactory(WmoThemaFactory)
    doelgroep = "alle_bewoners"
    opent_op = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    sluit_op = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    inleiding = "<p>Een raadpleging uit de fabriek.</p>"
    vragen = factory.LazyFunction(vragen_van_elke_soort)
    deelname = "account"
    gepubliceerd = True

    @factory.post_generation
    def wijken(self, create, extracted, **kwargs):
        if extracted:
            self.wijken.set(extracted)
            self.stadsbreed = False
            self.save(update_fields=["stadsbreed"])


class SignaalCategorieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participatie.SignaalCategorie"
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Fabriekscategorie {n}")


class SignaalFactory(factory.django.DjangoModelFactory):
    """A received signal in a real neighbourhood: ``SignaalFactory(in_buurt=buurt)``."""

    class Meta:
        model = "participatie.Signaal"

    class Params:
        in_buurt = factory.LazyFunction(_buurt_met_grens)

    bewoner = factory.SubFactory(BewonerFactory)
    categorie = factory.SubFactory(SignaalCategorieFactory)
    tekst = "Op het pleintje is het 's avonds onrustig."
    buurt = factory.LazyAttribute(lambda o: o.in_buurt)
    wijk = factory.LazyAttribute(lambda o: o.in_buurt.wijk)
