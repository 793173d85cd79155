"""Example Wmo topics and consultations for the demo site: ``laad_raadplegingen()``.

`make run` should show a consultation in every phase a resident or coordinator meets: open
ones for each audience (one district's residents' meeting, the disability panel, the youth
council, all residents with anonymous participation) and a closed one with results, moderated
quotes and a published follow-up. They are examples and say so: every title starts with
"Voorbeeld:" and every introduction and follow-up with "Voorbeeldtekst:". The closed one's
responses are generated (``random.Random`` with a fixed seed; no accounts, no e-mail addresses)
and its introduction says so.

Idempotent: topics by name, consultations by slug; an existing one is left as it is (also when
edited in the admin), and only a newly created closed example gets responses.
``gegenereerde_antwoorden`` (also used by ``bench/data.py``) writes answers the way
``models.Antwoord`` stores them, so the results page and the bench see real shapes.
"""

import random
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from portal.gebieden.models import Wijk

from . import statemachine
from .constants import CitaatStatus, Deelname, Doelgroep, ReactieStatus, VraagSoort
from .models import Antwoord, Raadpleging, Reactie, WmoThema

LABEL = (
    "<p>Voorbeeldtekst: deze raadpleging is demo-inhoud, geen raadpleging van de gemeente "
    "Delft.</p>"
)
NAAMRUIMTE = uuid.UUID("6f1d8a52-3c1e-4c55-9d0a-2f7e9b1c4d10")  # stable question block ids
SLUG_GESLOTEN = "voorbeeld-eenzaamheid-in-de-wijk"  # also in bench/urls.py (results budget)
REACTIES = 120
SCHAAL_LABELS = {"label_laag": "Helemaal oneens", "label_hoog": "Helemaal eens"}

THEMAS = [
    ("Burenhulp", "Buren die elkaar helpen: een boodschap, een klusje, vervoer of een praatje."),
    (
        "Ontmoetingsplekken in de wijk",
        "Plekken waar buurtgenoten elkaar treffen: buurthuis, plein, bibliotheek en wijkcafé.",
    ),
    ("Mantelzorg", "Zorgen voor een naaste, en de steun die mantelzorgers daarbij nodig hebben."),
    ("Vrijwilligerswerk", "Bewoners die zich inzetten voor hun buurt, en hoe we hen helpen."),
    ("Eenzaamheid", "Eenzaamheid opmerken en doorbreken, bij ouderen en bij jongeren."),
]


def _enkel(vraag, *opties):
    return VraagSoort.ENKELE_KEUZE, {"vraag": vraag, "verplicht": True, "opties": list(opties)}


def _meer(vraag, *opties, max_keuzes=None):
    waarde = {"vraag": vraag, "verplicht": False, "opties": list(opties), "max_keuzes": max_keuzes}
    return VraagSoort.MEERKEUZE, waarde


def _schaal(vraag):
    return VraagSoort.SCHAAL, {"vraag": vraag, "verplicht": True, **SCHAAL_LABELS}


def _rang(vraag, *opties):
    return VraagSoort.RANGORDE, {"vraag": vraag, "verplicht": True, "opties": list(opties)}


def _open(vraag):
    return VraagSoort.OPEN, {"vraag": vraag, "verplicht": False, "max_lengte": 1000}


class Voorbeeld(NamedTuple):
    titel: str
    thema: str  # a name of THEMAS
    doelgroep: str
    deelname: str
    herhalen: bool
    wijk: str | None  # a district slug: only for that district; None: citywide
    dagen: tuple[int, int]  # opens and closes, in days from now
    inleiding: str  # after LABEL
    vragen: list[tuple]


# fmt: off
VOORBEELDEN = {
    "voorbeeld-burenhulp-tanthof": Voorbeeld(
        "Voorbeeld: Burenhulp in Tanthof", "Burenhulp", Doelgroep.BEWONERSOVERLEG,
        Deelname.ACCOUNT, True, "tanthof", (-3, 28),
        "Het bewonersoverleg van Tanthof bespreekt elk jaar hoe buren elkaar helpen.",
        [
            _enkel("Kent u de mensen in uw straat?", "Ja, de meesten", "Een paar", "Nauwelijks"),
            _meer("Waarmee zou u een buurtgenoot willen helpen?", "Boodschappen doen",
                  "Vervoer naar de huisarts", "Een klusje in huis", "Samen wandelen",
                  "Een luisterend oor", max_keuzes=3),
            _schaal("Als ik hulp nodig heb, kan ik bij mijn buren terecht."),
            _rang("Wat moet het bewonersoverleg als eerste oppakken?", "Een burenhulppunt",
                  "Een buurtapp", "Een vaste koffieochtend", "Hulp bij klusjes"),
            _open("Welk voorbeeld van burenhulp in Tanthof wilt u delen?"),
        ],
    ),
    "voorbeeld-toegankelijke-ontmoetingsplekken": Voorbeeld(
        "Voorbeeld: Toegankelijke ontmoetingsplekken", "Ontmoetingsplekken in de wijk",
        Doelgroep.PANEL_GEHANDICAPTEN, Deelname.ACCOUNT, True, None, (-5, 35),
        "Het panel gehandicapten adviseert over ontmoetingsplekken die voor iedereen open zijn.",
        [
            _enkel("Hoe vaak bezoekt u een ontmoetingsplek in uw wijk?", "Elke week",
                   "Elke maand", "Een paar keer per jaar", "Nooit"),
            _meer("Wat houdt u tegen om een ontmoetingsplek te bezoeken?", "Drempels of trappen",
                  "Geen aangepast toilet", "Te veel geluid", "Slecht bereikbaar met bus of tram",
                  "Niets"),
            _schaal("De ontmoetingsplekken in mijn wijk zijn goed toegankelijk."),
            _open("Welke aanpassing zou voor u het meeste verschil maken?"),
        ],
    ),
    "voorbeeld-jongeren-en-vrijwilligerswerk": Voorbeeld(
        "Voorbeeld: Jongeren en vrijwilligerswerk", "Vrijwilligerswerk", Doelgroep.JONGERENRAAD,
        Deelname.ACCOUNT, False, None, (-2, 21),
        "De jongerenraad wil weten wat jongeren in Delft aantrekt in vrijwilligerswerk.",
        [
            _enkel("Doet u vrijwilligerswerk?", "Ja, regelmatig", "Soms",
                   "Nee, maar ik wil het wel", "Nee"),
            _rang("Wat maakt vrijwilligerswerk aantrekkelijk?", "Iets leren voor school of werk",
                  "Nieuwe mensen leren kennen", "Iets doen voor de buurt", "Een vergoeding"),
            _schaal("Ik weet waar ik vrijwilligerswerk in Delft kan vinden."),
            _meer("Waarvoor zou u zich willen inzetten?", "Sport", "Huiswerkbegeleiding",
                  "Ouderen", "Natuur en groen", "Activiteiten in de buurt"),
        ],
    ),
    "voorbeeld-ondersteuning-mantelzorgers": Voorbeeld(
        "Voorbeeld: Ondersteuning van mantelzorgers", "Mantelzorg", Doelgroep.ALLE_BEWONERS,
        Deelname.ANONIEM, False, None, (-4, 42),
        "Iedere Delftenaar kan meedoen, ook zonder account: u bevestigt uw reactie per e-mail.",
        [
            _enkel("Zorgt u voor een naaste?", "Ja", "Nee, maar vroeger wel", "Nee"),
            _schaal("Ik weet waar ik als mantelzorger terecht kan met vragen."),
            _meer("Welke ondersteuning zou u helpen?", "De zorg even overdragen (respijtzorg)",
                  "Contact met andere mantelzorgers", "Hulp bij regelwerk",
                  "Een mantelzorgwaardering", max_keuzes=2),
            _rang("Wat vindt u het belangrijkst?", "Tijd voor mezelf", "Erkenning",
                  "Informatie", "Financiële steun"),
            _open("Wat wilt u de gemeente nog meegeven?"),
        ],
    ),
    SLUG_GESLOTEN: Voorbeeld(
        "Voorbeeld: Eenzaamheid in de wijk", "Eenzaamheid", Doelgroep.ALLE_BEWONERS,
        Deelname.ACCOUNT, True, None, (-63, -21),
        "De reacties en citaten bij de uitkomsten zijn gegenereerde voorbeeldgegevens, niet "
        "van echte bewoners. De gemeente vroeg hoe eenzaamheid in de wijken te doorbreken is.",
        [
            _enkel("Voelt u zich weleens eenzaam?", "Nooit", "Soms", "Vaak"),
            _meer("Waar ontmoet u buurtgenoten?", "Buurthuis", "Supermarkt of markt",
                  "Sportclub", "Kerk, moskee of vereniging", "Nergens", max_keuzes=3),
            _schaal("Ik heb genoeg mensen om me heen op wie ik kan terugvallen."),
            _rang("Wat helpt het meest tegen eenzaamheid?", "Een vaste ontmoetingsplek",
                  "Activiteiten voor jong en oud", "Een maatjesproject", "Huisbezoeken"),
            _schaal("Ik zou weten hoe ik een eenzame buurtgenoot kan helpen."),
            _open("Wat zou uw buurt gezelliger maken?"),
        ],
    ),
}
# fmt: on

# Agrees with the generated results: ``_gewogen`` leans towards the options listed first.
OPVOLGING = (
    "<p>Voorbeeldtekst: dit is geen besluit van de gemeente Delft.</p>"
    "<p>Volgens de deelnemers helpen een vaste ontmoetingsplek en activiteiten voor jong en "
    "oud het meest. Wat we ermee doen:</p>"
    "<ul><li>In elke wijk komt een vaste koffieochtend in het buurthuis.</li>"
    "<li>Het maatjesproject zoekt dit jaar twintig nieuwe vrijwilligers.</li>"
    "<li>De wijkprogramma's krijgen een activiteit voor jong en oud samen.</li></ul>"
)

# Open answers of the closed example: (text, quote status after moderation).
G, A, W = CitaatStatus.GOEDGEKEURD, CitaatStatus.AFGEWEZEN, CitaatStatus.WACHT
OPEN_ANTWOORDEN = [
    ("Een koffieochtend in het buurthuis op zaterdag, niet alleen doordeweeks.", G),
    ("Een bankje bij de speeltuin, zodat ouders en ouderen elkaar daar treffen.", G),
    ("Samen eten met buurtgenoten, één keer per maand.", G),
    ("Een wandelgroep die elke week vanaf het winkelcentrum vertrekt.", G),
    ("Iemand die nieuwe bewoners welkom heet en de buurt laat zien.", G),
    ("Een vaste plek waar je zonder afspraak binnenloopt voor een praatje.", G),
    ("Een buurtkrant op papier, want niet iedereen zit op internet.", G),
    ("Een klussendienst van jongeren voor ouderen in de straat.", G),
    ("Mijn buurman op nummer 7 komt nooit buiten, kan iemand bij hem langs?", A),
    ("Meer straatfeesten, dan leer je de nieuwe buren ook kennen.", W),
    ("Een moestuin waar iedereen mag meedoen.", W),
    ("Activiteiten die ook 's avonds zijn, voor mensen die overdag werken.", W),
    ("Meer licht op het plein, dan blijven mensen er langer zitten.", W),
    ("Een spelletjesmiddag voor jong en oud in de bibliotheek.", W),
    ("Een taalcafé, zodat nieuwe Delftenaren makkelijker contact maken.", W),
    ("Een telefooncirkel voor ouderen die alleen wonen.", W),
]


def _vragen(slug: str, vragen: list[tuple]) -> list[dict]:
    """The StreamField's raw form, with block ids that are the same on every run."""
    return [
        {
            "type": str(soort),
            "id": str(uuid.uuid5(NAAMRUIMTE, f"{slug}/{n}")),
            "value": {"toelichting": ""} | waarde,
        }
        for n, (soort, waarde) in enumerate(vragen, start=1)
    ]


def _gewogen(rng: random.Random, opties: list[str]) -> list[str]:
    """The options in a random order leaning towards the order given (earlier: more often)."""
    return sorted(opties, key=lambda optie: opties.index(optie) + rng.random() * 2 * len(opties))


def gegenereerde_antwoorden(
    rng: random.Random, reactie: Reactie, vragen: list[dict], open_tekst: Callable
) -> list[Antwoord]:
    """Unsaved answer rows of ``reactie`` (saved, with ``raadpleging``, ``wijk`` and ``status``
    set) to the raw ``vragen``: one row per value, as the models' docstring stores them.
    ``open_tekst(vraag_id)`` gives an open answer's text, or ``None`` for no answer."""
    rijen = []

    def rij(blok, **waarden):
        rijen.append(
            Antwoord(
                reactie_id=reactie.pk,
                raadpleging_id=reactie.raadpleging_id,
                wijk_id=reactie.wijk_id,
                geteld=reactie.status == ReactieStatus.INGEDIEND,
                vraag=blok["id"],
                soort=blok["type"],
                **waarden,
            )
        )

    for blok in vragen:
        soort, waarde = blok["type"], blok["value"]
        opties = waarde.get("opties", [])
        if soort == VraagSoort.ENKELE_KEUZE:
            rij(blok, keuze=_gewogen(rng, opties)[0])
        elif soort == VraagSoort.MEERKEUZE:
            aantal = rng.randint(0 if not waarde["verplicht"] else 1, waarde.get("max_keuzes") or 3)
            for keuze in _gewogen(rng, opties)[:aantal]:
                rij(blok, keuze=keuze)
        elif soort == VraagSoort.SCHAAL:
            rij(blok, getal=rng.choices(range(1, 6), weights=(1, 2, 3, 5, 3))[0])
        elif soort == VraagSoort.RANGORDE:
            for plaats, keuze in enumerate(_gewogen(rng, opties), start=1):
                rij(blok, keuze=keuze, getal=plaats)
        elif soort == VraagSoort.OPEN and (tekst := open_tekst(blok["id"])):
            rij(blok, tekst=tekst, citaat_status=CitaatStatus.WACHT)
    return rijen


def _reacties(raadpleging: Raadpleging, vragen: list[dict]) -> int:
    """REACTIES sent example responses spread over the districts (some without one), the
    open answers of OPEN_ANTWOORDEN, moderated through the quotes' state machine."""
    rng = random.Random(2026)  # noqa: S311 - reproducible example data, not secrets
    wijken = list(Wijk.objects.order_by("volgorde", "naam")) or [None]
    duur = (raadpleging.sluit_op - raadpleging.opent_op).total_seconds()
    reacties = Reactie.objects.bulk_create(
        Reactie(
            raadpleging=raadpleging,
            email_sleutel=f"demo-{n}",
            wijk=None if n % 12 == 11 else wijken[n % len(wijken)],
            status=ReactieStatus.INGEDIEND,
            ingediend_op=raadpleging.opent_op + timedelta(seconds=rng.uniform(0, duur)),
        )
        for n in range(REACTIES)
    )
    gekozen = rng.sample(range(REACTIES), len(OPEN_ANTWOORDEN))
    teksten = dict(zip(gekozen, OPEN_ANTWOORDEN, strict=True))
    antwoorden = []
    for n, reactie in enumerate(reacties):
        tekst = teksten.get(n, (None,))[0]
        antwoorden += gegenereerde_antwoorden(rng, reactie, vragen, lambda _v, t=tekst: t)
    Antwoord.objects.bulk_create(antwoorden, batch_size=1000)
    oordeel = dict(OPEN_ANTWOORDEN)
    for antwoord in Antwoord.objects.filter(raadpleging=raadpleging, soort=VraagSoort.OPEN):
        if oordeel[antwoord.tekst] != CitaatStatus.WACHT:
            statemachine.wijzig_status(antwoord, oordeel[antwoord.tekst])
    return len(reacties)


@transaction.atomic
def laad_raadplegingen() -> dict[str, int]:
    """Create the missing topics, example consultations and the closed one's responses."""
    themas = {}
    for volgorde, (naam, omschrijving) in enumerate(THEMAS, start=1):
        themas[naam], _ = WmoThema.objects.get_or_create(
            naam=naam,
            defaults={"omschrijving": omschrijving, "prestatieveld": 1, "volgorde": volgorde},
        )
    nu = timezone.now()
    nieuw = reacties = 0
    for slug, v in VOORBEELDEN.items():
        wijk = Wijk.objects.filter(slug=v.wijk).first() if v.wijk else None
        ruw = _vragen(slug, v.vragen)
        raadpleging, gemaakt = Raadpleging.objects.get_or_create(
            slug=slug,
            defaults={
                "titel": v.titel,
                "thema": themas[v.thema],
                "doelgroep": v.doelgroep,
                "deelname": v.deelname,
                "herhalen": v.herhalen,
                "stadsbreed": wijk is None,
                "opent_op": nu + timedelta(days=v.dagen[0]),
                "sluit_op": nu + timedelta(days=v.dagen[1]),
                "inleiding": f"{LABEL}<p>{v.inleiding}</p>",
                "vragen": ruw,
                "gepubliceerd": True,
            },
        )
        nieuw += gemaakt
        if gemaakt and wijk:
            raadpleging.wijken.set([wijk])
        if gemaakt and raadpleging.is_gesloten:
            reacties += _reacties(raadpleging, ruw)
            raadpleging.opvolging = OPVOLGING
            raadpleging.opvolging_gepubliceerd_op = raadpleging.sluit_op + timedelta(days=14)
            raadpleging.save(update_fields=["opvolging", "opvolging_gepubliceerd_op"])
    return {"raadplegingen": nieuw, "reacties": reacties}
