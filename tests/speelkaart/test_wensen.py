"""Wishes: a new play space at a place or an improvement to one, moderation, and support."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

import pytest

from portal.gebieden.models import Buurt
from speelkaart import besluiten
from speelkaart.constants import WensSoort, WensStatus
from speelkaart.models import Wens, WensSteun
from speelkaart.queries import OPENBARE_WENSSTATUSSEN
from tests.factories import BewonerFactory, SpeelplekFactory, WensFactory, punt_in_buurt

pytestmark = pytest.mark.django_db

W = WensStatus
TEKST = {"titel": "Een trapveldje", "tekst": "Er is hier geen plek om te voetballen."}


@pytest.fixture
def buurt(tanthof):
    return Buurt.objects.select_related("wijk").filter(wijk=tanthof).first()


@pytest.fixture
def speelplek(buurt):
    return SpeelplekFactory(in_buurt=buurt)


@pytest.fixture
def als_bewoner(client, bewoner):
    client.force_login(bewoner)
    return client


@pytest.fixture
def gepubliceerde_wens(buurt, bewoner, coordinator_tanthof):
    wens = WensFactory(in_buurt=buurt, bewoner=bewoner)
    besluiten.wens_publiceren(wens, door=coordinator_tanthof)
    return wens


NIEUW = reverse("speelkaart:wens_nieuw_los")


def test_a_wish_for_a_new_play_space_in_a_neighbourhood(als_bewoner, bewoner, buurt):
    response = als_bewoner.post(NIEUW, {"buurt": buurt.pk, **TEKST})
    assert response.status_code == 302
    assert response["Location"] == reverse("speelkaart:mijn_meldingen")
    wens = Wens.objects.get(bewoner=bewoner)
    assert (wens.soort, wens.status) == (WensSoort.NIEUW, W.INGEDIEND)
    assert wens.buurt == buurt and wens.wijk == buurt.wijk
    assert wens.lat is None and wens.speelplek is None


def test_a_point_on_the_map_decides_the_neighbourhood(als_bewoner, bewoner, buurt):
    ander = Buurt.objects.exclude(pk=buurt.pk).first()
    lat, lon = punt_in_buurt(buurt)
    als_bewoner.post(NIEUW, {"buurt": ander.pk, "lat": lat, "lon": lon, **TEKST})
    wens = Wens.objects.get(bewoner=bewoner)
    assert wens.buurt == buurt
    assert (wens.lat, wens.lon) == (lat, lon)


def test_a_place_is_required_and_must_lie_in_delft(als_bewoner):
    response = als_bewoner.post(NIEUW, TEKST)
    assert 'href="#id_buurt"' in response.content.decode()
    response = als_bewoner.post(
        NIEUW, {"lat": Decimal("51.9225"), "lon": Decimal("4.47917"), **TEKST}
    )
    assert response.status_code == 200
    assert 'href="#id_buurt"' in response.content.decode()
    assert not Wens.objects.exists()


def test_a_wish_to_improve_a_play_space(als_bewoner, bewoner, speelplek):
    url = reverse("speelkaart:wens_nieuw", kwargs={"slug": speelplek.slug})
    html = als_bewoner.get(url).content.decode()
    assert 'name="buurt"' not in html and "data-locatiekiezer" not in html
    assert als_bewoner.post(url, TEKST).status_code == 302
    wens = Wens.objects.get(bewoner=bewoner)
    assert wens.soort == WensSoort.VERBETERING
    assert wens.speelplek == speelplek
    assert wens.buurt == speelplek.buurt and wens.wijk == speelplek.wijk


def test_the_new_play_space_form_offers_the_map_and_the_list(als_bewoner):
    html = als_bewoner.get(NIEUW).content.decode()
    assert "data-locatiekiezer" in html
    assert "js/locatiekiezer.js" in html
    assert 'name="buurt"' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_unverified_accounts_and_visitors_cannot_wish(client, buurt):
    assert client.post(NIEUW, {"buurt": buurt.pk, **TEKST})["Location"].startswith(
        reverse("account_login")
    )
    client.force_login(BewonerFactory(geverifieerd=False))
    assert client.post(NIEUW, {"buurt": buurt.pk, **TEKST})["Location"] == reverse("account_email")
    assert not Wens.objects.exists()


def test_moderation_publishes_and_mails_the_resident(buurt, bewoner, coordinator_tanthof):
    wens = WensFactory(in_buurt=buurt, bewoner=bewoner)
    mail.outbox.clear()
    besluiten.wens_publiceren(wens, door=coordinator_tanthof)
    wens.refresh_from_db()
    assert wens.status == W.GEPUBLICEERD
    assert wens.status in OPENBARE_WENSSTATUSSEN
    assert [m.to for m in mail.outbox] == [[bewoner.email]]
    assert wens.titel in mail.outbox[0].body
    besluiten.wens_in_behandeling(wens, door=coordinator_tanthof)
    besluiten.wens_gerealiseerd(wens, door=coordinator_tanthof, motivatie="Klaar in mei.")
    wens.refresh_from_db()
    assert wens.status == W.GEREALISEERD
    assert "Klaar in mei." in mail.outbox[-1].body


def test_a_rejected_wish_needs_a_reason_and_is_not_public(buurt, bewoner, coordinator_tanthof):
    wens = WensFactory(in_buurt=buurt, bewoner=bewoner)
    with pytest.raises(besluiten.BesluitFout):
        besluiten.wens_afwijzen(wens, door=coordinator_tanthof, motivatie="")
    besluiten.wens_afwijzen(wens, door=coordinator_tanthof, motivatie="Geen ruimte.")
    wens.refresh_from_db()
    assert wens.status == W.AFGEWEZEN and wens.status not in OPENBARE_WENSSTATUSSEN


def test_a_coordinator_of_another_district_cannot_publish(buurt, coordinator_buitenhof):
    wens = WensFactory(in_buurt=buurt)
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.wens_publiceren(wens, door=coordinator_buitenhof)
    wens.refresh_from_db()
    assert wens.status == W.INGEDIEND


def test_a_resident_supports_a_published_wish_once(client, bewoner_b, gepubliceerde_wens):
    url = reverse("speelkaart:wens_steunen", kwargs={"pk": gepubliceerde_wens.pk})
    client.force_login(bewoner_b)
    html = client.get(url).content.decode()
    assert gepubliceerde_wens.titel in html and "<form" in html
    for _keer in range(2):
        response = client.post(url)
        assert response.status_code == 302
    assert WensSteun.objects.filter(wens=gepubliceerde_wens).count() == 1
    gepubliceerde_wens.refresh_from_db()
    assert gepubliceerde_wens.aantal_steun == 1
    # A second resident adds one more.
    client.force_login(BewonerFactory())
    client.post(url)
    gepubliceerde_wens.refresh_from_db()
    assert gepubliceerde_wens.aantal_steun == 2


def test_support_goes_back_to_our_own_page_only(client, bewoner_b, gepubliceerde_wens):
    url = reverse("speelkaart:wens_steunen", kwargs={"pk": gepubliceerde_wens.pk})
    client.force_login(bewoner_b)
    response = client.post(url, {"volgende": "https://kwaad.example/"})
    assert response["Location"] == url
    response = client.post(url, {"volgende": "/speelkaart/"})
    assert response["Location"] == "/speelkaart/"


def test_a_wish_waiting_for_moderation_cannot_be_supported(client, bewoner_b, buurt):
    wens = WensFactory(in_buurt=buurt)
    client.force_login(bewoner_b)
    url = reverse("speelkaart:wens_steunen", kwargs={"pk": wens.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not WensSteun.objects.exists()


def test_the_proposer_does_not_support_their_own_wish(als_bewoner, gepubliceerde_wens):
    url = reverse("speelkaart:wens_steunen", kwargs={"pk": gepubliceerde_wens.pk})
    als_bewoner.post(url)
    assert not WensSteun.objects.exists()


def test_the_resident_sees_their_wishes_with_status(als_bewoner, gepubliceerde_wens):
    html = als_bewoner.get(reverse("speelkaart:mijn_meldingen")).content.decode()
    assert gepubliceerde_wens.titel in html
    assert str(W.GEPUBLICEERD.label) in html
