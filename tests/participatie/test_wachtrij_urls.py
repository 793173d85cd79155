"""The walk: every URL of every review-queue viewset, requested as every role that must not see a
Tanthof application.

The walk itself is shared (tests/wandeling.py): the URLs come from the viewsets' own
``get_urlpatterns()``, checked against the project's resolver, each requested with GET and POST.
"""

from django.urls import reverse

import pytest

from participatie.constants import Status
from participatie.models import Aanvraag, StatusWijziging
from participatie.wachtrij import Notitie, wachtrijen
from portal.gebieden.models import Buurt
from tests.accounts.helpers import activeer_totp, inloggen
from tests.factories import AanvraagFactory
from tests.wandeling import (
    als_andere_wijk,
    dekt_de_resolver,
    geweigerd,
    inhoud,
    naar,
    wandel,
    wandel_urls,
)

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
    return wandel_urls(wachtrijen() if viewsets is None else viewsets, lambda _v: aanvraag)


def test_the_walk_covers_every_url_the_resolver_knows(aanvraag):
    assert wachtrijen(), "no review queue registered"
    dekt_de_resolver(wachtrijen(), _urls(aanvraag))


def _niets_veranderd(aanvraag):
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING
    assert aanvraag.titel == TITEL
    assert StatusWijziging.objects.filter(aanvraag=aanvraag).count() == 2
    assert not Notitie.objects.voor(aanvraag).exists()


def _wandel(client, aanvraag, controleer):
    wandel(client, _urls(aanvraag), controleer, post_data=POST_DATA)
    _niets_veranderd(aanvraag)


def test_walk_coordinator_of_another_district(client, coordinator_buitenhof, wachtwoord, aanvraag):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    client.raise_request_exception = False
    _wandel(client, aanvraag, als_andere_wijk(TITEL, aanvraag.referentie))


def test_walk_anonymous_goes_to_the_login(client, aanvraag):
    _wandel(client, aanvraag, naar(reverse("account_login")))


def test_walk_resident_has_no_access(client, bewoner, wachtwoord, aanvraag):
    client.post(reverse("account_login"), {"login": bewoner.email, "password": wachtwoord})
    assert "_auth_user_id" in client.session
    _wandel(client, aanvraag, naar(reverse("account_login"), TITEL))


def test_walk_editor_with_second_factor_is_refused(client, redacteur, wachtwoord, aanvraag):
    inloggen(client, redacteur, wachtwoord)
    _wandel(client, aanvraag, geweigerd(TITEL))


def test_walk_district_coordinator_without_second_factor_goes_to_mfa(
    client, coordinator_tanthof, aanvraag
):
    activeer_totp(coordinator_tanthof)
    client.force_login(coordinator_tanthof)  # password session, no second factor
    _wandel(client, aanvraag, naar(reverse("mfa_reauthenticate")))


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
                assert aanvraag.referentie in inhoud(response), naam
        else:
            # A decision the state machine does not allow now: back to the detail screen.
            assert response.status_code == 302, naam
            assert response["Location"] == reverse("aanvragen:inspect", args=[aanvraag.pk])
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Status.IN_BEHANDELING
