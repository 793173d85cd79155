"""The map page (/speelkaart/): the filters and their messages, the list (the same play spaces
as the map), nearest first from a neighbourhood, an address or the browser's location, a play
space's page, the district page's block, and query counts that do not grow with the data."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from bench.urls import WIJKPAGINA_BUDGET
from portal.gebieden.models import Buurt
from speelkaart import filters
from speelkaart.constants import OpmerkingStatus, SpeelplekSoort, SpeelplekStatus
from speelkaart.models import Melding, Speelplek, SpeelplekFoto, Wens
from speelkaart.queries import afstand_tekst
from tests.factories import (
    SpeelplekFactory,
    WaarderingFactory,
    WensFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lege_speelkaart(db):
    """The shared test database holds the demo's example play spaces (speelkaart/demo.py);
    these tests state their own play spaces and wishes (rolled back after each test)."""
    Melding.objects.all().delete()
    Wens.objects.all().delete()
    Speelplek.objects.all().delete()


KAART = "/speelkaart/"
# A point in Delft the fake geocoder knows (the Markt).
MARKT = (52.011700, 4.359100)


def nep_geocoder(straat, huisnummer):
    """GEOCODER_BACKEND in these tests: knows one address, and nothing else."""
    return MARKT if (straat.casefold(), huisnummer) == ("markt", "1") else None


@pytest.fixture
def geocoder(settings):
    settings.GEOCODER_URL = "https://geocoder.test/zoek"
    settings.GEOCODER_BACKEND = "tests.speelkaart.test_kaart.nep_geocoder"


def buurt(naam: str) -> Buurt:
    return Buurt.objects.select_related("wijk").get(naam=naam)


def html(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def lijst_ids(response) -> list[int]:
    """The play spaces in the page's list, in order."""
    return [int(pk) for pk in re.findall(r'data-speelplek="(\d+)"', response.content.decode())]


def alle_lijst_ids(client, query: str = "") -> list[int]:
    ids, pagina = [], 1
    while True:
        response = client.get(f"{KAART}?{query}&pagina={pagina}")
        ids += lijst_ids(response)
        if 'rel="next"' not in response.content.decode():
            return ids
        pagina += 1


def geojson_url(response) -> str:
    return unescape(re.search(r'data-geojson-url="([^"]*)"', response.content.decode())[1])


def foutmeldingen(response) -> str:
    """The error summary's text (components/error_summary.html)."""
    tekst = response.content.decode()
    begin = tekst.index("data-error-summary")
    return unescape(tekst[begin : tekst.index("</ul>", begin)])


@pytest.fixture
def drie(db):
    """Three play spaces in three districts, each with something the others lack."""
    return {
        "peuters": SpeelplekFactory(
            naam="Peutertuin Abtswoude",
            in_buurt=buurt("Abtswoude"),
            voor_0_4=True,
            voor_4_8=False,
            omheind=True,
            bankjes=True,
        ),
        "skate": SpeelplekFactory(
            naam="Skatebaan Wippolder",
            in_buurt=Buurt.objects.filter(wijk__slug="wippolder").order_by("naam").first(),
            soort=SpeelplekSoort.SKATEBAAN,
            voor_4_8=False,
            voor_12_plus=True,
            rolstoel=True,
        ),
        "speeltuin": SpeelplekFactory(
            naam="Speeltuin Binnenstad",
            in_buurt=Buurt.objects.filter(wijk__slug="binnenstad").order_by("naam").first(),
            voor_8_12=True,
            omheind=True,
            status=SpeelplekStatus.TIJDELIJK_GESLOTEN,
        ),
    }


# --- Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ("", {"peuters", "skate", "speeltuin"}),
        ("soort=skatebaan", {"skate"}),
        ("leeftijd=voor_0_4", {"peuters"}),
        # Age groups: any of the ticked ones.
        ("leeftijd=voor_0_4&leeftijd=voor_12_plus", {"peuters", "skate"}),
        ("voorziening=omheind", {"peuters", "speeltuin"}),
        # Facilities: all of the ticked ones.
        ("voorziening=omheind&voorziening=bankjes", {"peuters"}),
        ("wijk=tanthof", {"peuters"}),
        ("wijk=wippolder&voorziening=rolstoel", {"skate"}),
        ("leeftijd=voor_8_12&voorziening=omheind&wijk=binnenstad&soort=speeltuin", {"speeltuin"}),
        ("wijk=tanthof&soort=skatebaan", set()),
    ],
)
def test_each_filter_and_combinations_select_the_play_spaces(client, drie, query, verwacht):
    response = client.get(f"{KAART}?{query}")
    assert set(lijst_ids(response)) == {drie[naam].pk for naam in verwacht}
    if not verwacht:
        assert "data-geen-resultaten" in html(response)


@pytest.mark.parametrize(
    ("query", "veld"),
    [
        ("leeftijd=voor_0_4&leeftijd=baby", "#id_leeftijd_0"),
        ("voorziening=zwembad", "#id_voorziening_0"),
        ("soort=kasteel", "#id_soort"),
        ("wijk=atlantis", "#id_wijk"),
        ("buurt=nergens", "#id_buurt"),
        ("straat=" + "x" * 500 + "&huisnummer=1", "#id_straat"),
    ],
)
def test_a_bad_value_gives_a_dutch_message_on_the_page_not_an_error(client, drie, query, veld):
    response = client.get(f"{KAART}?{query}")
    assert response.status_code == 200
    meldingen = foutmeldingen(response)
    assert f'href="{veld}"' in meldingen
    assert "Er is een probleem" in html(response)
    # The valid part of the filters still applies; an invalid one is left out.
    assert len(lijst_ids(response)) == 3


def test_the_invalid_filter_is_marked_and_the_valid_ones_still_apply(client, drie):
    response = client.get(f"{KAART}?soort=kasteel&wijk=tanthof")
    assert lijst_ids(response) == [drie["peuters"].pk]
    assert "Selecteer een geldige keuze" in foutmeldingen(response)
    assert 'aria-invalid="true"' in html(response)


def test_the_form_works_without_javascript(client, drie):
    pagina = html(client.get(KAART))
    formulier = pagina[pagina.index("<form") : pagina.index("</form>")]
    assert 'method="get"' in formulier and 'type="submit"' in formulier
    # Fieldsets with legends for the checkbox groups, a visible label for every control.
    assert formulier.count("<legend") >= 3
    for veld in ("soort", "wijk", "buurt", "straat", "huisnummer", "leeftijd_0", "voorziening_0"):
        assert f'for="id_{veld}"' in formulier
    # "Use my location" only appears with JavaScript (and asks only when pressed).
    assert re.search(r"data-mijn-locatie\s+hidden", formulier)


# --- List and map: the same play spaces -------------------------------------------------------


def test_the_list_and_the_map_show_the_same_play_spaces(client, drie):
    tanthof = Buurt.objects.filter(wijk__slug="tanthof").order_by("naam")
    for i in range(24):
        SpeelplekFactory(in_buurt=tanthof[i % 5], schaduw=i % 3 == 0, voor_0_4=i % 2 == 0)
    for query in ("", "wijk=tanthof&voorziening=schaduw", "leeftijd=voor_0_4&soort=speeltuin"):
        pagina = client.get(f"{KAART}?{query}")
        kaart = client.get(geojson_url(pagina)).json()
        ids = alle_lijst_ids(client, query)
        assert len(ids) == len(set(ids))
        assert sorted(ids) == sorted(f["id"] for f in kaart["features"]), query
    assert len(alle_lijst_ids(client)) == 27  # two pages of 20


def test_the_map_gets_only_the_valid_filters_of_the_list(client, drie):
    pagina = client.get(f"{KAART}?wijk=tanthof&soort=kasteel&straat=&pagina=2")
    assert geojson_url(pagina) == "/speelkaart/speelplekken.geojson?wijk=tanthof"


def test_each_row_names_what_the_map_shows(client, drie):
    drie["peuters"].bron = "voorbeeld"
    drie["peuters"].save()
    for _ in range(2):
        WaarderingFactory(speelplek=drie["peuters"], speelwaarde=5, veiligheid=4)
    drie["peuters"].herbereken_waarderingen()
    with translation.override("nl"):
        pagina = html(client.get(f"{KAART}?wijk=tanthof"))
    kaart = pagina[pagina.index("data-speelplekkenlijst") :]
    assert "Peutertuin Abtswoude" in kaart and "Abtswoude, Tanthof" in kaart
    assert "4,0" in kaart  # (5 + 4 + 3 + 4) / 4, Dutch decimal comma
    assert '<span class="delft-badge">' in kaart  # example badge
    assert f'href="/speelkaart/{drie["peuters"].slug}/"' in kaart
    gesloten = html(client.get(f"{KAART}?wijk=binnenstad"))
    assert "delft-badge--warning" in gesloten


def test_the_map_page_links_both_open_data_downloads_and_states_the_licence(client):
    pagina = html(client.get(KAART))
    assert 'href="/speelkaart/open-data/speelplekken.geojson"' in pagina
    assert 'href="/speelkaart/open-data/speelplekken.csv"' in pagina
    assert "CC BY 4.0" in pagina and "Gemeente Delft" in pagina and 'rel="license"' in pagina


def test_the_map_page_may_ask_for_the_location_and_nothing_else(client):
    response = client.get(KAART)
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def test_the_map_page_has_no_inline_script_or_style(client, drie):
    pagina = html(client.get(KAART))
    assert " style=" not in pagina
    assert not re.search(r'<script(?![^>]*(\bsrc=|type="application/json"))[^>]*>', pagina)
    assert len(re.findall(r"<h1[ >]", pagina)) == 1


# --- Nearest first ---------------------------------------------------------------------------


def test_a_neighbourhood_sorts_the_list_by_distance(client, drie):
    response = client.get(f"{KAART}?buurt=abtswoude")
    ids = lijst_ids(response)
    assert ids[0] == drie["peuters"].pk and set(ids) == {s.pk for s in drie.values()}
    pagina = html(response)
    assert "Abtswoude" in pagina[pagina.index('id="lijst-titel"') :][:600]
    afstanden = re.findall(r"<dd>([\d,]+ k?m)</dd>", pagina)
    assert len(afstanden) == 3


def test_the_browsers_location_sorts_the_list_by_distance(client, drie):
    lat, lon = drie["skate"].lat, drie["skate"].lon
    response = client.get(f"{KAART}?lat={lat}&lon={lon}&voorziening=")
    ids = lijst_ids(response)
    assert ids[0] == drie["skate"].pk
    assert "<dd>10 m</dd>" in html(response)  # the nearest is where the visitor stands
    # Filters combine with the location.
    samen = lijst_ids(client.get(f"{KAART}?lat={lat}&lon={lon}&voorziening=omheind"))
    assert set(samen) == {drie["peuters"].pk, drie["speeltuin"].pk}


@pytest.mark.parametrize(
    "query", ["lat=abc&lon=4.3", "lat=52.0", "lat=nan&lon=nan", "lat=95&lon=4"]
)
def test_an_unusable_location_gives_a_message_and_the_list_by_name(client, drie, query):
    response = client.get(f"{KAART}?{query}")
    assert str(filters.LOCATIE_ONBRUIKBAAR) in foutmeldingen(response)
    assert "<dd>10 m</dd>" not in html(response)
    assert len(lijst_ids(response)) == 3


def test_a_chosen_neighbourhood_wins_over_an_old_location(client, drie):
    lat, lon = drie["skate"].lat, drie["skate"].lon
    response = client.get(f"{KAART}?lat={lat}&lon={lon}&buurt=abtswoude")
    assert lijst_ids(response)[0] == drie["peuters"].pk


def test_a_neighbourhood_and_an_address_together_are_asked_back(client, drie, geocoder):
    response = client.get(f"{KAART}?buurt=abtswoude&straat=Markt&huisnummer=1")
    assert str(filters.BUURT_EN_ADRES) in foutmeldingen(response)


def test_an_address_is_found_by_the_geocoder_and_sorts_by_distance(client, drie, geocoder):
    response = client.get(f"{KAART}?straat=Markt&huisnummer=1")
    assert "data-error-summary" not in response.content.decode()
    assert lijst_ids(response)[0] == drie["speeltuin"].pk  # the one in the Binnenstad
    assert "Markt 1" in html(response)


def test_an_unknown_address_gives_a_clear_message(client, drie, geocoder):
    response = client.get(f"{KAART}?straat=Nergensstraat&huisnummer=9")
    assert str(filters.ADRES_ONBEKEND) in foutmeldingen(response)
    assert len(lijst_ids(response)) == 3


def test_without_a_geocoder_the_address_search_says_so(client, drie, settings):
    assert settings.GEOCODER_URL == ""  # the test settings switch it off
    response = client.get(f"{KAART}?straat=Markt&huisnummer=1")
    assert str(filters.GEOCODER_UIT) in foutmeldingen(response)
    assert 'href="#id_straat"' in foutmeldingen(response)


def kapotte_geocoder(straat, huisnummer):
    raise TimeoutError("the geocoder does not answer")


def test_a_failing_geocoder_says_the_search_is_unavailable(client, drie, geocoder, settings):
    settings.GEOCODER_BACKEND = "tests.speelkaart.test_kaart.kapotte_geocoder"
    for _ in range(2):  # the failure, then the pause that follows it
        response = client.get(f"{KAART}?straat=Markt&huisnummer=1")
        assert str(filters.GEOCODER_UIT) in foutmeldingen(response)
        assert len(lijst_ids(response)) == 3


def test_a_street_without_a_number_is_asked_back(client, drie, geocoder):
    response = client.get(f"{KAART}?straat=Markt")
    assert 'href="#id_huisnummer"' in foutmeldingen(response)


def test_distances_are_written_the_dutch_way():
    with translation.override("nl"):
        assert afstand_tekst(3) == "10 m"
        assert afstand_tekst(346) == "350 m"
        assert afstand_tekst(1234) == "1,2 km"
        assert afstand_tekst(12_345) == "12,3 km"


# --- A play space's page --------------------------------------------------------------------


def test_the_page_shows_only_published_comments(client):
    speelplek = SpeelplekFactory()
    zichtbaar = WaarderingFactory(speelplek=speelplek, met_opmerking=True, opmerking="Mooie plek!")
    zichtbaar.opmerking_status = OpmerkingStatus.GEPUBLICEERD
    zichtbaar.save()
    WaarderingFactory(speelplek=speelplek, met_opmerking=True, opmerking="Wacht nog.")
    afgewezen = WaarderingFactory(speelplek=speelplek, met_opmerking=True, opmerking="Scheldwoord")
    afgewezen.opmerking_status = OpmerkingStatus.AFGEWEZEN
    afgewezen.save()
    speelplek.herbereken_waarderingen()
    pagina = html(client.get(speelplek.get_absolute_url()))
    assert "Mooie plek!" in pagina
    assert "Wacht nog." not in pagina and "Scheldwoord" not in pagina
    assert zichtbaar.bewoner.email not in pagina and zichtbaar.bewoner.last_name not in pagina


def test_comments_are_paginated(client):
    speelplek = SpeelplekFactory()
    for n in range(12):
        WaarderingFactory(
            speelplek=speelplek,
            opmerking=f"Opmerking nummer {n:02d}.",
            opmerking_status="gepubliceerd",
        )
    eerste = html(client.get(speelplek.get_absolute_url()))
    tweede = html(client.get(speelplek.get_absolute_url() + "?pagina=2"))
    assert eerste.count("Opmerking nummer") == 10 and tweede.count("Opmerking nummer") == 2


def test_the_page_shows_the_averages_per_criterion_with_their_counts(client):
    speelplek = SpeelplekFactory(bron="voorbeeld", beheerder="Gemeente Delft, Stadsbeheer")
    WaarderingFactory(speelplek=speelplek, speelwaarde=5, veiligheid=2, onderhoud=3, leeftijd=4)
    WaarderingFactory(speelplek=speelplek, speelwaarde=4, veiligheid=3, onderhoud=3, leeftijd=4)
    speelplek.herbereken_waarderingen()
    with translation.override("nl"):
        pagina = html(client.get(speelplek.get_absolute_url()))
    tabel = pagina[pagina.index("<table") : pagina.index("</table>")]
    assert "4,5" in tabel and "2,5" in tabel and "3,0" in tabel
    assert tabel.count(">2</td>") == 4
    assert '<span class="delft-badge">' in pagina  # example
    assert "Stadsbeheer" in pagina and "schommel" in pagina
    assert 'data-lat="' in pagina and 'href="/speelkaart/?wijk=' in pagina


def test_the_page_links_to_rating_reporting_and_wishing_when_those_exist(client):
    from django.urls import NoReverseMatch, reverse

    speelplek = SpeelplekFactory()
    pagina = html(client.get(speelplek.get_absolute_url()))
    for naam in ("waarderen", "melden", "wens_nieuw"):
        try:
            url = reverse(f"speelkaart:{naam}", kwargs={"slug": speelplek.slug})
        except NoReverseMatch:  # the residents' part is not there (yet)
            continue
        assert f'href="{url}"' in pagina


def test_an_unknown_play_space_is_a_404(client):
    assert client.get("/speelkaart/bestaat-niet/").status_code == 404


def _foto(speelplek, alt):
    afbeelding = Image.objects.create(title=alt, file=get_test_image_file())
    SpeelplekFoto.objects.create(speelplek=speelplek, afbeelding=afbeelding, alt_tekst=alt)


def test_photos_are_renditions_with_their_alternative_text(client):
    speelplek = SpeelplekFactory()
    _foto(speelplek, "Een rode schommel onder een boom")
    pagina = html(client.get(speelplek.get_absolute_url()))
    assert re.search(r'<img[^>]+alt="Een rode schommel onder een boom"', pagina)
    assert "/images/" in pagina and 'loading="lazy"' in pagina


def tel(client, url) -> int:
    client.get(url)  # warm per-process caches (areas, renditions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_play_space_page_costs_the_same_queries_with_more_photos_and_comments(client):
    speelplek = SpeelplekFactory()
    _foto(speelplek, "Eerste foto")
    WaarderingFactory(speelplek=speelplek, opmerking="Een.", opmerking_status="gepubliceerd")
    voor = tel(client, speelplek.get_absolute_url())
    for n in range(3):
        _foto(speelplek, f"Foto {n}")
    for _ in range(15):
        WaarderingFactory(speelplek=speelplek, opmerking="Meer.", opmerking_status="gepubliceerd")
    assert tel(client, speelplek.get_absolute_url()) == voor <= 7


# --- Query counts ----------------------------------------------------------------------------


def _speelplekken(aantal: int) -> None:
    buurten = list(Buurt.objects.select_related("wijk").order_by("pk")[:10])
    for i in range(aantal):
        SpeelplekFactory(in_buurt=buurten[i % 10], schaduw=i % 2 == 0)


@pytest.mark.parametrize(
    "query",
    ["", "leeftijd=voor_4_8&voorziening=schaduw", "buurt=abtswoude", "wijk=tanthof&pagina=2"],
)
def test_the_map_page_makes_the_same_queries_for_5_and_50_play_spaces(client, query):
    WensFactory(status="gepubliceerd")
    _speelplekken(5)
    bij_5 = tel(client, f"{KAART}?{query}")
    _speelplekken(45)
    assert tel(client, f"{KAART}?{query}") == bij_5 <= 5


# --- The district page's block ---------------------------------------------------------------


def test_the_district_page_shows_the_play_spaces_block_within_its_query_budget(client):
    assert 'id="speelplekken-titel"' not in html(client.get("/tanthof/"))  # none yet
    tanthof = Buurt.objects.filter(wijk__slug="tanthof").order_by("naam")
    beste = SpeelplekFactory(naam="Beste speeltuin", in_buurt=tanthof[0])
    WaarderingFactory(speelplek=beste, speelwaarde=5, veiligheid=5, onderhoud=5, leeftijd=5)
    beste.herbereken_waarderingen()
    for i in range(4):
        SpeelplekFactory(in_buurt=tanthof[i + 1])
    SpeelplekFactory(in_buurt=Buurt.objects.filter(wijk__slug="voorhof").first())
    pagina = html(client.get("/tanthof/"))
    blok = pagina[pagina.index('id="speelplekken-titel"') :][:2500]
    assert "Tanthof" in blok and "5" in blok
    assert 'href="/speelkaart/?wijk=tanthof"' in blok
    assert f'href="/speelkaart/{beste.slug}/"' in blok
    assert tel(client, "/tanthof/") <= WIJKPAGINA_BUDGET


def test_the_district_block_counts_only_its_own_district(client):
    from speelkaart.queries import wijkblok_speelplekken

    tanthof = buurt("Abtswoude").wijk
    SpeelplekFactory.create_batch(2, in_buurt=buurt("Abtswoude"))
    SpeelplekFactory(in_buurt=Buurt.objects.filter(wijk__slug="voorhof").first())
    with CaptureQueriesContext(connection) as queries:
        blok = wijkblok_speelplekken(tanthof, None)
    assert len(queries) == 1 and blok["aantal"] == 2 and blok["beste"] == []


def test_sorting_by_distance_can_be_undone_keeping_the_other_filters(client, drie):
    lat, lon = drie["skate"].lat, drie["skate"].lon
    pagina = html(client.get(f"{KAART}?lat={lat}&lon={lon}&voorziening=omheind&pagina=1"))
    terug = re.search(r'href="(\?[^"]*)">[^<]*</a></p>', pagina[pagina.index("lijst-titel") :])[1]
    assert re.findall(r"<dd>[\d,]+ k?m</dd>", pagina)  # distances shown
    assert "lat=" not in terug and "voorziening=omheind" in terug
    assert not re.findall(r"<dd>[\d,]+ k?m</dd>", html(client.get(KAART + terug)))
