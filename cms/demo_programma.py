"""Demo district programmes (wijkprogramma's) and reports (wijkverslagen) for `make run`.

Written from the policy note's themes: in Buitenhof the joint approach of the four focus
neighbourhoods (a concentration of socio-economic problems, a high turnover of residents,
children and young people at risk, too few active residents), in Voorhof the restructuring of
the Poptahof, in Vrijenban the Bomenwijk, and everywhere the recurring themes traffic safety,
play space, meeting places and self-management.

Everything here is example content: every page's introduction starts with ``VOORBEELD``, the
partners are generic organisations named "(voorbeeld)" rather than real organisations with
commitments they never made, and amounts, results and figures say they are examples.
Idempotent: a district that already has the programme or the report keeps it.

``laad_programmas(home)`` is called from ``cms.demo.laad_demo``.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from .models import (
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

EERSTE_JAAR = 2026

# Generic partners, one per kind the note names; never a real organisation's name.
PARTNERS = {
    "corporatie_a": ("Woningcorporatie A (voorbeeld)", PartnerSoort.WONINGCORPORATIE),
    "corporatie_b": ("Woningcorporatie B (voorbeeld)", PartnerSoort.WONINGCORPORATIE),
    "welzijn": ("Welzijnswerk (voorbeeld)", PartnerSoort.WELZIJN),
    "politie": ("Politie, wijkagent (voorbeeld)", PartnerSoort.POLITIE),
    "school": ("Basisschool in de wijk (voorbeeld)", PartnerSoort.ONDERWIJS),
}


@dataclass(frozen=True)
class Activiteit:
    jaar: int  # 0: the programme's first year, 1: the second
    titel: str
    omschrijving: str
    trekker: str  # a key of PARTNERS
    partners: tuple[str, ...]
    bedrag: str  # example share of the district budget, in euros


@dataclass(frozen=True)
class Thema:
    titel: str
    analyse: str
    activiteiten: tuple[Activiteit, ...] = field(default_factory=tuple)


VERKEERSVEILIGHEID = Thema(
    "Verkeersveiligheid",
    "Bewoners noemen te hard rijden en onoverzichtelijke oversteekplaatsen bij scholen als "
    "grootste zorg in de straat. Ouders laten kinderen daardoor minder vaak alleen lopen of "
    "fietsen.",
    (
        Activiteit(
            0,
            "Schoolomgeving veiliger maken",
            "Met ouders, leerlingen en de wijkagent de looproutes naar school nalopen en "
            "knelpunten aanpakken.",
            "school",
            ("politie",),
            "4500.00",
        ),
        Activiteit(
            1,
            "Snelheidsacties met buurtbewoners",
            "Bewoners meten samen met de wijkagent de snelheid in hun straat en bespreken de "
            "uitkomsten met de buurt.",
            "politie",
            ("welzijn",),
            "2500.00",
        ),
    ),
)

SPEELRUIMTE = Thema(
    "Speelruimte",
    "Kinderen en ouders vinden dat er te weinig uitdagende plekken zijn om buiten te spelen, "
    "vooral voor kinderen vanaf tien jaar. Een deel van de speelplekken is verouderd.",
    (
        Activiteit(
            0,
            "Speelplekken schouwen met kinderen",
            "Kinderen van de basisschool beoordelen de speelplekken in de wijk en zeggen wat er "
            "beter kan.",
            "welzijn",
            ("school",),
            "3000.00",
        ),
        Activiteit(
            1,
            "Speelplek opknappen met de wensen uit de schouw",
            "De wensen uit de schouw zijn het uitgangspunt voor het opknappen van één speelplek.",
            "corporatie_a",
            ("welzijn", "school"),
            "12000.00",
        ),
    ),
)

ONTMOETINGSPLEKKEN = Thema(
    "Ontmoetingsplekken",
    "Bewoners missen plekken waar zij elkaar zonder afspraak tegenkomen. De buurtkamer is "
    "maar een paar dagdelen per week open.",
    (
        Activiteit(
            0,
            "Buurtkamer vaker open met vrijwilligers",
            "Vrijwilligers uit de buurt houden de buurtkamer extra dagdelen open, met steun van "
            "de welzijnsorganisatie.",
            "welzijn",
            ("corporatie_a",),
            "6000.00",
        ),
        Activiteit(
            1,
            "Ontmoetingsplek in de buitenruimte",
            "Bankjes en groen op een plein dat bewoners zelf kiezen.",
            "corporatie_b",
            ("welzijn",),
            "8000.00",
        ),
    ),
)

ZELFBEHEER = Thema(
    "Zelfbeheer",
    "Er zijn bewoners die een stuk groen of een plantenbak willen onderhouden, maar zij "
    "weten niet goed hoe zij dat regelen en wie hen helpt.",
    (
        Activiteit(
            0,
            "Bewoners helpen met zelfbeheer van groen",
            "Een vast aanspreekpunt helpt bewoners met afspraken, gereedschap en planten.",
            "welzijn",
            ("corporatie_a",),
            "3500.00",
        ),
        Activiteit(
            1,
            "Zelfbeheerafspraken evalueren",
            "Met de bewoners die zelf beheren terugkijken: wat werkt, wat is er nodig.",
            "welzijn",
            ("corporatie_b",),
            "1500.00",
        ),
    ),
)

# Buitenhof: the joint approach of the four focus neighbourhoods, one theme per problem the
# note names.
BUITENHOF = (
    Thema(
        "Stapeling van sociaal-economische problemen",
        "In Gillisbuurt, Het Rode Dorp, Reinier de Graafbuurt en Buitenhof-Noord komen "
        "werkloosheid, schulden, gezondheidsproblemen en taalachterstand vaker samen voor dan "
        "elders in Delft. De vier aandachtsbuurten krijgen daarom één gezamenlijke aanpak.",
        (
            Activiteit(
                0,
                "Samen achter de voordeur in de vier aandachtsbuurten",
                "Welzijnswerk, woningcorporaties en wijkagent bezoeken samen huishoudens die "
                "hulp nodig hebben en spreken af wie wat doet.",
                "welzijn",
                ("corporatie_a", "corporatie_b", "politie"),
                "15000.00",
            ),
            Activiteit(
                1,
                "Spreekuur geld en werk in de buurt",
                "Een wekelijks spreekuur in de buurt voor vragen over geld, schulden en werk.",
                "welzijn",
                ("corporatie_a",),
                "9000.00",
            ),
        ),
    ),
    Thema(
        "Hoog verloop van bewoners",
        "Veel bewoners wonen er kort en vertrekken weer. Dat maakt het moeilijk om elkaar te "
        "leren kennen en samen iets voor de buurt te doen.",
        (
            Activiteit(
                0,
                "Welkomstbezoek voor nieuwe bewoners",
                "Nieuwe huurders krijgen een bezoek met informatie over de buurt en over wie "
                "hen kan helpen.",
                "corporatie_a",
                ("welzijn",),
                "5000.00",
            ),
            Activiteit(
                1,
                "Buurtgids door en voor bewoners",
                "Bewoners maken een buurtgids met plekken, activiteiten en contactpersonen.",
                "corporatie_b",
                ("welzijn",),
                "3000.00",
            ),
        ),
    ),
    Thema(
        "Kinderen en jongeren in de knel",
        "Opvallend veel kinderen en jongeren groeien op in een gezin met weinig geld, en "
        "jongeren hebben weinig te doen in de buurt.",
        (
            Activiteit(
                0,
                "Naschoolse activiteiten in de brede school",
                "Sport, huiswerkbegeleiding en creatieve activiteiten na schooltijd.",
                "school",
                ("welzijn",),
                "10000.00",
            ),
            Activiteit(
                1,
                "Jongerenwerk en wijkagent samen op straat",
                "Vaste avonden waarop jongerenwerk en wijkagent jongeren opzoeken en "
                "activiteiten met hen opzetten.",
                "welzijn",
                ("politie",),
                "7500.00",
            ),
        ),
    ),
    Thema(
        "Te weinig actieve bewoners",
        "Een kleine groep bewoners draagt veel activiteiten. Zij willen graag meer buren die "
        "meedoen en mee beslissen.",
        (
            Activiteit(
                0,
                "Buurtambassadeurs werven en ondersteunen",
                "Bewoners die hun buren kennen, worden buurtambassadeur en krijgen training "
                "en een klein budget.",
                "welzijn",
                (),
                "4000.00",
            ),
            Activiteit(
                1,
                "Bewoners kiezen mee over het wijkbudget",
                "Bewoners stemmen over voorstellen uit de buurt voor een deel van het wijkbudget.",
                "welzijn",
                ("corporatie_a", "corporatie_b"),
                "2000.00",
            ),
        ),
    ),
    SPEELRUIMTE,
)

VOORHOF = (
    Thema(
        "Herstructurering Poptahof",
        "De Poptahof wordt vernieuwd: woningen worden gesloopt, gerenoveerd en nieuw gebouwd. "
        "Bewoners willen weten wat er gebeurt en meepraten over hun nieuwe buurt, en zij "
        "willen dat de buurt tijdens de bouw leefbaar blijft.",
        (
            Activiteit(
                0,
                "Bewoners praten mee over de nieuwe Poptahof",
                "Bijeenkomsten en huisbezoeken over de plannen voor woningen en openbare ruimte.",
                "corporatie_a",
                ("welzijn",),
                "7000.00",
            ),
            Activiteit(
                1,
                "Tijdelijke ontmoetingsplek tijdens de bouw",
                "Een tijdelijke buurtkamer op het bouwterrein, zolang de bouw duurt.",
                "welzijn",
                ("corporatie_a",),
                "9500.00",
            ),
        ),
    ),
    VERKEERSVEILIGHEID,
    ONTMOETINGSPLEKKEN,
)

VRIJENBAN = (
    Thema(
        "Aanpak Bomenwijk",
        "In de Bomenwijk komen problemen met wonen en samenleven vaker voor dan in de rest van "
        "Vrijenban. Bewoners en partners willen de buurt samen leefbaarder maken.",
        (
            Activiteit(
                0,
                "Buurtgesprekken in de Bomenwijk",
                "Gesprekken met bewoners over wat zij in hun buurt willen verbeteren.",
                "welzijn",
                ("corporatie_b", "politie"),
                "3500.00",
            ),
            Activiteit(
                1,
                "Binnenterreinen opknappen in de Bomenwijk",
                "Samen met bewoners de binnenterreinen schoner, veiliger en groener maken.",
                "corporatie_b",
                ("welzijn",),
                "11000.00",
            ),
        ),
    ),
    SPEELRUIMTE,
    ZELFBEHEER,
)

TERUGKEREND = (VERKEERSVEILIGHEID, SPEELRUIMTE, ONTMOETINGSPLEKKEN, ZELFBEHEER)

THEMAS_PER_WIJK = {"buitenhof": BUITENHOF, "voorhof": VOORHOF, "vrijenban": VRIJENBAN}

ANALYSE_PER_WIJK = {
    "buitenhof": (
        "Vier buurten in Buitenhof zijn aandachtsbuurt: Gillisbuurt, Het Rode Dorp, Reinier "
        "de Graafbuurt en Buitenhof-Noord. Daar stapelen sociaal-economische problemen zich "
        "op, verhuizen veel bewoners, groeien veel kinderen op in een kwetsbare situatie en "
        "zijn weinig bewoners actief in de buurt. Partners kiezen daarom voor één gezamenlijke "
        "aanpak van de vier buurten."
    ),
    "voorhof": (
        "De vernieuwing van de Poptahof bepaalt de komende jaren het beeld van Voorhof. "
        "Bewoners willen meepraten over hun nieuwe buurt en willen dat die tijdens de bouw "
        "veilig en leefbaar blijft."
    ),
    "vrijenban": (
        "Vrijenban is over het algemeen een rustige wijk, maar in de Bomenwijk vragen wonen en "
        "samenleven om extra aandacht."
    ),
}

_CIJFER = "Voorbeeldcijfer, geen telling van de gemeente."

# The report's example outcome per status; the first year's activities alternate between done
# and running (in the programme and in its report alike), the second year's are planned.
UITKOMSTEN = {
    ActiviteitStatus.AFGEROND: "Voorbeeld: uitgevoerd zoals gepland; de partners evalueren.",
    ActiviteitStatus.LOPEND: "Voorbeeld: gestart in het najaar en loopt door in het nieuwe jaar.",
}
STATUS_EERSTE_JAAR = (ActiviteitStatus.AFGEROND, ActiviteitStatus.LOPEND)


def _partners() -> dict[str, Partner]:
    partners = {}
    for sleutel, (naam, soort) in PARTNERS.items():
        partners[sleutel], _ = Partner.objects.get_or_create(naam=naam, defaults={"soort": soort})
    return partners


def _programma(wijkpagina: WijkPage, partners: dict[str, Partner], voorbeeld: str):
    naam = wijkpagina.wijk.naam
    themas = THEMAS_PER_WIJK.get(wijkpagina.wijk.slug, TERUGKEREND)
    analyse = ANALYSE_PER_WIJK.get(
        wijkpagina.wijk.slug,
        f"Bewoners en professionals in {naam} noemen steeds dezelfde onderwerpen: veilig "
        "verkeer, plekken om te spelen en elkaar te ontmoeten, en bewoners die zelf een stuk "
        "van hun buurt willen beheren.",
    )
    activiteiten = []
    eerste_jaar = 0
    for thema in themas:
        for activiteit in thema.activiteiten:
            if activiteit.jaar == 0:
                status = STATUS_EERSTE_JAAR[eerste_jaar % len(STATUS_EERSTE_JAAR)]
                eerste_jaar += 1
            else:
                status = ActiviteitStatus.GEPLAND
            activiteiten.append(
                ProgrammaActiviteit(
                    jaar=EERSTE_JAAR + activiteit.jaar,
                    titel=activiteit.titel,
                    thema=thema.titel,
                    omschrijving=activiteit.omschrijving,
                    trekker=partners[activiteit.trekker],
                    partners=[partners[p] for p in activiteit.partners],
                    budget_aandeel=Decimal(activiteit.bedrag),
                    status=status,
                )
            )
    # Every partner with a part in the programme co-signs it as the district contract.
    betrokken = {
        sleutel
        for thema in themas
        for activiteit in thema.activiteiten
        for sleutel in (activiteit.trekker, *activiteit.partners)
    }
    programma = WijkprogrammaPage(
        title=f"Wijkprogramma {naam} {EERSTE_JAAR}–{EERSTE_JAAR + 1}",
        slug=f"wijkprogramma-{EERSTE_JAAR}-{EERSTE_JAAR + 1}",
        eerste_jaar=EERSTE_JAAR,
        intro=voorbeeld
        + f"<p>Wat bewoners en partners in {naam} de komende twee jaar samen doen, en waarom. "
        "Alle bedragen zijn voorbeeldbedragen, geen besluit van de gemeenteraad.</p>",
        analyse=f"<p>Voorbeeld: {analyse}</p>",
        themas=[AgendaThema(titel=t.titel, analyse=t.analyse) for t in themas],
        activiteiten=activiteiten,
        ondertekenaars=[partner for sleutel, partner in partners.items() if sleutel in betrokken],
        ondertekend_op=date(EERSTE_JAAR, 1, 20),
    )
    wijkpagina.add_child(instance=programma)
    programma.save_revision().publish()
    return programma


def _verslag(wijkpagina: WijkPage, programma: WijkprogrammaPage, voorbeeld: str):
    naam = wijkpagina.wijk.naam
    activiteiten = ProgrammaActiviteit.objects.filter(pagina=programma, jaar=EERSTE_JAAR).order_by(
        "sort_order"
    )
    resultaten = []
    for activiteit in activiteiten:
        resultaten.append(
            VerslagResultaat(
                activiteit=activiteit,
                status=activiteit.status,
                resultaat=UITKOMSTEN[activiteit.status],
            )
        )
    verslag = WijkverslagPage(
        title=f"Wijkverslag {naam} {EERSTE_JAAR}",
        slug=f"wijkverslag-{EERSTE_JAAR}",
        jaar=EERSTE_JAAR,
        programma=programma,
        intro=voorbeeld
        + f"<p>Wat er in {EERSTE_JAAR} in {naam} is gedaan van het wijkprogramma.</p>",
        behaald=(
            "<p>Voorbeeld: de partners hebben de activiteiten van het eerste jaar opgezet; "
            "de helft is afgerond, de andere helft loopt door.</p>"
        ),
        cijfers=[
            ("cijfer", {"waarde": "86", "label": "Bewoners die meededen", "toelichting": _CIJFER}),
            (
                "cijfer",
                {"waarde": "12", "label": "Bijeenkomsten met bewoners", "toelichting": _CIJFER},
            ),
            ("cijfer", {"waarde": "5", "label": "Betrokken partners", "toelichting": _CIJFER}),
        ],
        resultaten=resultaten,
    )
    wijkpagina.add_child(instance=verslag)
    verslag.save_revision().publish()
    return verslag


@transaction.atomic
def laad_programmas(home) -> int:
    """A programme for the first two years and a report on the first year under every district
    page of ``home``; returns the number of pages created (0 when all exist)."""
    # cms.demo imports this module for laad_demo; import its label here, not at module level.
    from .demo import VOORBEELD

    partners = _partners()
    gemaakt = 0
    for wijkpagina in WijkPage.objects.child_of(home).select_related("wijk").order_by("path"):
        programma = (
            WijkprogrammaPage.objects.child_of(wijkpagina).filter(eerste_jaar=EERSTE_JAAR).first()
        )
        if programma is None:
            programma = _programma(wijkpagina, partners, VOORBEELD)
            gemaakt += 1
        if not WijkverslagPage.objects.child_of(wijkpagina).filter(jaar=EERSTE_JAAR).exists():
            _verslag(wijkpagina, programma, VOORBEELD)
            gemaakt += 1
    return gemaakt
