"""The optional geocoder (portal/gebieden/geocoder.py): PDOK's answer parsed, answers cached,
a failure answers None and pauses further calls, and switched off it never touches the network.
``urlopen`` is replaced in every test: no test asks PDOK."""

import io
import json
import urllib.error
import urllib.parse

from django.core.cache import cache

import pytest

from portal.gebieden import geocoder
from portal.gebieden.geocoder import zoek_adres

# The shape of a Locatieserver /free answer, with the fields the geocoder asks for (fl).
PDOK_ANTWOORD = {
    "response": {
        "numFound": 1,
        "start": 0,
        "maxScore": 17.5,
        "numFoundExact": True,
        "docs": [{"straatnaam": "Proefstraat", "centroide_ll": "POINT(4.3571 52.0116)"}],
    }
}


class NepPdok:
    """Stands in for ``urllib.request.urlopen``: records the calls, answers ``antwoord`` (a dict,
    or an exception to raise)."""

    def __init__(self, antwoord):
        self.antwoord = antwoord
        self.aanroepen = []

    def __call__(self, url, timeout=None):
        self.aanroepen.append((url, timeout))
        if isinstance(self.antwoord, BaseException):
            raise self.antwoord
        return io.BytesIO(json.dumps(self.antwoord).encode())


@pytest.fixture
def pdok(settings, monkeypatch):
    """The geocoder switched on (the test settings switch it off), PDOK replaced by a fake."""
    settings.GEOCODER_URL = "https://pdok.test/locatieserver/free"
    settings.GEOCODER_BACKEND = "portal.gebieden.geocoder.pdok"

    def vervang(antwoord):
        nep = NepPdok(antwoord)
        monkeypatch.setattr("urllib.request.urlopen", nep)
        return nep

    return vervang


def test_the_point_of_the_best_match_in_delft_is_read_from_pdoks_answer(pdok):
    nep = pdok(PDOK_ANTWOORD)
    assert zoek_adres(" Proefstraat ", "12 ") == (52.0116, 4.3571)  # (lat, lon)
    (url, timeout), *_ = nep.aanroepen
    assert timeout == 2
    basis, query = url.split("?")
    assert basis == "https://pdok.test/locatieserver/free"
    params = urllib.parse.parse_qs(query)
    assert params["q"] == ["Proefstraat 12 Delft"]
    assert params["fq"] == ["type:adres", "gemeentenaam:Delft"]
    assert params["rows"] == ["1"]


def test_an_answer_is_cached_so_the_same_address_is_asked_once(pdok):
    nep = pdok(PDOK_ANTWOORD)
    for _ in range(3):
        assert zoek_adres("Proefstraat", "12") == (52.0116, 4.3571)
    assert zoek_adres("proefstraat", "12") == (52.0116, 4.3571)  # the same address
    assert len(nep.aanroepen) == 1


@pytest.mark.parametrize(
    "docs",
    [
        [],  # PDOK knows no such address in Delft
        [{"straatnaam": "Andere Straat", "centroide_ll": "POINT(4.35 52.01)"}],  # a fuzzy match
    ],
)
def test_no_match_or_another_street_is_none_and_cached_too(pdok, docs):
    nep = pdok({"response": {"numFound": len(docs), "docs": docs}})
    assert zoek_adres("Proefstraat", "12") is None
    assert zoek_adres("Proefstraat", "12") is None
    assert len(nep.aanroepen) == 1


@pytest.mark.parametrize(
    "fout",
    [
        urllib.error.URLError("Name or service not known"),
        TimeoutError("timed out"),
        urllib.error.HTTPError("https://pdok.test/", 503, "Service Unavailable", None, None),
    ],
)
def test_a_failure_answers_none_and_pauses_every_call_for_a_minute(pdok, fout):
    nep = pdok(fout)
    assert zoek_adres("Proefstraat", "12") is None
    assert cache.get(geocoder.PAUZE_SLEUTEL)
    nep.antwoord = PDOK_ANTWOORD  # PDOK is back, but the pause holds, for every address
    assert zoek_adres("Proefstraat", "12") is None
    assert zoek_adres("Andere Straat", "3") is None
    assert len(nep.aanroepen) == 1
    cache.delete(geocoder.PAUZE_SLEUTEL)  # a minute later
    assert zoek_adres("Proefstraat", "12") == (52.0116, 4.3571)


@pytest.mark.parametrize("antwoord", [{"fout": "onverwacht"}, {"response": {"docs": "x"}}])
def test_an_unexpected_answer_counts_as_a_failure(pdok, antwoord):
    nep = pdok(antwoord)
    assert zoek_adres("Proefstraat", "12") is None
    assert cache.get(geocoder.PAUZE_SLEUTEL)
    assert len(nep.aanroepen) == 1


def test_switched_off_it_answers_none_without_the_network(settings, monkeypatch):
    settings.GEOCODER_URL = ""

    def geen_netwerk(*args, **kwargs):
        raise AssertionError("the geocoder went to the network while switched off")

    monkeypatch.setattr("urllib.request.urlopen", geen_netwerk)
    assert zoek_adres("Proefstraat", "12") is None


def test_the_test_settings_switch_it_off(settings):
    assert settings.GEOCODER_URL == ""


def test_without_street_or_number_nothing_is_asked(pdok):
    nep = pdok(PDOK_ANTWOORD)
    assert zoek_adres("  ", "12") is None
    assert zoek_adres("Proefstraat", "") is None
    assert nep.aanroepen == []
