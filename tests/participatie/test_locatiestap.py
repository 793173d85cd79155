"""Step 2 (location): the status line names the neighbourhood of the saved point, and a point
far from the typed address asks the resident to confirm both before the step is saved.

The geocoder is a fake plugged in through ``GEOCODER_BACKEND`` (``ADRESSEN`` below): no test
asks PDOK."""

import re
import sys

import pytest

from participatie.models import Aanvraag
from portal.gebieden.models import Buurt

from .conftest import punt_in, stap_url, start

pytestmark = pytest.mark.django_db

# The geocoder's knowledge in a test: (street, number) → (lat, lon). Filled by `geocoder`.
ADRESSEN: dict[tuple[str, str], tuple[float, float]] = {}


def nep_geocoder(straat: str, huisnummer: str) -> tuple[float, float] | None:
    return ADRESSEN.get((straat, huisnummer))


@pytest.fixture
def geocoder(settings, monkeypatch):
    """A geocoder that knows the addresses the test puts in the returned dict."""
    settings.GEOCODER_URL = "https://geocoder.test/"  # switched on; the fake never uses it
    settings.GEOCODER_BACKEND = f"{__name__}.nep_geocoder"
    adressen = {}
    monkeypatch.setattr(sys.modules[__name__], "ADRESSEN", adressen)
    return adressen


@pytest.fixture
def op_stap_2(client, bewoner, straatfeest) -> Aanvraag:
    """The resident's draft, with step 1 done."""
    client.force_login(bewoner)
    aanvraag = start(client, straatfeest)
    response = client.post(
        stap_url(aanvraag, 1), {"titel": "Burendag", "omschrijving": "Koffie op de stoep."}
    )
    assert response.status_code == 302
    return aanvraag


def stap_2(straat="Roland Holstlaan", huisnummer="12", punt=None, **extra) -> dict:
    lat, lon = punt or punt_in("Roland Holstbuurt")
    return {
        "straat": straat,
        "huisnummer": huisnummer,
        "locatie_lat": lat,
        "locatie_lon": lon,
        **extra,
    }


def als_getallen(punt) -> tuple[float, float]:
    return float(punt[0]), float(punt[1])


def statusregel(html: str) -> str:
    """The text of the location picker's status line."""
    regel = re.search(r'class="[^"]*delft-locatiekiezer__status"[^>]*>(.*?)</p>', html, re.S)
    return " ".join(regel.group(1).split())


def verschoven(punt, noord_graden: float) -> tuple[float, float]:
    """``punt`` moved north (0.001° of latitude is about 111 m)."""
    return float(punt[0]) + noord_graden, float(punt[1])


def test_a_point_far_from_the_typed_address_asks_to_confirm_both(client, op_stap_2, geocoder):
    geocoder["Roland Holstlaan", "12"] = als_getallen(punt_in("Roland Holstbuurt"))
    tanthof = punt_in("Tanthofkadebuurt")  # a few kilometres south
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=tanthof))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["afstand_bevestigd"]
    html = response.content.decode()
    melding = response.context["form"].errors["afstand_bevestigd"][0]
    assert re.search(r" \d+,\d km .*Roland Holstlaan 12\.", melding), melding
    assert 'name="afstand_bevestigd"' in html and 'aria-invalid="true"' in html
    assert 'href="#id_afstand_bevestigd"' in html  # in the error summary
    # Nothing typed is lost.
    assert 'value="Roland Holstlaan"' in html and 'value="12"' in html
    assert f'value="{tanthof[0]}"' in html and f'value="{tanthof[1]}"' in html
    op_stap_2.refresh_from_db()
    assert (op_stap_2.stappen_voltooid, op_stap_2.buurt) == (1, None)


def test_a_few_hundred_metres_are_said_in_metres(client, op_stap_2, geocoder):
    punt = punt_in("Roland Holstbuurt")
    geocoder["Roland Holstlaan", "12"] = verschoven(punt, 0.0045)  # about 500 m
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=punt))
    melding = response.context["form"].errors["afstand_bevestigd"][0]
    assert re.search(r" 500 m .*Roland Holstlaan 12\.", melding), melding


def test_ticking_the_box_saves_the_step(client, op_stap_2, geocoder):
    geocoder["Roland Holstlaan", "12"] = als_getallen(punt_in("Roland Holstbuurt"))
    data = stap_2(punt=punt_in("Tanthofkadebuurt"), afstand_bevestigd="on")
    response = client.post(stap_url(op_stap_2, 2), data)
    assert response["Location"] == stap_url(op_stap_2, 3)
    op_stap_2.refresh_from_db()
    assert (op_stap_2.buurt.naam, op_stap_2.wijk.naam) == ("Tanthofkadebuurt", "Tanthof")


def test_a_ticked_box_is_kept_when_the_step_comes_back_for_another_error(
    client, op_stap_2, geocoder
):
    geocoder["Roland Holstlaan", "12"] = als_getallen(punt_in("Roland Holstbuurt"))
    data = stap_2(huisnummer="", punt=punt_in("Tanthofkadebuurt"), afstand_bevestigd="on")
    html = client.post(stap_url(op_stap_2, 2), data).content.decode()
    assert re.search(r'<input type="checkbox" name="afstand_bevestigd"[^>]* checked', html)


def test_no_question_when_the_point_is_near_the_address(client, op_stap_2, geocoder):
    punt = punt_in("Roland Holstbuurt")
    geocoder["Roland Holstlaan", "12"] = verschoven(punt, 0.002)  # about 220 m
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=punt))
    assert response["Location"] == stap_url(op_stap_2, 3)


def test_no_question_when_the_geocoder_does_not_know_the_address(client, op_stap_2, geocoder):
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=punt_in("Tanthofkadebuurt")))
    assert response["Location"] == stap_url(op_stap_2, 3)


def test_no_question_without_a_geocoder(client, op_stap_2, settings):
    assert settings.GEOCODER_URL == ""  # the test settings switch it off
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=punt_in("Tanthofkadebuurt")))
    assert response["Location"] == stap_url(op_stap_2, 3)


def test_no_question_when_the_geocoder_fails(client, op_stap_2, geocoder, settings, monkeypatch):
    settings.GEOCODER_BACKEND = "portal.gebieden.geocoder.pdok"

    def onbereikbaar(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr("urllib.request.urlopen", onbereikbaar)
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=punt_in("Tanthofkadebuurt")))
    assert response["Location"] == stap_url(op_stap_2, 3)


def test_no_question_for_a_neighbourhood_from_the_list(client, op_stap_2, geocoder):
    geocoder["Roland Holstlaan", "12"] = als_getallen(punt_in("Tanthofkadebuurt"))
    buurt = Buurt.objects.get(naam="Roland Holstbuurt")
    data = {"straat": "Roland Holstlaan", "huisnummer": "12", "buurt": str(buurt.pk)}
    response = client.post(stap_url(op_stap_2, 2), data)
    assert response["Location"] == stap_url(op_stap_2, 3)


def test_the_confirmation_box_is_not_on_the_page_otherwise(client, op_stap_2):
    html = client.get(stap_url(op_stap_2, 2)).content.decode()
    assert "afstand_bevestigd" not in html


def test_the_status_names_the_neighbourhood_of_the_saved_point(client, op_stap_2):
    lat, lon = punt_in("Roland Holstbuurt")
    client.post(stap_url(op_stap_2, 2), stap_2(punt=(lat, lon)))
    tekst = statusregel(client.get(stap_url(op_stap_2, 2)).content.decode())
    assert tekst.startswith("Gekozen op de kaart:")
    assert "Roland Holstbuurt" in tekst and "Voorhof" in tekst
    assert lat not in tekst and lon not in tekst  # no bare coordinates


def test_the_status_is_empty_without_a_point(client, op_stap_2):
    assert statusregel(client.get(stap_url(op_stap_2, 2)).content.decode()) == ""


def test_the_picker_gets_the_endpoint_and_the_clear_button(client, op_stap_2):
    html = client.get(stap_url(op_stap_2, 2)).content.decode()
    assert 'data-buurt-url="/gebieden/buurt-bij-punt/"' in html
    assert "data-label-buurt=" in html and "{buurt}" in html and "{wijk}" in html
    knop = re.search(
        r'<button class="([^"]*)delft-locatiekiezer__wissen" type="button" hidden>', html
    )
    assert knop and "utrecht-button--secondary-action" in knop.group(1)


def test_the_status_follows_the_posted_point_when_the_step_comes_back(client, op_stap_2):
    client.post(stap_url(op_stap_2, 2), stap_2())  # saved in the Roland Holstbuurt
    den_haag = ("52.079900", "4.311300")
    response = client.post(stap_url(op_stap_2, 2), stap_2(punt=den_haag))
    assert list(response.context["form"].errors) == ["buurt"]
    assert statusregel(response.content.decode()) == ""  # not the draft's Roland Holstbuurt
    tanthof = punt_in("Tanthofkadebuurt")
    response = client.post(stap_url(op_stap_2, 2), stap_2(huisnummer="", punt=tanthof))
    assert "Tanthofkadebuurt" in statusregel(response.content.decode())
