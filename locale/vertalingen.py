"""Fill locale/nl/LC_MESSAGES/django.po from the table below (run after makemessages).

Usage: .venv/bin/python locale/vertalingen.py  — reports msgids that still lack a translation.
The .po file is the source of truth that ships; this table is only a convenient way to edit it.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).parent / "nl" / "LC_MESSAGES" / "django.po"

NL = {
    "Site content": "Website-inhoud",
    "introduction": "inleiding",
    "home page": "startpagina",
    "district": "wijk",
    "body": "tekst",
    "district page": "wijkpagina",
    "content page": "inhoudspagina",
    "accessibility statement": "toegankelijkheidsverklaring",
    "privacy statement": "privacyverklaring",
    "footer links": "links in de voettekst",
    "Participation": "Participatie",
    "Accounts": "Accounts",
    "Set up two-factor authentication with an authenticator app to use the admin.": "Stel eerst tweestapsverificatie in met een authenticator-app om de beheeromgeving te gebruiken.",
    "e-mail address": "e-mailadres",
    "user": "gebruiker",
    "users": "gebruikers",
    "Districts and neighbourhoods": "Wijken en buurten",
    "This location is outside the municipality of Delft. Choose a place in Delft.": "Deze locatie ligt buiten de gemeente Delft. Kies een plek in Delft.",
    "key figures year": "jaar kerncijfers",
    "inhabitants": "inwoners",
    "men": "mannen",
    "women": "vrouwen",
    "households": "huishoudens",
    "average household size": "gemiddelde huishoudensgrootte",
    "inhabitants per km² land": "inwoners per km² land",
    "passenger cars": "personenauto's",
    "dwellings": "woningen",
    "total area (ha)": "totale oppervlakte (ha)",
    "land area (ha)": "oppervlakte land (ha)",
    "water area (ha)": "oppervlakte water (ha)",
    "CBS code": "CBS-code",
    "name": "naam",
    "municipality": "gemeente",
    "municipalities": "gemeenten",
    "slug": "slug",
    "order": "volgorde",
    "boundary (GeoJSON geometry, WGS84)": "grens (GeoJSON-geometrie, WGS84)",
    "district coordinators": "wijkcoördinatoren",
    "community worker: name": "opbouwwerker: naam",
    "community worker: e-mail": "opbouwwerker: e-mail",
    "community worker: telephone": "opbouwwerker: telefoon",
    "districts": "wijken",
    "CBS name": "CBS-naam",
    "why it belongs to this district": "waarom deze bij de wijk hoort",
    "CBS district": "CBS-wijk",
    "CBS districts": "CBS-wijken",
    "source id": "bron-id",
    "The CBS code, or a stable id for a neighbourhood CBS has not coded.": "De CBS-code, of een vaste id voor een buurt zonder CBS-code.",
    "focus neighbourhood": "aandachtsbuurt",
    "priority neighbourhood": "aandachtsbuurt",
    "focus area of the policy": "aandachtsgebied uit het beleid",
    "The focus area named in the policy that this neighbourhood matches.": "Het aandachtsgebied uit het beleid waarmee deze buurt overeenkomt.",
    "neighbourhood": "buurt",
    "neighbourhoods": "buurten",
    "E-mail": "E-mail",
    "Background tasks": "Achtergrondtaken",
    "Play-space map": "Speelkaart",
    "No access": "Geen toegang",
    "You do not have permission to view this page.": "U hebt geen toestemming om deze pagina te bekijken.",
    "Log in": "Inloggen",
    "Go to the home page": "Naar de startpagina",
    "Error code": "Foutcode",
    "Page not found": "Pagina niet gevonden",
    "The page you are looking for does not exist or has been moved.": "De pagina die u zoekt bestaat niet of is verplaatst.",
    "Check the web address, or start again from the home page.": "Controleer het webadres, of begin opnieuw op de startpagina.",
    "Too many requests, try again later": "Te veel verzoeken, probeer het later opnieuw",
    "You have made too many requests in a short time. Wait a few minutes and try again.": "U hebt in korte tijd te veel verzoeken gedaan. Wacht een paar minuten en probeer het opnieuw.",
    "Something went wrong": "Er ging iets mis",
    "Skip to main content": "Direct naar de inhoud",
    "Sorry, there is a problem with this website. Please try again later.": "Sorry, er is een probleem met deze website. Probeer het later opnieuw.",
    "If the problem persists, contact Gemeente Delft by telephone on 14 015.": "Blijft het probleem bestaan? Bel de gemeente Delft op 14 015.",
    "Contact": "Contact",
    "Telephone": "Telefoon",
    "Hello,": "Goedendag,",
    "Kind regards,": "Met vriendelijke groet,",
    "Municipality of Delft": "Gemeente Delft",
    "Error:": "Fout:",
    "My account": "Mijn account",
    "Email addresses": "E-mailadressen",
    "Password": "Wachtwoord",
    "Two-factor authentication": "Tweestapsverificatie",
    "Logged in as %(email)s": "Ingelogd als %(email)s",
    "Log out": "Uitloggen",
    "Sign up": "Account aanmaken",
    "Main navigation": "Hoofdmenu",
    "Home": "Home",
    "Districts": "Wijken",
    "Success:": "Gelukt:",
    "Warning:": "Let op:",
    "Information:": "Informatie:",
    "About this website": "Over deze website",
    "Accessibility": "Toegankelijkheid",
    "Privacy": "Privacy",
    "The districts of Delft": "De wijken van Delft",
    "Map of the eight districts of Delft": "Kaart van de acht wijken van Delft",
    "All districts": "Alle wijken",
    "Delft as a whole had %(inwoners)s inhabitants at the start of %(jaar)s.": "Heel Delft had begin %(jaar)s %(inwoners)s inwoners.",
    "Boundary and neighbourhoods": "Grens en buurten",
    "Map of %(naam)s and its neighbourhoods": "Kaart van %(naam)s en de buurten",
    "Neighbourhoods": "Buurten",
    ("%(aantal)s neighbourhood", "%(aantal)s neighbourhoods"): (
        "%(aantal)s buurt",
        "%(aantal)s buurten",
    ),
    "A focus neighbourhood gets extra attention in the district programme.": "Een aandachtsbuurt krijgt extra aandacht in het wijkprogramma.",
    "Key figures": "Kerncijfers",
    "CBS districts in this district:": "CBS-wijken in deze wijk:",
    "Community worker": "Opbouwwerker",
    "Breadcrumb": "Kruimelpad",
    "There is a problem": "Er is een probleem",
    "optional": "niet verplicht",
    "Inhabitants": "Inwoners",
    "unknown": "onbekend",
    "Households": "Huishoudens",
    "Average household size": "Gemiddelde huishoudensgrootte",
    "Population density": "Bevolkingsdichtheid",
    "%(dichtheid)s per km²": "%(dichtheid)s per km²",
    "Inhabitants aged 0 to 15": "Inwoners van 0 tot 15 jaar",
    "Inhabitants aged 15 to 25": "Inwoners van 15 tot 25 jaar",
    "Inhabitants aged 25 to 45": "Inwoners van 25 tot 45 jaar",
    "Inhabitants aged 45 to 65": "Inwoners van 45 tot 65 jaar",
    "Inhabitants aged 65 and over": "Inwoners van 65 jaar en ouder",
    "Dwellings": "Woningen",
    "Passenger cars": "Personenauto's",
    "Land area": "Oppervlakte land",
    "%(ha)s ha": "%(ha)s ha",
    "Source: CBS, Key figures districts and neighbourhoods %(jaar)s": "Bron: CBS, Kerncijfers wijken en buurten %(jaar)s",
    "No key figures are available.": "Er zijn geen kerncijfers beschikbaar.",
    "The same information is in the list below.": "Dezelfde informatie staat in de lijst hieronder.",
    "Map legend": "Legenda",
    "District or neighbourhood (solid outline)": "Wijk of buurt (doorgetrokken lijn)",
    "Focus neighbourhood (dashed outline, hatched)": "Aandachtsbuurt (stippellijn, gearceerd)",
    "This is a test message to %(adres)s. If you can read it, the portal can send e-mail.": "Dit is een testbericht aan %(adres)s. Kunt u dit lezen, dan kan het portaal e-mail versturen.",
    "Test message from Wijkportaal Delft": "Testbericht van Wijkportaal Delft",
    "Your districts": "Uw wijken",
    "My data": "Mijn gegevens",
    "These are the personal data the Wijkportaal keeps about you. You can download all of them as a file, or delete your account.": "Dit zijn de persoonsgegevens die het Wijkportaal over u bewaart. U kunt ze allemaal downloaden als bestand, of uw account verwijderen.",
    "Your account": "Uw account",
    "E-mail address": "E-mailadres",
    "Download your data": "Uw gegevens downloaden",
    "A JSON file with everything the portal keeps about you: your account and, once you use them, your applications, ratings, reports and responses.": "Een JSON-bestand met alles wat het portaal over u bewaart: uw account en, zodra u die gebruikt, uw aanvragen, waarderingen, meldingen en reacties.",
    "Download my data (JSON)": "Mijn gegevens downloaden (JSON)",
    "Delete your account": "Uw account verwijderen",
    "You work for the municipality through this account. Ask an administrator to close it, so that your work can be handed over.": "U werkt met dit account voor de gemeente. Vraag een beheerder om het op te heffen, zodat uw werk kan worden overgedragen.",
    "Deleting your account removes your personal data. Records the municipality must keep (such as decisions on grants) are kept without your name.": "Als u uw account verwijdert, verdwijnen uw persoonsgegevens. Wat de gemeente moet bewaren (zoals besluiten over bijdragen) blijft bewaard zonder uw naam.",
    "Delete my account": "Mijn account verwijderen",
    "Cancel": "Annuleren",
    "I understand that my account and my personal data will be deleted.": "Ik begrijp dat mijn account en mijn persoonsgegevens worden verwijderd.",
    "This cannot be undone.": "Dit kan niet ongedaan worden gemaakt.",
    "Tick the box to confirm that you want to delete your account.": "Vink het vakje aan om te bevestigen dat u uw account wilt verwijderen.",
    "Your account and your personal data have been deleted.": "Uw account en uw persoonsgegevens zijn verwijderd.",
    "You may act in every district.": "U mag in alle wijken handelen.",
    "You work as district coordinator for:": "U bent wijkcoördinator van:",
    (
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
    ): (
        "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
        "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
    ),
}


def main() -> int:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="nl")
    catalog.fuzzy = False
    ontbreekt = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        if key in NL:
            message.string = NL[key]
            message.flags.discard("fuzzy")
        elif message.fuzzy or not (
            message.string if isinstance(message.string, str) else all(message.string)
        ):
            ontbreekt.append(key)
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    for key in ontbreekt:
        print("missing:", key)
    return 1 if ontbreekt else 0


if __name__ == "__main__":
    sys.exit(main())
