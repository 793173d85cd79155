"""Demo content and demo accounts for `make run` (and for tests of the whole site).

Everything written here that is not CBS data is labelled as example content ("Voorbeeld"),
so nobody mistakes it for the municipality's word. Idempotent: pages and accounts that exist are
left as they are.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from wagtail.models import Page, Site

from participatie.constants import BedragSoort, Planning, Soort, Status
from participatie.raadplegingen.demo import laad_raadplegingen
from participatie.signalen.demo import laad_signalen, laad_voorbeeldsignalen
from portal.accounts.models import User
from portal.accounts.roles import BEHEERDER, EINDREDACTEUR, REDACTEUR, WIJKCOORDINATOR
from portal.gebieden.laden import laad_gebieden
from portal.gebieden.models import Wijk
from speelkaart.demo import laad_speelplekken

from .demo_barometer import laad_barometer
from .demo_berichten import laad_berichten
from .demo_formulieren import voorbeeldformulier
from .demo_programma import laad_programmas
from .models import ContentPage, HomePage, RegelingPage, SiteLinks, WijkPage
from .redactie import zorg_voor_alle_wijkredacties

VOORBEELD = (
    "<p><strong>Voorbeeldtekst</strong> — deze tekst is demo-inhoud, "
    "geen informatie van de gemeente Delft.</p>"
)

DEMO_WACHTWOORD = "Wijkportaal-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    rol: str | None
    wijken: tuple[str, ...] = ()
    naam: str = ""


DEMO_ACCOUNTS = (
    DemoAccount("bewoner@example.org", None, naam="Bewoner (demo)"),
    DemoAccount("bewoner2@example.org", None, naam="Tweede bewoner (demo)"),
    DemoAccount(
        "coordinator.tanthof@example.org",
        WIJKCOORDINATOR,
        ("tanthof",),
        "Coördinator Tanthof (demo)",
    ),
    DemoAccount(
        "coordinator.buitenhof@example.org",
        WIJKCOORDINATOR,
        ("buitenhof",),
        "Coördinator Buitenhof (demo)",
    ),
    DemoAccount("redacteur@example.org", REDACTEUR, naam="Redacteur (demo)"),
    # A district editor: edits the Tanthof pages only (cms/redactie.py).
    DemoAccount(
        "redacteur.tanthof@example.org", f"{REDACTEUR} Tanthof", naam="Wijkredacteur (demo)"
    ),
    DemoAccount("eindredacteur@example.org", EINDREDACTEUR, naam="Eindredacteur (demo)"),
    DemoAccount("beheerder@example.org", BEHEERDER, naam="Beheerder (demo)"),
)


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's migration creates a "Welcome to Wagtail" page at slug "home"; ours replaces it.
    for welkom in root.get_children().filter(slug="home"):
        if not isinstance(welkom.specific, HomePage):
            welkom.delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(
            title="Wijkportaal Delft",
            slug="home",
            seo_title="Wijkportaal Delft — samenwerken in de wijken",
            intro=(
                "<p>Doe mee in uw wijk: vraag ondersteuning aan voor uw eigen initiatief, "
                "volg uw aanvragen en lees wat er in uw wijk gebeurt.</p>" + VOORBEELD
            ),
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Wijkportaal Delft",
        )
    else:
        site.root_page = home
        site.site_name = "Wijkportaal Delft"
        site.save()
    return home


def _wijk_paginas(home: HomePage) -> int:
    aangemaakt = 0
    for wijk in Wijk.objects.all():
        if WijkPage.objects.filter(wijk=wijk).exists():
            continue
        home.add_child(
            instance=WijkPage(
                title=wijk.naam,
                slug=wijk.slug,
                wijk=wijk,
                intro=f"<p>Wat er speelt in {wijk.naam}, en hoe u meedoet.</p>" + VOORBEELD,
            )
        )
        aangemaakt += 1
    return aangemaakt


def _content_pagina(home: HomePage, slug: str, title: str, intro: str, body: str) -> ContentPage:
    bestaand = ContentPage.objects.child_of(home).filter(slug=slug).first()
    if bestaand:
        return bestaand
    return home.add_child(
        instance=ContentPage(title=title, slug=slug, intro=intro, body=body + VOORBEELD)
    )


def _footer_paginas(home: HomePage) -> None:
    toegankelijkheid = _content_pagina(
        home,
        "toegankelijkheid",
        "Toegankelijkheidsverklaring",
        "Het Wijkportaal wil voor iedereen bruikbaar zijn.",
        "<p>Het portaal is gebouwd volgens WCAG 2.2 niveau AA. Elke kaart heeft een lijst met "
        "dezelfde informatie. Loopt u ergens tegenaan? Bel 14 015.</p>",
    )
    privacy = _content_pagina(
        home,
        "privacy",
        "Privacyverklaring",
        "Hoe het Wijkportaal met uw gegevens omgaat.",
        "<p>Voor een account bewaren wij alleen uw e-mailadres. Gegevens van aanvragen "
        "worden bewaard zolang dat nodig is voor de afhandeling en de verantwoording.</p>"
        "<p>Kiest u bij een aanvraag een plek op de kaart, dan zoeken wij de straat en het "
        "huisnummer die u invult op bij de Locatieserver van PDOK (Kadaster), om te zien of "
        "de plek en het adres bij elkaar passen. Uw naam gaat daarbij niet mee.</p>",
    )
    site = Site.objects.get(root_page=home)
    links = SiteLinks.for_site(site)
    links.toegankelijkheidsverklaring = links.toegankelijkheidsverklaring or toegankelijkheid
    links.privacyverklaring = links.privacyverklaring or privacy
    links.save()


# Four schemes with example settings (is_voorbeeld): plausible values for a demo, not Delft's
# actual rules; an administrator sets the real ones in the admin.
DEMO_REGELINGEN = [
    {
        "soort": Soort.STRAATFEESTCHEQUE,
        "titel": "Straatfeestcheque",
        "samenvatting": "Een bijdrage voor een straat- of buurtfeest.",
        "bedrag_soort": BedragSoort.MAXIMUM,
        "bedrag": Decimal("150.00"),
        "min_dagen_vooraf": 21,
        "max_per_straat_per_jaar": 1,
        "min_huishoudens": 5,
    },
    {
        "soort": Soort.FLEUR_OP,
        "titel": "Fleur Op",
        "samenvatting": "Samen met de buren de straat opruimen en opfleuren.",
        "bedrag_soort": BedragSoort.MAXIMUM,
        "bedrag": Decimal("300.00"),
        "min_dagen_vooraf": 14,
        "min_huishoudens": 3,
        "foto_verplicht": True,
    },
    {
        "soort": Soort.SPEELSTRAAT,
        "titel": "Speelstraat",
        "samenvatting": "De straat op vaste tijden afsluiten zodat kinderen er kunnen spelen.",
        "bedrag_soort": BedragSoort.VAST,
        "bedrag": Decimal("0.00"),
        "uit_wijkbudget": False,
        "min_dagen_vooraf": 42,
        "max_per_straat_per_jaar": 1,
        "min_huishoudens": 3,
        "min_instemming_pct": 70,
        "instemming_verplicht": True,
        "planning": Planning.PERIODE,
    },
    {
        "soort": Soort.ZELFBEHEER,
        "titel": "Zelfbeheer",
        "samenvatting": (
            "Zelf een stukje openbare ruimte onderhouden, zoals een plantenbak of groenstrook."
        ),
        "bedrag_soort": BedragSoort.MAXIMUM,
        "bedrag": Decimal("500.00"),
        "planning": Planning.GEEN,
        "min_huishoudens": 2,
        "foto_verplicht": True,
        "overeenkomst_verplicht": True,
    },
]


def _regelingen(home: HomePage) -> int:
    from participatie.models import Regeling

    nieuw = 0
    for instellingen in DEMO_REGELINGEN:
        regeling = Regeling.objects.filter(soort=instellingen["soort"], is_voorbeeld=True).first()
        if regeling is None:
            regeling = Regeling(is_voorbeeld=True, **instellingen)
            nieuw += 1
        # A required consent list or agreement comes with a form to download (example forms).
        if regeling.instemming_verplicht and not regeling.sjabloon_instemming_id:
            regeling.sjabloon_instemming = voorbeeldformulier("instemming")
        if regeling.overeenkomst_verplicht and not regeling.sjabloon_overeenkomst_id:
            regeling.sjabloon_overeenkomst = voorbeeldformulier("overeenkomst")
        regeling.full_clean(exclude=["wijken"])
        regeling.save()
        if not RegelingPage.objects.filter(regeling=regeling).exists():
            home.add_child(
                instance=RegelingPage(
                    title=regeling.titel,
                    slug=regeling.soort.replace("_", "-"),
                    regeling=regeling,
                    intro=f"<p>{regeling.samenvatting}</p>" + VOORBEELD,
                )
            )
    return nieuw


# District budgets 2009-2012 as the policy note's table gives them (real historical figures,
# euros): budget holder, districts (slugs), amounts per year. A line may cover several
# districts; Harnaschpolder is no policy district in the CBS geography.
WIJKBUDGETTEN_NOTA = [
    ("Binnenstad", ["binnenstad"], {2009: 88181, 2010: 88181, 2011: 88181, 2012: 88181}),
    ("Vrijenban", ["vrijenban"], {2009: 94182, 2010: 94254, 2011: 94254, 2012: 94254}),
    (
        "Hof van Delft/Voordijkshoorn",
        ["hof-van-delft", "voordijkshoorn"],
        {2009: 138963, 2010: 138963, 2011: 138963, 2012: 138963},
    ),
    ("Tanthof", ["tanthof"], {2009: 98801, 2010: 98801, 2011: 98801, 2012: 98801}),
    ("Voorhof", ["voorhof"], {2009: 147813, 2010: 147813, 2011: 112813, 2012: 112813}),
    ("Buitenhof", ["buitenhof"], {2009: 164705, 2010: 164705, 2011: 129705, 2012: 129705}),
    ("Wippolder", ["wippolder"], {2009: 85530, 2010: 85530, 2011: 85530, 2012: 85530}),
    ("Harnaschpolder", [], {2009: 15000, 2010: 15000, 2011: 15000, 2012: 15000}),
]


def _wijkbudgetten() -> int:
    """The note's budgets as history, and an example budget for this year (labelled as such:
    the 2012 amounts, not a decision of the council)."""
    from django.utils import timezone

    from participatie.models import Wijkbudget

    dit_jaar = timezone.localdate().year
    nieuw = 0
    for naam, slugs, bedragen in WIJKBUDGETTEN_NOTA:
        wijken = list(Wijk.objects.filter(slug__in=slugs))
        jaren = {**{jaar: (bedrag, False) for jaar, bedrag in bedragen.items()}}
        jaren[dit_jaar] = (bedragen[2012], True)
        for jaar, (bedrag, voorbeeld) in jaren.items():
            budget, gemaakt = Wijkbudget.objects.get_or_create(
                naam=naam, jaar=jaar, defaults={"bedrag": bedrag, "is_voorbeeld": voorbeeld}
            )
            if gemaakt:
                budget.wijken.set(wijken)
                nieuw += 1
    return nieuw


def _wijkcontacten() -> None:
    """Example contacts on the district pages (no real people: labelled, example.org)."""
    for wijk in Wijk.objects.filter(coordinator_naam=""):
        wijk.coordinator_naam = f"Wijkcoördinator {wijk.naam} (voorbeeld)"
        wijk.coordinator_email = f"wijkcoordinator.{wijk.slug}@example.org"
        wijk.coordinator_telefoon = "14 015"
        wijk.save(update_fields=["coordinator_naam", "coordinator_email", "coordinator_telefoon"])


def _demo_accounts() -> list[DemoAccount]:
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(account.email, DEMO_WACHTWOORD)
            voornaam, _, achternaam = account.naam.partition(" ")
            user.first_name, user.last_name = voornaam, achternaam
            user.is_staff = account.rol is not None
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.rol:
            user.groups.add(Group.objects.get(name=account.rol))
        for slug in account.wijken:
            Wijk.objects.get(slug=slug).coordinatoren.add(user)
    return list(DEMO_ACCOUNTS)


# Example applications for `make run`, so a coordinator who logs in sees a queue: in Tanthof and
# Buitenhof, by the second demo resident, in several statuses. Titles say they are examples.
VOORBEELD_AANVRAGEN = [
    ("tanthof", "Voorbeeld: straatfeest Kruidentuin", None),
    ("tanthof", "Voorbeeld: buurtbarbecue Tanthofkade", Status.IN_BEHANDELING),
    ("tanthof", "Voorbeeld: kinderfeest Lavendelstraat", Status.GOEDGEKEURD),
    ("buitenhof", "Voorbeeld: burendag Buitenhof-Noord", None),
    ("buitenhof", "Voorbeeld: zomerfeest Aart van der Leeuwlaan", Status.IN_BEHANDELING),
]


def _voorbeeld_aanvragen() -> int:
    """Submitted through the model API (Aanvraag.indienen-equivalent transitions and
    participatie.besluiten), so the queue, ledger and history are consistent. Idempotent."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from shapely.geometry import shape

    from participatie import besluiten
    from participatie.constants import Rol
    from participatie.models import Aanvraag, Regeling

    if Aanvraag.objects.filter(titel__startswith="Voorbeeld:").exists():
        return 0
    aanvrager = User.objects.get(email="bewoner2@example.org")
    regeling = Regeling.objects.get(soort=Soort.STRAATFEESTCHEQUE, is_voorbeeld=True)
    gemaakt = 0
    for slug, titel, status in VOORBEELD_AANVRAGEN:
        wijk = Wijk.objects.get(slug=slug)
        buurt = wijk.buurten.order_by("naam").first()
        punt = shape(buurt.grens).representative_point()
        straat = titel.rsplit(" ", 1)[-1]
        aanvraag = Aanvraag.objects.create(
            aanvrager=aanvrager,
            regeling=regeling,
            titel=titel,
            omschrijving="Voorbeeldinhoud: een activiteit voor de hele straat.",
            straat=straat,
            huisnummer="1",
            locatie_lat=round(punt.y, 6),
            locatie_lon=round(punt.x, 6),
            buurt=buurt,
            wijk=wijk,
            activiteit_datum=timezone.localdate() + timedelta(days=45),
            gevraagd_bedrag=Decimal("120.00"),
            naam_aanvrager="Tweede bewoner (demo)",
            adres_aanvrager=f"{straat} 1, Delft",
            iban="NL91ABNA0417164300",
            privacy_akkoord=True,
            stappen_voltooid=4,
        )
        aanvraag.wijzig_status(Status.INGEDIEND, door=aanvrager, rol=Rol.AANVRAGER)
        coordinator = wijk.coordinatoren.first()
        if status and coordinator:
            besluiten.in_behandeling_nemen(aanvraag, door=coordinator)
            if status == Status.GOEDGEKEURD:
                besluiten.goedkeuren(
                    aanvraag, door=coordinator, motivatie="Voorbeeld: past binnen de regeling."
                )
        gemaakt += 1
    return gemaakt


@transaction.atomic
def laad_demo(voorbeeld_aanvragen: bool = False) -> dict:
    verslag = laad_gebieden()
    home = _home_page()
    nieuwe_wijkpaginas = _wijk_paginas(home)
    _footer_paginas(home)
    zorg_voor_alle_wijkredacties()
    _wijkcontacten()
    _regelingen(home)
    laad_berichten(home)
    laad_programmas(home)
    laad_barometer(home)
    laad_speelplekken()
    _wijkbudgetten()
    accounts = _demo_accounts()
    if voorbeeld_aanvragen:  # `make run` and the bench only: tests build their own
        _voorbeeld_aanvragen()
        # Wmo topics and consultations in every state (one closed, with example responses and
        # a published follow-up), the list of signal categories and a few example signals.
        laad_raadplegingen()
        laad_signalen()
        laad_voorbeeldsignalen()
    return {"gebieden": verslag, "wijkpaginas": nieuwe_wijkpaginas, "accounts": accounts}
