"""One voice in Dutch: every account page and every allauth e-mail says "u", never "je".

allauth's own Dutch catalogue addresses people as "je", mixes "Aanmelden" and "Inloggen",
"Twee-factor-authenticatie" and "Tweestapsverificatie", and has a few plain errors. Our catalogue
overrides those messages (``portal/accounts/allauth_teksten.py`` keeps their msgids alive for
``makemessages``). These tests render the pages residents and staff see, and the e-mails allauth
sends, and look for informal address, English leftovers and the known bad Dutch.
"""

import re
from html.parser import HTMLParser

from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from .helpers import activeer_totp, code_uit_mail, laatste_mail_aan, link_uit_mail, totp_code

pytestmark = pytest.mark.django_db

NIEUW = "nieuwe.bewoner@example.org"
STERK = "Kanaal-Brug-Tulp-42"

# Informal address: the portal says "u" and "uw".
INFORMEEL = re.compile(r"\b(je|jouw|jij|jou|jezelf|jullie)\b", re.IGNORECASE)
# English that must not reach a Dutch page or e-mail.
ENGELS = re.compile(
    r"\b(sign[ -]?in|sign[ -]?up|sign[ -]?out|password|e-?mail address|email|forgot|"
    r"remember me|confirm|verification|authenticator code|recovery codes?|"
    r"two-factor|cancel|change)\b",
    re.IGNORECASE,
)
# Bad or inconsistent Dutch from allauth's catalogue ("Inloggen", "Tweestapsverificatie",
# "e-mailadres" and "bevestigingscode" are the terms).
SLECHT_NEDERLANDS = re.compile(
    r"e-emailadres|verificatie code|bevestigings e-mail|huidig email|browser venster|"
    r"\baanmeld|\bafmeld|twee-factor|e-mail adres|\bemail adres|\bregistre(er|ren)\b|"
    r"\bmiddels\b|onmiddelijk|\bverifieer\b",
    re.IGNORECASE,
)


class _Tekst(HTMLParser):
    """The text a visitor reads or hears: content, title and the labelling attributes."""

    ATTRIBUTEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.delen = []
        self._verborgen = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._verborgen += 1
        attrs = dict(attrs)
        for naam in self.ATTRIBUTEN:
            if attrs.get(naam):
                self.delen.append(attrs[naam])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.delen.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._verborgen -= 1

    def handle_data(self, data):
        if not self._verborgen and data.strip():
            self.delen.append(data.strip())


def zichtbare_tekst(html: str) -> str:
    parser = _Tekst()
    parser.feed(html)
    return "\n".join(parser.delen)


def fouten_in(tekst: str) -> list[str]:
    """Every offending word with a bit of context, for a readable assertion message."""
    gevonden = []
    for patroon in (INFORMEEL, ENGELS, SLECHT_NEDERLANDS):
        for match in patroon.finditer(tekst):
            begin, eind = max(match.start() - 40, 0), match.end() + 40
            gevonden.append(f"{match.group(0)!r} in …{tekst[begin:eind]!r}…")
    return gevonden


def log_in(client, user, wachtwoord):
    response = client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})
    assert response.status_code == 302, response.content.decode()
    return response


def bevestig_opnieuw(client, wachtwoord):
    """allauth asks for the password again before a security change (reauthentication)."""
    response = client.post(reverse("account_reauthenticate"), {"password": wachtwoord})
    assert response.status_code == 302, response.content.decode()


def log_in_met_totp(client, user, wachtwoord):
    """Log in with password and TOTP code (a fresh second factor), then reauthenticate."""
    secret = activeer_totp(user)
    RecoveryCodes.activate(user)
    log_in(client, user, wachtwoord)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    bevestig_opnieuw(client, wachtwoord)
    return secret


def activeer_totp_formulier(client, user, wachtwoord):
    log_in(client, user, wachtwoord)
    bevestig_opnieuw(client, wachtwoord)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    return response


def meld_aan(client, email=NIEUW, wachtwoord=STERK):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": wachtwoord, "password2": wachtwoord},
    )


# --- Pages --------------------------------------------------------------------------------
# Each scenario returns the response with one page, reached the way a resident or staff member
# would reach it.


def pagina_inloggen(client, **_):
    return client.get(reverse("account_login"))


def pagina_inloggen_fout_wachtwoord(client, bewoner, **_):
    return client.post(reverse("account_login"), {"login": bewoner.email, "password": "fout"})


def pagina_inloggen_geblokkeerd(client, bewoner, wachtwoord, **_):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": bewoner.email, "password": "fout"})
    return client.post(reverse("account_login"), {"login": bewoner.email, "password": wachtwoord})


def pagina_ingelogd_melding(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    return client.get("/")


def pagina_account_aanmaken(client, **_):
    return client.get(reverse("account_signup"))


def pagina_account_aanmaken_fouten(client, **_):
    return client.post(
        reverse("account_signup"),
        {"email": "geen-adres", "password1": STERK, "password2": STERK + "x"},
    )


def pagina_bevestigingscode(client, **_):
    meld_aan(client)
    return client.get(reverse("account_email_verification_sent"))


def pagina_bevestigingscode_fout(client, **_):
    meld_aan(client)
    return client.post(reverse("account_email_verification_sent"), {"code": "XXXXXX"})


def pagina_na_bevestiging(client, **_):
    meld_aan(client)
    code = code_uit_mail(laatste_mail_aan(NIEUW))
    return client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)


def pagina_wachtwoord_vergeten(client, **_):
    return client.get(reverse("account_reset_password"))


def pagina_wachtwoord_vergeten_verstuurd(client, bewoner, **_):
    return client.post(reverse("account_reset_password"), {"email": bewoner.email}, follow=True)


def pagina_nieuw_wachtwoord(client, bewoner, **_):
    client.post(reverse("account_reset_password"), {"email": bewoner.email})
    return client.get(link_uit_mail(laatste_mail_aan(bewoner.email)), follow=True)


def pagina_nieuw_wachtwoord_fouten(client, bewoner, **_):
    client.post(reverse("account_reset_password"), {"email": bewoner.email})
    response = client.get(link_uit_mail(laatste_mail_aan(bewoner.email)), follow=True)
    formulier = response.redirect_chain[-1][0]
    return client.post(formulier, {"password1": "12345678", "password2": "87654321"})


def pagina_nieuw_wachtwoord_opgeslagen(client, bewoner, **_):
    client.post(reverse("account_reset_password"), {"email": bewoner.email})
    response = client.get(link_uit_mail(laatste_mail_aan(bewoner.email)), follow=True)
    formulier = response.redirect_chain[-1][0]
    nieuw = "Nieuw-Wachtwoord-Delft-7"
    return client.post(formulier, {"password1": nieuw, "password2": nieuw}, follow=True)


def pagina_ongeldige_herstellink(client, **_):
    return client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "ongeldig"}),
        follow=True,
    )


def pagina_inlogcode_aanvragen(client, **_):
    return client.get(reverse("account_request_login_code"))


def pagina_inlogcode_invoeren(client, bewoner, **_):
    return client.post(reverse("account_request_login_code"), {"email": bewoner.email}, follow=True)


def pagina_inlogcode_fout(client, bewoner, **_):
    client.post(reverse("account_request_login_code"), {"email": bewoner.email})
    return client.post(reverse("account_confirm_login_code"), {"code": "XXXXXX"})


def pagina_opnieuw_wachtwoord(client, bewoner, **_):
    client.force_login(bewoner)
    return client.get(reverse("account_reauthenticate"))


def pagina_opnieuw_wachtwoord_fout(client, bewoner, **_):
    client.force_login(bewoner)
    return client.post(reverse("account_reauthenticate"), {"password": "fout"})


def pagina_e_mailadres(client, bewoner, **_):
    client.force_login(bewoner)
    return client.get(reverse("account_email"))


def pagina_e_mailadres_wijzigen_code(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    return client.post(
        reverse("account_email"), {"action_add": "", "email": "verhuisd@example.org"}, follow=True
    )


def pagina_e_mailadres_fout(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    return client.post(reverse("account_email"), {"action_add": "", "email": bewoner.email})


def pagina_wachtwoord_wijzigen(client, bewoner, **_):
    client.force_login(bewoner)
    return client.get(reverse("account_change_password"))


def pagina_wachtwoord_wijzigen_fouten(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": "fout", "password1": STERK, "password2": STERK + "x"},
    )


def pagina_wachtwoord_gewijzigd(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": wachtwoord, "password1": STERK, "password2": STERK},
        follow=True,
    )


def pagina_uitloggen(client, bewoner, **_):
    client.force_login(bewoner)
    return client.get(reverse("account_logout"))


def pagina_uitgelogd(client, bewoner, **_):
    client.force_login(bewoner)
    return client.post(reverse("account_logout"), follow=True)


def pagina_tweestaps_overzicht(client, bewoner, **_):
    client.force_login(bewoner)
    return client.get(reverse("mfa_index"))


def pagina_tweestaps_overzicht_actief(client, redacteur, wachtwoord, **_):
    log_in_met_totp(client, redacteur, wachtwoord)
    return client.get(reverse("mfa_index"))


def pagina_tweestaps_activeren(client, redacteur, wachtwoord, **_):
    return activeer_totp_formulier(client, redacteur, wachtwoord)


def pagina_tweestaps_activeren_fout(client, redacteur, wachtwoord, **_):
    activeer_totp_formulier(client, redacteur, wachtwoord)
    return client.post(reverse("mfa_activate_totp"), {"code": "000000"})


def pagina_tweestaps_geactiveerd(client, redacteur, wachtwoord, **_):
    activeer_totp_formulier(client, redacteur, wachtwoord)
    secret = client.session["mfa.totp.secret"]
    return client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)


def pagina_tweestaps_admin_vraagt_activeren(client, redacteur, wachtwoord, **_):
    log_in(client, redacteur, wachtwoord)
    return client.get("/admin/", follow=True)


def pagina_tweestaps_inloggen(client, redacteur, wachtwoord, **_):
    activeer_totp(redacteur)
    log_in(client, redacteur, wachtwoord)
    return client.get(reverse("mfa_authenticate"))


def pagina_tweestaps_inloggen_fout(client, redacteur, wachtwoord, **_):
    activeer_totp(redacteur)
    log_in(client, redacteur, wachtwoord)
    return client.post(reverse("mfa_authenticate"), {"code": "000000"})


def pagina_tweestaps_opnieuw(client, redacteur, **_):
    activeer_totp(redacteur)
    client.force_login(redacteur)
    return client.get(reverse("mfa_reauthenticate"))


def pagina_herstelcodes(client, redacteur, wachtwoord, **_):
    log_in_met_totp(client, redacteur, wachtwoord)
    return client.get(reverse("mfa_view_recovery_codes"))


def pagina_herstelcodes_genereren(client, redacteur, wachtwoord, **_):
    log_in_met_totp(client, redacteur, wachtwoord)
    return client.get(reverse("mfa_generate_recovery_codes"))


def pagina_herstelcodes_gegenereerd(client, redacteur, wachtwoord, **_):
    log_in_met_totp(client, redacteur, wachtwoord)
    return client.post(reverse("mfa_generate_recovery_codes"), follow=True)


def pagina_tweestaps_uitschakelen(client, bewoner, wachtwoord, **_):
    log_in_met_totp(client, bewoner, wachtwoord)
    return client.get(reverse("mfa_deactivate_totp"))


def pagina_tweestaps_uitgeschakeld(client, bewoner, wachtwoord, **_):
    log_in_met_totp(client, bewoner, wachtwoord)
    return client.post(reverse("mfa_deactivate_totp"), follow=True)


PAGINAS = {
    naam.removeprefix("pagina_"): f
    for naam, f in dict(globals()).items()
    if naam.startswith("pagina_")
}


# A text each page must show, so that a scenario cannot silently land on another page.
VERWACHT = {
    "inloggen": "Heeft u nog geen account?",
    "inloggen_fout_wachtwoord": "Het e-mailadres en/of wachtwoord dat u heeft opgegeven",
    "inloggen_geblokkeerd": "Te veel inlogpogingen",
    "ingelogd_melding": "U bent ingelogd als",
    "account_aanmaken": "Heeft u al een account?",
    "account_aanmaken_fouten": "U moet twee keer hetzelfde wachtwoord invullen.",
    "bevestigingscode": "Vul de bevestigingscode in",
    "bevestigingscode_fout": "Ongeldige code.",
    "na_bevestiging": "U heeft het e-mailadres",
    "wachtwoord_vergeten": "Vul hieronder uw e-mailadres in.",
    "wachtwoord_vergeten_verstuurd": "We hebben u een e-mail gestuurd.",
    "nieuw_wachtwoord": "Nieuw wachtwoord (bevestigen)",
    "nieuw_wachtwoord_fouten": "Dit wachtwoord is te kort.",
    "nieuw_wachtwoord_opgeslagen": "Uw wachtwoord is gewijzigd.",
    "ongeldige_herstellink": "Vraag een nieuwe link aan",
    "inlogcode_aanvragen": "U ontvangt een code waarmee u zonder wachtwoord kunt inloggen.",
    "inlogcode_invoeren": "Vul de inlogcode in",
    "inlogcode_fout": "Ongeldige code.",
    "opnieuw_wachtwoord": "Vul uw wachtwoord in:",
    "opnieuw_wachtwoord_fout": "Ongeldig wachtwoord.",
    "e_mailadres": "Huidig e-mailadres",
    "e_mailadres_wijzigen_code": "bevestigingscode gestuurd naar verhuisd@example.org.",
    "e_mailadres_fout": "Dit e-mailadres is al aan dit account gekoppeld.",
    "wachtwoord_wijzigen": "Huidig wachtwoord",
    "wachtwoord_wijzigen_fouten": "Vul uw huidige wachtwoord in.",
    "wachtwoord_gewijzigd": "Uw wachtwoord is gewijzigd.",
    "uitloggen": "Weet u zeker dat u wilt uitloggen?",
    "uitgelogd": "U bent uitgelogd.",
    "tweestaps_overzicht": "Er is geen authenticator-app geactiveerd.",
    "tweestaps_overzicht_actief": "Tweestapsverificatie met een authenticator-app is actief.",
    "tweestaps_activeren": "scan de QR-code",
    "tweestaps_activeren_fout": "Ongeldige code.",
    "tweestaps_geactiveerd": "Vul de code uit uw authenticator-app in:",
    "tweestaps_admin_vraagt_activeren": "Stel eerst tweestapsverificatie in",
    "tweestaps_inloggen": "Uw account is beveiligd met tweestapsverificatie.",
    "tweestaps_inloggen_fout": "Ongeldige code.",
    "tweestaps_opnieuw": "Vul de code uit uw authenticator-app in:",
    "herstelcodes": "Ongebruikte codes",
    "herstelcodes_genereren": "Uw huidige herstelcodes werken daarna niet meer.",
    "herstelcodes_gegenereerd": "Ongebruikte codes",
    "tweestaps_uitschakelen": "Weet u het zeker?",
    "tweestaps_uitgeschakeld": "Authenticator-app gedeactiveerd.",
}


@pytest.mark.parametrize("scenario", PAGINAS)
def test_account_page_speaks_formal_consistent_dutch(
    scenario,
    client,
    bewoner,
    redacteur,
    wachtwoord,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    # allauth's MFA flows add their message and send their e-mail on commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = PAGINAS[scenario](
            client, bewoner=bewoner, redacteur=redacteur, wachtwoord=wachtwoord
        )
    assert response.status_code == 200, (scenario, response.status_code)
    html = response.content.decode()
    assert '<html lang="nl"' in html
    tekst = zichtbare_tekst(html)
    assert VERWACHT[scenario] in tekst, tekst
    assert not fouten_in(tekst), "\n".join(fouten_in(tekst))


# --- E-mails ------------------------------------------------------------------------------
# Each scenario triggers one allauth e-mail the way the flow does and returns its recipient.


def mail_bevestigingscode(client, **_):
    meld_aan(client)
    return NIEUW


def mail_account_bestaat_al(client, bewoner, **_):
    meld_aan(client, email=bewoner.email)
    return bewoner.email


def mail_wachtwoord_herstellen(client, bewoner, **_):
    client.post(reverse("account_reset_password"), {"email": bewoner.email})
    return bewoner.email


def mail_onbekend_account(client, **_):
    client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})
    return "onbekend@example.org"


def mail_inlogcode(client, bewoner, **_):
    client.post(reverse("account_request_login_code"), {"email": bewoner.email})
    return bewoner.email


def mail_e_mailadres_gewijzigd(client, bewoner, wachtwoord, **_):
    oud = bewoner.email
    log_in(client, bewoner, wachtwoord)
    client.post(reverse("account_email"), {"action_add": "", "email": "verhuisd@example.org"})
    code = code_uit_mail(laatste_mail_aan("verhuisd@example.org"))
    client.post(reverse("account_email_verification_sent"), {"code": code})
    return oud


def mail_wachtwoord_gewijzigd(client, bewoner, wachtwoord, **_):
    log_in(client, bewoner, wachtwoord)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": wachtwoord, "password1": STERK, "password2": STERK},
    )
    return bewoner.email


def mail_wachtwoord_opnieuw_ingesteld(client, bewoner, **_):
    client.post(reverse("account_reset_password"), {"email": bewoner.email})
    response = client.get(link_uit_mail(laatste_mail_aan(bewoner.email)), follow=True)
    client.post(response.redirect_chain[-1][0], {"password1": STERK, "password2": STERK})
    return bewoner.email


def mail_authenticator_geactiveerd(client, redacteur, wachtwoord, **_):
    activeer_totp_formulier(client, redacteur, wachtwoord)
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    return redacteur.email


def mail_authenticator_uitgeschakeld(client, bewoner, wachtwoord, **_):
    log_in_met_totp(client, bewoner, wachtwoord)
    client.post(reverse("mfa_deactivate_totp"))
    return bewoner.email


def mail_herstelcodes_gegenereerd(client, redacteur, wachtwoord, **_):
    log_in_met_totp(client, redacteur, wachtwoord)
    client.post(reverse("mfa_generate_recovery_codes"))
    return redacteur.email


def _melding(sjabloon, **context):
    """A notification allauth has a template for but no flow of ours triggers."""

    def scenario(client, bewoner, **_):
        request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox")
        request.user = bewoner
        with allauth_context.request_context(request):
            get_adapter(request).send_notification_mail(sjabloon, bewoner, context)
        return bewoner.email

    return scenario


MAILS = {
    naam.removeprefix("mail_"): f for naam, f in dict(globals()).items() if naam.startswith("mail_")
}
MAILS |= {
    "e_mailadres_bevestigd": _melding("account/email/email_confirm"),
    "e_mailadres_verwijderd": _melding(
        "account/email/email_deleted", deleted_email="oud@example.org"
    ),
    "wachtwoord_ingesteld": _melding("account/email/password_set"),
}


# The subject each e-mail must have (after the "[Wijkportaal Delft] " prefix).
ONDERWERP = {
    "bevestigingscode": "Bevestig uw e-mailadres",
    "account_bestaat_al": "Account bestaat al",
    "wachtwoord_herstellen": "Wachtwoord opnieuw instellen",
    "onbekend_account": "Onbekend account",
    "inlogcode": "Inlogcode",
    "e_mailadres_gewijzigd": "E-mailadres gewijzigd",
    "wachtwoord_gewijzigd": "Wachtwoord gewijzigd",
    "wachtwoord_opnieuw_ingesteld": "Wachtwoord opnieuw ingesteld",
    "authenticator_geactiveerd": "Authenticator-app geactiveerd",
    "authenticator_uitgeschakeld": "Authenticator-app gedeactiveerd",
    "herstelcodes_gegenereerd": "Nieuwe herstelcodes aangemaakt",
    "e_mailadres_bevestigd": "E-mailadres bevestigd",
    "e_mailadres_verwijderd": "E-mailadres verwijderd",
    "wachtwoord_ingesteld": "Wachtwoord ingesteld",
}


@pytest.mark.parametrize("scenario", MAILS)
def test_allauth_e_mail_speaks_formal_consistent_dutch(
    scenario, client, bewoner, redacteur, wachtwoord, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    # allauth's MFA flows send their e-mail on commit: read the outbox afterwards.
    with django_capture_on_commit_callbacks(execute=True):
        adres = MAILS[scenario](client, bewoner=bewoner, redacteur=redacteur, wachtwoord=wachtwoord)
    bericht = laatste_mail_aan(adres)
    assert bericht.subject == f"[Wijkportaal Delft] {ONDERWERP[scenario]}"
    html = {mime: inhoud for inhoud, mime in bericht.alternatives}.get("text/html", "")
    tekst = "\n".join([bericht.subject, bericht.body, zichtbare_tekst(html)])
    tekst = re.sub(r"https?://\S+", "<link>", tekst)  # URL paths are English, not text
    assert not fouten_in(tekst), "\n".join(fouten_in(tekst))


def test_every_scenario_says_what_it_should_show():
    assert set(VERWACHT) == set(PAGINAS)
    assert set(ONDERWERP) == set(MAILS)


@pytest.mark.parametrize("scenario", ["account_bestaat_al", "onbekend_account"])
def test_e_mail_names_the_address_it_is_about(scenario, client, bewoner):
    adres = MAILS[scenario](client, bewoner=bewoner)
    assert adres in laatste_mail_aan(adres).body


# --- Admin lists ------------------------------------------------------------------------


def test_admin_list_of_schemes_says_ja_nee_not_true_false(client, beheerder, wachtwoord):
    from participatie.models import Regeling

    assert Regeling.objects.filter(is_voorbeeld=True).exists()
    secret = activeer_totp(beheerder)
    log_in(client, beheerder, wachtwoord)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    response = client.get(reverse("wagtailsnippets_participatie_regeling:list"))
    assert response.status_code == 200
    tekst = zichtbare_tekst(response.content.decode())
    assert "Voorbeeldinstellingen" in tekst
    assert re.search(r"^Ja$", tekst, re.MULTILINE), tekst
    assert not re.search(r"^(True|False)$", tekst, re.MULTILINE), tekst


# --- Leaflet's controls -------------------------------------------------------------------


def test_every_page_with_leaflet_loads_the_dutch_control_texts_before_its_map_script():
    """static/js/leaflet-nl.js must run after Leaflet and before the script that makes the map:
    components/leaflet_js.html loads both in that order, and every page includes it before its
    map script. django-leaflet's own tags (extras, drawing texts) are used nowhere."""
    from django.conf import settings

    sjablonen = [pad for map_ in settings.TEMPLATES[0]["DIRS"] for pad in map_.rglob("*.html")]
    onderdeel = next(pad for pad in sjablonen if pad.name == "leaflet_js.html")
    zonder_uitleg = onderdeel.read_text(encoding="utf-8").split("{% endcomment %}")[-1]
    assert re.findall(r"static '([\w/-]+\.js)'", zonder_uitleg) == [
        "leaflet/leaflet.js",
        "js/leaflet-nl.js",
    ]
    paginas = []
    for pad in sjablonen:
        bron = re.sub(r"{% comment %}.*?{% endcomment %}", "", pad.read_text("utf-8"), flags=re.S)
        assert "{% leaflet_js" not in bron and "{% leaflet_css" not in bron, pad.name
        if '{% include "components/leaflet_js.html" %}' in bron:
            paginas.append(pad)
            na = bron.split('{% include "components/leaflet_js.html" %}')[1]
            assert re.findall(r"static '(js/[\w-]+\.js)'", na), f"{pad.name}: no map script"
    assert len(paginas) >= 2


def test_home_page_map_gets_the_dutch_control_texts(client):
    """The home map loads Leaflet and then leaflet-nl.js itself (static/js/wijkkaart.js), from
    the URLs on the map element."""
    from django.contrib.staticfiles import finders

    html = client.get("/").content.decode()
    assert 'data-leaflet-js="/static/leaflet/leaflet.js"' in html
    assert 'data-leaflet-nl-js="/static/js/leaflet-nl.js"' in html
    assert "js/wijkkaart.js" in html
    kaartscript = open(finders.find("js/wijkkaart.js"), encoding="utf-8").read()
    assert kaartscript.index('"data-leaflet-js"') < kaartscript.index('"data-leaflet-nl-js"')


def test_leaflet_nl_translates_the_english_control_texts():
    from django.contrib.staticfiles import finders

    bron = open(finders.find("js/leaflet-nl.js"), encoding="utf-8").read()
    for nederlands in (
        "Inzoomen",
        "Uitzoomen",
        "Een JavaScript-bibliotheek voor interactieve kaarten",
    ):
        assert nederlands in bron
    # The English it replaces must match Leaflet's exactly, or the replacement does nothing.
    leaflet = open(finders.find("leaflet/leaflet-src.js"), encoding="utf-8").read()
    assert 'title="A JavaScript library for interactive maps"' in leaflet
    assert "zoomInTitle: 'Zoom in'" in leaflet


# --- The checks themselves ----------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "Heb je al een account?",
        "Voer jouw wachtwoord in",
        "Sign In",
        "Forgot your password?",
        "Remember Me",
        "Voer de e-emailadres verificatie code in:",
        "Bevestigings e-mail verzonden aan a@example.org.",
        "Huidig email:",
        "Vul deze in in het browser venster dat nog open staat.",
        "Aanmelden",
        "Twee-factor-authenticatie",
    ],
)
def test_the_checks_catch_what_allauths_catalogue_said(tekst):
    assert fouten_in(tekst)


@pytest.mark.parametrize(
    "tekst",
    [
        "Heeft u al een account? Log dan in.",
        "Jeugdhonk in de wijk",
        "Voer de bevestigingscode in",
        "Tweestapsverificatie",
        "E-mailadres",
        "bewoner@example.org",
    ],
)
def test_the_checks_leave_formal_dutch_alone(tekst):
    assert not fouten_in(tekst)


def _allauth_msgids() -> set[str]:
    from pathlib import Path

    import allauth
    from babel.messages.pofile import read_po

    po = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    with po.open("rb") as bestand:
        return {m.id for m in read_po(bestand) if isinstance(m.id, str) and not m.context}


def test_every_override_is_an_allauth_msgid():
    """A typo (or an allauth upgrade that rewords a text) would silently stop an override."""
    from portal.accounts.allauth_teksten import BERICHTEN

    onbekend = set(BERICHTEN) - _allauth_msgids()
    assert not onbekend, onbekend
    assert len(set(BERICHTEN)) == len(BERICHTEN)


def test_every_override_is_translated_formally():
    from portal.accounts.allauth_teksten import BERICHTEN

    with translation.override("nl"):
        for msgid in BERICHTEN:
            vertaling = translation.gettext(msgid)
            assert vertaling != msgid, msgid
            assert not INFORMEEL.search(vertaling), (msgid, vertaling)
            assert not SLECHT_NEDERLANDS.search(vertaling), (msgid, vertaling)
            zonder_plekhouders = re.sub(r"%\(\w+\)s", "", vertaling)
            assert not ENGELS.search(zonder_plekhouders), (msgid, vertaling)
