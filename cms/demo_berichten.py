"""Demo news and events for `make run`: the listings "Nieuws" and "Agenda" under the home page,
two news items and two coming events under every district page, three citywide news items.

The texts follow the policy note "Samenwerken in de wijken" (district analysis → district
agenda → district programme → district report; residents' initiatives; play-space policy; Wmo
consultations). Everything is labelled as example content: cms.demo's ``VOORBEELD`` in the
content, and "Voorbeeld:" at the start of every summary (lists and feeds show the summary
without the content). Dates are relative to today, so the agenda is never empty. Idempotent:
an item whose slug exists under its parent is left as it is.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import (
    AgendaIndexPage,
    AgendaPage,
    HomePage,
    NieuwsIndexPage,
    NieuwsPage,
    Toegankelijkheid,
    WijkPage,
)


@dataclass(frozen=True)
class DemoNieuws:
    slug: str
    titel: str
    samenvatting: str
    tekst: str
    dagen_geleden: int


@dataclass(frozen=True)
class DemoActiviteit:
    slug: str
    titel: str
    samenvatting: str
    tekst: str
    plaats: str
    begintijd: time
    uren: int
    toegankelijkheid: str
    toelichting: str
    organisator: str
    weekdag: int | None = None  # 0 = Monday: "on Wednesday afternoon" falls on a Wednesday


# Per district; "{wijk}" is the district's name. Each district gets two of each (by its order).
WIJK_NIEUWS = [
    DemoNieuws(
        "wijkanalyse-klaar",
        "Wijkanalyse {wijk} is klaar",
        "Voorbeeld: bewoners en professionals brachten samen in kaart wat goed gaat in {wijk} "
        "en wat beter kan.",
        "<p>De wijkanalyse is de eerste stap van samenwerken in de wijk. Daarna volgen de "
        "wijkagenda, het wijkprogramma en het wijkverslag.</p>",
        3,
    ),
    DemoNieuws(
        "wijkverslag-verschenen",
        "Wijkverslag {wijk}: wat we samen bereikten",
        "Voorbeeld: het wijkverslag laat zien wat er van het wijkprogramma van {wijk} is "
        "uitgevoerd.",
        "<p>In het wijkverslag staat per activiteit uit het wijkprogramma wat er is gedaan, "
        "met wie, en wat het de wijk heeft opgeleverd.</p>",
        12,
    ),
    DemoNieuws(
        "straten-fleuren-op",
        "Bewoners van {wijk} fleuren hun straat op",
        "Voorbeeld: met Fleur Op maakten buren hun straat schoon en groener.",
        "<p>Met Fleur Op ruimt u samen met uw buren de straat op en maakt u haar groener. "
        "Ook de straatfeestcheque, de speelstraat en zelfbeheer helpen bewoners op weg.</p>",
        6,
    ),
    DemoNieuws(
        "speelruimte-denk-mee",
        "Speelruimte in {wijk}: denk mee",
        "Voorbeeld: de gemeente wil weten waar kinderen in {wijk} graag spelen en wat zij missen.",
        "<p>Volgens het speelruimtebeleid moet elk kind dicht bij huis kunnen spelen. Welke "
        "speelplek vindt u goed, en waar ontbreekt er een?</p>",
        9,
    ),
]

WIJK_ACTIVITEITEN = [
    DemoActiviteit(
        "wijkavond-wijkagenda",
        "Wijkavond: bespreek de wijkagenda",
        "Voorbeeld: praat mee over de onderwerpen die in {wijk} de komende jaren voorgaan.",
        "<p>Op de wijkavond bespreken bewoners, de wijkcoördinator en partners de wijkagenda. "
        "Die is de basis voor het wijkprogramma.</p>",
        "Buurthuis {wijk}",
        time(19, 30),
        2,
        Toegankelijkheid.TOEGANKELIJK,
        "Ringleiding in de zaal; invalidentoilet aanwezig.",
        "Wijkcoördinator {wijk}",
    ),
    DemoActiviteit(
        "fleur-op-dag",
        "Fleur Op-dag",
        "Voorbeeld: samen met de buren de straat opruimen en opfleuren in {wijk}.",
        "<p>Neem uw handschoenen mee; voor gereedschap, plantjes en koffie wordt gezorgd.</p>",
        "Wijkpark {wijk}",
        time(10, 0),
        3,
        Toegankelijkheid.BEPERKT,
        "Verharde paden aan één kant van het park.",
        "Bewonersgroep {wijk}",
        weekdag=5,
    ),
    DemoActiviteit(
        "speelstraat-woensdagmiddag",
        "Speelstraat op woensdagmiddag",
        "Voorbeeld: een straat in {wijk} is een middag dicht voor auto's, zodat kinderen er "
        "kunnen spelen.",
        "<p>Een speelstraat vraagt u aan als buren: zeventig procent van de huishoudens moet "
        "ermee instemmen.</p>",
        "Een straat in {wijk}",
        time(14, 0),
        3,
        Toegankelijkheid.TOEGANKELIJK,
        "",
        "Bewoners van de straat",
        weekdag=2,
    ),
    DemoActiviteit(
        "wmo-raadpleging",
        "Raadpleging: zorg en ondersteuning in de wijk (Wmo)",
        "Voorbeeld: vertel hoe ondersteuning uit de Wmo in {wijk} beter kan.",
        "<p>De gemeente vraagt bewoners en cliëntenorganisaties wat zij vinden van de "
        "ondersteuning in de wijk. Uw ervaring telt mee bij nieuwe afspraken.</p>",
        "Wijkcentrum {wijk}",
        time(15, 0),
        2,
        Toegankelijkheid.ONBEKEND,
        "",
        "Gemeente Delft",
    ),
]

STAD_NIEUWS = [
    DemoNieuws(
        "samenwerken-in-de-wijken",
        "Samenwerken in de wijken: zo werkt het",
        "Voorbeeld: van wijkanalyse via wijkagenda en wijkprogramma naar wijkverslag.",
        "<p>Elke wijk begint met een wijkanalyse. Daaruit volgt de wijkagenda: wat gaat voor. "
        "Het wijkprogramma legt vast wie wat doet; het wijkverslag laat zien wat het "
        "opleverde.</p>",
        1,
    ),
    DemoNieuws(
        "initiatieven-van-bewoners",
        "Straatfeest, Fleur Op, speelstraat of zelfbeheer",
        "Voorbeeld: vier manieren waarop de gemeente initiatieven van bewoners steunt.",
        "<p>Met de straatfeestcheque, Fleur Op, de speelstraat en zelfbeheer maakt u samen "
        "met uw buren iets van uw straat. Vraag het aan op dit portaal.</p>",
        4,
    ),
    DemoNieuws(
        "raadpleging-wmo",
        "Uw mening over zorg en ondersteuning",
        "Voorbeeld: de gemeente raadpleegt bewoners over de Wmo, in elke wijk.",
        "<p>In elke wijk organiseert de gemeente een bijeenkomst over de Wmo. Kijk in de "
        "agenda wanneer die in uw wijk is.</p>",
        8,
    ),
]


def _voorbeeld() -> str:
    # Imported here: cms/demo.py calls laad_berichten and may import this module at its top.
    from .demo import VOORBEELD

    return VOORBEELD


def _inhoud(tekst: str) -> list[dict]:
    return [{"type": "tekst", "value": tekst + _voorbeeld()}]


def _lijstpagina(home: HomePage, model, slug: str, titel: str, intro: str):
    bestaand = model.objects.child_of(home).first()
    if bestaand:
        return bestaand, 0
    return home.add_child(instance=model(title=titel, slug=slug, intro=intro + _voorbeeld())), 1


def _nieuws(ouder, demo: DemoNieuws, vandaag, **tekst) -> int:
    if NieuwsPage.objects.child_of(ouder).filter(slug=demo.slug).exists():
        return 0
    ouder.add_child(
        instance=NieuwsPage(
            title=demo.titel.format(**tekst),
            slug=demo.slug,
            datum=vandaag - timedelta(days=demo.dagen_geleden),
            samenvatting=demo.samenvatting.format(**tekst),
            inhoud=_inhoud(demo.tekst.format(**tekst)),
        )
    )
    return 1


def _activiteit(ouder, demo: DemoActiviteit, dag, **tekst) -> int:
    if AgendaPage.objects.child_of(ouder).filter(slug=demo.slug).exists():
        return 0
    if demo.weekdag is not None:
        dag += timedelta(days=(demo.weekdag - dag.weekday()) % 7)
    begin = timezone.make_aware(datetime.combine(dag, demo.begintijd))
    ouder.add_child(
        instance=AgendaPage(
            title=demo.titel.format(**tekst),
            slug=demo.slug,
            begin=begin,
            einde=begin + timedelta(hours=demo.uren),
            plaats=demo.plaats.format(**tekst),
            organisator_naam=demo.organisator.format(**tekst),
            toegankelijkheid=demo.toegankelijkheid,
            toegankelijkheid_toelichting=demo.toelichting,
            samenvatting=demo.samenvatting.format(**tekst),
            inhoud=_inhoud(demo.tekst.format(**tekst)),
        )
    )
    return 1


@transaction.atomic
def laad_berichten(home: HomePage) -> int:
    """Creates what is missing; returns the number of pages created (0 on a second run)."""
    vandaag = timezone.localdate()
    nieuws_index, gemaakt = _lijstpagina(
        home,
        NieuwsIndexPage,
        "nieuws",
        "Nieuws",
        "<p>Nieuws uit de wijken van Delft. Kies een wijk om alleen het nieuws daarvan te "
        "zien.</p>",
    )
    _, erbij = _lijstpagina(
        home,
        AgendaIndexPage,
        "agenda",
        "Agenda",
        "<p>Wat er de komende tijd in de wijken te doen is.</p>",
    )
    gemaakt += erbij
    for demo in STAD_NIEUWS:
        gemaakt += _nieuws(nieuws_index, demo, vandaag)

    wijkpaginas = WijkPage.objects.child_of(home).select_related("wijk").order_by("wijk__volgorde")
    for i, wijkpagina in enumerate(wijkpaginas):
        naam = wijkpagina.wijk.naam
        for j in range(2):
            nieuws = WIJK_NIEUWS[(i + j) % len(WIJK_NIEUWS)]
            gemaakt += _nieuws(wijkpagina, nieuws, vandaag - timedelta(days=i), wijk=naam)
            activiteit = WIJK_ACTIVITEITEN[(i + j) % len(WIJK_ACTIVITEITEN)]
            dag = vandaag + timedelta(days=7 + 7 * j + i)
            gemaakt += _activiteit(wijkpagina, activiteit, dag, wijk=naam)
    return gemaakt
