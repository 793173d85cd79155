"""The walk (tests/wandeling.py): every URL of the consultation
viewsets — the management viewset ``raadplegingen_beheer`` and the quotes queue
``raadpleging_antwoorden`` — taken from their own ``get_urlpatterns()``, requested with GET and
POST as roles that must not reach a Tanthof consultation or answer: 403/404 on objects, and no
listing or export shows them. A view added later is walked too."""

from django.urls import reverse

import pytest

from participatie.raadplegingen.admin import raadplegingen_viewset
from participatie.raadplegingen.constants import CitaatStatus
from participatie.raadplegingen.models import Antwoord, Raadpleging
from participatie.raadplegingen.wachtrij import citaten_viewset
from participatie.wachtrij import wachtrijen
from participatie.wachtrij.models import Overgang
from tests.accounts.helpers import activeer_totp, inloggen
from tests.factories import RaadplegingFactory
from tests.wandeling import dekt_de_resolver, inhoud, wandel, wandel_urls

from .test_resultaten import maak_reactie

pytestmark = pytest.mark.django_db

GEHEIM = "Geheim-Tanthof"
POST_DATA = {
    "notitie": "Lek?",
    "reden": "Lek?",
    "titel": "Lek?",
    "slug": "lek",
    "opvolging": "Lek?",
}


@pytest.fixture
def items(tanthof):
    raadpleging = RaadplegingFactory(
        gesloten=True,
        wijken=[tanthof],
        titel=f"{GEHEIM}-raadpleging",
        herhalen=True,
        opvolging="<p>Opvolging</p>",
    )
    reactie = maak_reactie(raadpleging, {"v-open": f"{GEHEIM}-antwoord"}, wijk=tanthof)
    return {
        raadplegingen_viewset.name: raadpleging,
        citaten_viewset.name: Antwoord.objects.get(reactie=reactie, soort="open"),
    }


VIEWSETS = (raadplegingen_viewset, citaten_viewset)


def _urls(items):
    urls = wandel_urls(VIEWSETS, lambda viewset: items[viewset.name])
    export = reverse(
        raadplegingen_viewset.get_url_name("export"),
        args=[items[raadplegingen_viewset.name].pk],
    )
    return [*urls, ("raadplegingen_beheer:export?formaat=xlsx", f"{export}?formaat=xlsx")]


def _niets_veranderd(items):
    raadpleging = Raadpleging.objects.get(pk=items[raadplegingen_viewset.name].pk)
    assert raadpleging.titel == f"{GEHEIM}-raadpleging"
    assert raadpleging.opvolging_gepubliceerd_op is None
    assert not Raadpleging.objects.filter(vorige=raadpleging).exists()
    antwoord = Antwoord.objects.get(pk=items[citaten_viewset.name].pk)
    assert antwoord.citaat_status == CitaatStatus.WACHT
    assert not Overgang.objects.filter(object_id=antwoord.pk).exists()


def _wandel(client, items, controleer):
    wandel(client, _urls(items), controleer, post_data=POST_DATA, minimum=20)
    _niets_veranderd(items)


def test_the_walk_covers_every_url_the_resolver_knows(client, items):
    client.get("/")  # the URL configuration (and the admin viewsets) loaded
    dekt_de_resolver(VIEWSETS, _urls(items))
    assert citaten_viewset in wachtrijen()  # counted in "Wacht op u"


def test_walk_coordinator_of_another_district(client, coordinator_buitenhof, wachtwoord, items):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    client.raise_request_exception = False

    def controleer(naam, methode, response):
        assert response.status_code < 500, (naam, methode)
        assert GEHEIM not in inhoud(response), (naam, methode)
        kort = naam.split(":")[-1].split("?")[0]
        if kort in ("index", "index_results", "add"):
            assert response.status_code in (200, 403, 404, 405), (naam, methode)
        else:
            assert response.status_code in (403, 404), (naam, methode, response.status_code)

    _wandel(client, items, controleer)


def test_walk_anonymous_goes_to_the_login(client, items):
    login = reverse("account_login")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(login), (naam, methode, response["Location"])

    _wandel(client, items, controleer)


def test_walk_resident_has_no_access(client, bewoner, wachtwoord, items):
    client.post(reverse("account_login"), {"login": bewoner.email, "password": wachtwoord})
    assert "_auth_user_id" in client.session

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert GEHEIM not in inhoud(response)

    _wandel(client, items, controleer)


def test_walk_editor_is_refused_the_quotes_and_the_export(client, redacteur, wachtwoord, items):
    """Editors prepare consultations; raw answers are not theirs."""
    inloggen(client, redacteur, wachtwoord)
    client.raise_request_exception = False
    for naam, pad in _urls(items):
        if naam.startswith(f"{citaten_viewset.name}:") or ":export" in naam:
            for methode in ("get", "post"):
                response = getattr(client, methode)(pad, POST_DATA)
                assert response.status_code == 403, (naam, methode, response.status_code)
                assert f"{GEHEIM}-antwoord" not in inhoud(response)


def test_walk_coordinator_without_second_factor_goes_to_mfa(client, coordinator_tanthof, items):
    activeer_totp(coordinator_tanthof)
    client.force_login(coordinator_tanthof)
    mfa = reverse("mfa_reauthenticate")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(mfa), (naam, methode, response["Location"])

    _wandel(client, items, controleer)


def test_walk_district_coordinator_reaches_the_items(
    client, coordinator_tanthof, wachtwoord, items
):
    """The control: the district's coordinator finds both items (GET only)."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    gevonden = set()
    for naam, pad in _urls(items):
        response = client.get(pad)
        assert response.status_code in (200, 302), (naam, response.status_code)
        if GEHEIM in inhoud(response):
            gevonden.add(naam)
    for naam in (
        "raadplegingen_beheer:index",
        "raadplegingen_beheer:edit",
        "raadplegingen_beheer:export",
        "raadpleging_antwoorden:index",
        "raadpleging_antwoorden:inspect",
        "raadpleging_antwoorden:index?export=csv",
    ):
        assert naam in gevonden, naam
