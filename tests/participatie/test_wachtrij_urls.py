"""The walk: every URL of every review-queue viewset, requested as every role that must not see a
Tanthof application.

The URLs come from the viewsets' own ``get_urlpatterns()`` (checked against the project's
resolver), so a view that a Wagtail upgrade or a later change adds is walked too and cannot
leak. Every URL is requested with GET and with POST (decisions are POST forms).
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from participatie.constants import Status
from participatie.models import Aanvraag, StatusWijziging
from participatie.wachtrij import Notitie, wachtrijen
from portal.gebieden.models import Buurt
from tests.accounts.helpers import activeer_totp, inloggen
from tests.factories import AanvraagFactory

pytestmark = pytest.mark.django_db

TITEL = "Geheim-Tanthof-initiatief"
# Everything a decision form could ask, so a POST that got through would change something.
POST_DATA = {
    "behandelaar": "",
    "bericht": "Lek?",
    "motivatie": "Lek?",
    "notitie": "Lek?",
    "tekst": "Lek?",
    "bedrag": "1",
    "datum": "2026-01-01",
    "kenmerk": "LEK",
}


@pytest.fixture
def aanvraag(tanthof, coordinator_tanthof):
    buurt = Buurt.objects.filter(wijk=tanthof).defer("grens").first()
    return AanvraagFactory(
        in_behandeling=True,
        titel=TITEL,
        buurt=buurt,
        wijk=tanthof,
        behandelaar=coordinator_tanthof,
    )


def _urls(aanvraag, viewsets=None):
    """(name, url) for every pattern of every queue viewset (or of ``viewsets``), plus the
    exports."""
    urls = []
    for viewset in viewsets if viewsets is not None else wachtrijen():
        for patroon in viewset.get_urlpatterns():
            naam = viewset.get_url_name(patroon.name)
            kwargs = dict.fromkeys(patroon.pattern.converters, aanvraag.pk)
            pad = reverse(naam, kwargs=kwargs)
            urls.append((naam, pad))
            if patroon.name in ("index", "index_results"):
                for formaat in ("csv", "xlsx"):
                    urls.append((f"{naam}?export={formaat}", f"{pad}?export={formaat}"))
    return urls


def _resolver_namen(namespace):
    def wandel(patronen, ns):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                sub = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
                yield from wandel(patroon.url_patterns, sub)
            elif isinstance(patroon, URLPattern) and patroon.name:
                yield f"{ns}{patroon.name}"

    return {n for n in wandel(get_resolver().url_patterns, "") if n.startswith(f"{namespace}:")}


def test_the_walk_covers_every_url_the_resolver_knows(aanvraag):
    assert wachtrijen(), "no review queue registered"
    gewandeld = {naam for naam, _pad in _urls(aanvraag) if "?" not in naam}
    for viewset in wachtrijen():
        assert _resolver_namen(viewset.url_namespace) <= gewandeld
    # Every decision of every item type has its own URL.
    for viewset in wachtrijen():
        for besluit in viewset.besluiten:
            assert viewset.get_url_name(besluit.naam) in gewandeld


def _inhoud(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _niets_veranderd(aanvraag):
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING
    assert aanvraag.titel == TITEL
    assert StatusWijziging.objects.filter(aanvraag=aanvraag).count() == 2
    assert not Notitie.objects.voor(aanvraag).exists()


def _wandel(client, aanvraag, controleer):
    bezocht = []
    for naam, pad in _urls(aanvraag):
        for methode in ("get", "post"):
            response = getattr(client, methode)(pad, POST_DATA if methode == "post" else None)
            controleer(naam, methode, response)
            bezocht.append((naam, methode))
    _niets_veranderd(aanvraag)
    assert len(bezocht) > 10


def test_walk_coordinator_of_another_district(client, coordinator_buitenhof, wachtwoord, aanvraag):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    client.raise_request_exception = False

    def controleer(naam, methode, response):
        inhoud = _inhoud(response)
        assert response.status_code < 500, (naam, methode)
        assert TITEL not in inhoud and aanvraag.referentie not in inhoud, (naam, methode)
        if naam.split("?")[0].endswith((":index", ":index_results")):
            assert response.status_code in (200, 403, 404, 405), (naam, methode)
        else:
            assert response.status_code in (403, 404), (naam, methode, response.status_code)

    _wandel(client, aanvraag, controleer)


def test_walk_anonymous_goes_to_the_login(client, aanvraag):
    login = reverse("account_login")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(login), (naam, methode, response["Location"])

    _wandel(client, aanvraag, controleer)


def test_walk_resident_has_no_access(client, bewoner, wachtwoord, aanvraag):
    client.post(reverse("account_login"), {"login": bewoner.email, "password": wachtwoord})
    assert "_auth_user_id" in client.session
    login = reverse("account_login")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(login), (naam, methode)
        assert TITEL not in _inhoud(response)

    _wandel(client, aanvraag, controleer)


def test_walk_editor_with_second_factor_is_refused(client, redacteur, wachtwoord, aanvraag):
    inloggen(client, redacteur, wachtwoord)

    def controleer(naam, methode, response):
        assert response.status_code == 403, (naam, methode, response.status_code)
        assert TITEL not in _inhoud(response)

    _wandel(client, aanvraag, controleer)


def test_walk_district_coordinator_without_second_factor_goes_to_mfa(
    client, coordinator_tanthof, aanvraag
):
    activeer_totp(coordinator_tanthof)
    client.force_login(coordinator_tanthof)  # password session, no second factor
    mfa = reverse("mfa_reauthenticate")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(mfa), (naam, methode, response["Location"])

    _wandel(client, aanvraag, controleer)


def test_walk_district_coordinator_reaches_every_url(
    client, coordinator_tanthof, wachtwoord, aanvraag
):
    """The control: the same walk as the district's coordinator (GET only) finds the item."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    # Only the applications' viewset: the other item types' URLs name their own items.
    aanvragen = [v for v in wachtrijen() if v.model is Aanvraag]
    mogelijk = {b.naam for v in aanvragen for b in v.mogelijke_besluiten(aanvraag)} | {
        "inspect",
        "notitie",
        "toewijzen",
        "index",
        "index_results",
    }
    for naam, pad in _urls(aanvraag, aanvragen):
        response = client.get(pad)
        kort = naam.split(":")[-1].split("?")[0]
        if kort in mogelijk:
            assert response.status_code == 200, (naam, response.status_code)
            if "export" not in naam and kort != "notitie":
                assert aanvraag.referentie in _inhoud(response), naam
        else:
            # A decision the state machine does not allow now: back to the detail screen.
            assert response.status_code == 302, naam
            assert response["Location"] == reverse("aanvragen:inspect", args=[aanvraag.pk])
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Status.IN_BEHANDELING
