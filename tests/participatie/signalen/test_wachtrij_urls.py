"""The walk (tests/wandeling.py): every URL of the signals'
queue, taken from the viewset's own ``get_urlpatterns()`` (so a view added later is walked
too), and every public signal URL, requested as every role that must not see a Tanthof signal.
Every URL is requested with GET and with POST (decisions and "Toon melder" are POST forms)."""

from django.urls import reverse

import pytest

from participatie.signalen import urls as publieke_urls
from participatie.signalen.constants import SignaalStatus as S
from participatie.signalen.models import IdentiteitInzage, Signaal
from participatie.signalen.wachtrij import signalen_viewset
from participatie.wachtrij import Notitie, Overgang
from tests.accounts.helpers import activeer_totp, inloggen
from tests.wandeling import dekt_de_resolver, inhoud, wandel, wandel_urls

from .conftest import GEHEIM
from .test_mijn_signalen import met_foto  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# Everything a form could ask, so a POST that got through would change something.
POST_DATA = {
    "behandelaar": "",
    "doorgestuurd_naar": "Lek?",
    "programmathema": "Lek?",
    "antwoord": "Lek?",
    "motivatie": "Lek?",
    "notitie": "Lek?",
    "tekst": "Lek?",
    "reden": "Lek?",
}


@pytest.fixture
def item(met_foto):  # noqa: F811
    """The Tanthof signal every URL names (with a photo, so the photo URL is walked too)."""
    Signaal.objects.filter(pk=met_foto.pk).update(tekst=f"{GEHEIM}-tekst")
    met_foto.refresh_from_db()
    return met_foto


def _admin_urls(signaal):
    return wandel_urls([signalen_viewset], lambda _viewset: signaal)


def _publieke_urls(signaal):
    return [
        (f"signalen:{p.name}", reverse(f"signalen:{p.name}", kwargs={"pk": signaal.pk}))
        for p in publieke_urls.urlpatterns
        if "pk" in p.pattern.converters
    ]


def test_the_walk_covers_every_url_the_resolver_knows(item):
    dekt_de_resolver([signalen_viewset], _admin_urls(item))
    assert "signalen_wachtrij:melder" in {naam for naam, _pad in _admin_urls(item)}
    publiek = {naam for naam, _pad in _publieke_urls(item)}
    assert {"signalen:detail", "signalen:verzonden", "signalen:foto"} <= publiek


def _niets_veranderd(signaal):
    vers = Signaal.objects.get(pk=signaal.pk)
    assert vers.status == S.INGEDIEND and vers.behandelaar_id is None
    assert vers.tekst == f"{GEHEIM}-tekst"
    assert not (vers.doorgestuurd_naar or vers.programmathema or vers.antwoord)
    assert not Overgang.objects.filter(object_id=signaal.pk).exists()
    assert not Notitie.objects.voor(vers).exists()
    assert not IdentiteitInzage.objects.exists()


def _wandel(client, signaal, controleer, urls=None):
    urls = urls if urls is not None else _admin_urls(signaal)
    wandel(client, urls, controleer, post_data=POST_DATA, minimum=20)
    _niets_veranderd(signaal)


def test_walk_coordinator_of_another_district(client, coordinator_buitenhof, wachtwoord, item):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    client.raise_request_exception = False

    def controleer(naam, methode, response):
        tekst = inhoud(response)
        assert response.status_code < 500, (naam, methode)
        assert GEHEIM not in tekst, (naam, methode)
        assert item.bewoner.email not in tekst, (naam, methode)
        if naam.split("?")[0].endswith((":index", ":index_results")):
            assert response.status_code in (200, 403, 404, 405), (naam, methode)
        elif naam.startswith("signalen:"):  # read-only public pages refuse POST as such
            assert response.status_code in (404, 405), (naam, methode, response.status_code)
        else:
            assert response.status_code in (403, 404), (naam, methode, response.status_code)

    _wandel(client, item, controleer, _admin_urls(item) + _publieke_urls(item))


def test_walk_anonymous_goes_to_the_login(client, item):
    login = reverse("account_login")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(login), (naam, methode, response["Location"])

    _wandel(client, item, controleer, _admin_urls(item) + _publieke_urls(item))


def test_walk_another_resident_never_sees_the_signal(client, bewoner_b, wachtwoord, item):
    client.post(reverse("account_login"), {"login": bewoner_b.email, "password": wachtwoord})
    assert "_auth_user_id" in client.session
    login = reverse("account_login")

    def controleer(naam, methode, response):
        assert GEHEIM not in inhoud(response), (naam, methode)
        if naam.startswith("signalen:"):  # the public pages: like a signal that does not exist
            assert response.status_code in (404, 405), (naam, methode, response.status_code)
        else:  # the admin: a resident is sent to the login
            assert response.status_code == 302, (naam, methode)
            assert response["Location"].startswith(login), (naam, methode)

    _wandel(client, item, controleer, _admin_urls(item) + _publieke_urls(item))


def test_walk_editor_with_second_factor_is_refused(client, redacteur, wachtwoord, item):
    inloggen(client, redacteur, wachtwoord)

    def controleer(naam, methode, response):
        assert response.status_code == 403, (naam, methode, response.status_code)
        assert GEHEIM not in inhoud(response)

    _wandel(client, item, controleer)


def test_walk_district_coordinator_without_second_factor_goes_to_mfa(
    client, coordinator_tanthof, item
):
    activeer_totp(coordinator_tanthof)
    client.force_login(coordinator_tanthof)  # password session, no second factor
    mfa = reverse("mfa_reauthenticate")

    def controleer(naam, methode, response):
        assert response.status_code == 302, (naam, methode)
        assert response["Location"].startswith(mfa), (naam, methode, response["Location"])

    _wandel(client, item, controleer)


def test_walk_district_coordinator_reaches_every_url(client, coordinator_tanthof, wachtwoord, item):
    """The control: the same walk as the district's coordinator (GET only) finds the signal."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    mogelijk = {b.naam for b in signalen_viewset.mogelijke_besluiten(item)} | {
        "inspect",
        "notitie",
        "melder",
        "index",
        "index_results",
    }
    if signalen_viewset.is_toewijsbaar(item):
        mogelijk.add("toewijzen")
    for patroon in signalen_viewset.get_urlpatterns():
        naam = signalen_viewset.get_url_name(patroon.name)
        pad = reverse(naam, kwargs=dict.fromkeys(patroon.pattern.converters, item.pk))
        response = client.get(pad)
        if patroon.name in mogelijk:
            assert response.status_code == 200, (naam, response.status_code)
            if patroon.name in ("index", "inspect"):
                assert GEHEIM in inhoud(response), naam
        else:
            assert response.status_code == 302, naam
            assert response["Location"] == reverse("signalen_wachtrij:inspect", args=[item.pk])
    _niets_veranderd(item)
