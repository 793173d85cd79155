"""'Mijn signalen', a signal's page and its photo: the sender's own, 404 for everyone else
(the photo also for staff of the signal's district with a second factor)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatie.signalen import besluiten
from tests.accounts.helpers import activeer_totp, inloggen
from tests.factories import SignaalFactory

from .conftest import GEHEIM, gecontroleerde_foto

pytestmark = pytest.mark.django_db


@pytest.fixture
def met_foto(bewoner, categorie, tanthof, buurt_tanthof):
    return besluiten.dien_in(
        bewoner,
        categorie=categorie,
        tekst="Signaal met foto",
        wijk=tanthof,
        buurt=buurt_tanthof,
        foto=gecontroleerde_foto(),
    )


def _foto_url(signaal):
    return reverse("signalen:foto", kwargs={"pk": signaal.pk})


def _detail_url(signaal):
    return reverse("signalen:detail", kwargs={"pk": signaal.pk})


def test_my_signals_shows_mine_with_status_and_reply_and_not_others(
    als_bewoner, signaal, signaal_buitenhof, coordinator_tanthof
):
    besluiten.afsluiten(signaal, door=coordinator_tanthof, antwoord="Het-publieke-antwoord")
    html = als_bewoner.get(reverse("signalen:mijn")).content.decode()
    assert f"{GEHEIM}-tekst" in html
    assert "Het-publieke-antwoord" in html
    assert "Afgesloten" in html
    assert "Buitenhof-tekst" not in html
    assert _detail_url(signaal) in html


def test_my_signals_shows_the_partner_of_a_forwarded_signal(
    als_bewoner, signaal, coordinator_tanthof
):
    besluiten.doorsturen(signaal, door=coordinator_tanthof, doorgestuurd_naar="Woonbron")
    html = als_bewoner.get(reverse("signalen:mijn")).content.decode()
    assert "Woonbron" in html


def test_my_signals_is_paginated_with_a_constant_number_of_queries(
    als_bewoner, bewoner, categorie, buurt_tanthof
):
    url = reverse("signalen:mijn")
    SignaalFactory(bewoner=bewoner, categorie=categorie, in_buurt=buurt_tanthof)
    als_bewoner.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as een:
        als_bewoner.get(url)
    for _ in range(24):
        SignaalFactory(bewoner=bewoner, categorie=categorie, in_buurt=buurt_tanthof)
    with CaptureQueriesContext(connection) as veel:
        response = als_bewoner.get(url)
    assert len(veel) == len(een)
    html = response.content.decode()
    assert "?pagina=2" in html
    assert als_bewoner.get(url + "?pagina=2").status_code == 200


def test_the_detail_page_is_for_the_sender_only(client, signaal, bewoner, bewoner_b):
    client.force_login(bewoner)
    response = client.get(_detail_url(signaal))
    assert response.status_code == 200
    assert f"{GEHEIM}-tekst" in response.content.decode()
    client.force_login(bewoner_b)
    response = client.get(_detail_url(signaal))
    assert response.status_code == 404
    assert GEHEIM not in response.content.decode()


def test_the_detail_page_shows_the_public_history_not_internal_notes(
    als_bewoner, signaal, coordinator_tanthof
):
    besluiten.in_behandeling_nemen(
        signaal, door=coordinator_tanthof, motivatie="We-kijken-ernaar", notitie="Intern-geheim"
    )
    html = als_bewoner.get(_detail_url(signaal)).content.decode()
    assert "We-kijken-ernaar" in html
    assert "Intern-geheim" not in html
    assert coordinator_tanthof.email not in html


def test_anonymous_visitors_go_to_the_login(client, signaal):
    for url in (reverse("signalen:mijn"), _detail_url(signaal), _foto_url(signaal)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_the_sender_sees_the_photo(als_bewoner, met_foto):
    response = als_bewoner.get(_foto_url(met_foto))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"


def test_another_resident_gets_404_for_the_photo(client, met_foto, bewoner_b):
    client.force_login(bewoner_b)
    assert client.get(_foto_url(met_foto)).status_code == 404


def test_a_signal_without_a_photo_answers_404(als_bewoner, signaal):
    assert als_bewoner.get(_foto_url(signaal)).status_code == 404


def test_staff_of_the_district_with_a_second_factor_see_the_photo(
    client, met_foto, coordinator_tanthof, wachtwoord
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert client.get(_foto_url(met_foto)).status_code == 200


def test_staff_of_another_district_get_404_for_the_photo(
    client, met_foto, coordinator_buitenhof, wachtwoord
):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    assert client.get(_foto_url(met_foto)).status_code == 404


def test_staff_without_a_second_factor_do_not_see_the_photo(client, met_foto, coordinator_tanthof):
    activeer_totp(coordinator_tanthof)
    client.force_login(coordinator_tanthof)  # a session without a second factor
    response = client.get(_foto_url(met_foto))
    assert response.status_code != 200
    assert response.get("Content-Type") != "image/jpeg"
