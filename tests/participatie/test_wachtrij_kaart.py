"""The review queue's detail screen shows an application's location (participatie.admin_aanvragen,
static/js/wachtrijkaart.js): the neighbourhood's boundary as GeoJSON in a ``json_script``, the
point in data attributes, and a text that says the same for whoever does not use the map; the
boundary comes with the application's one query. The decision forms tie each error to its
control (aria-invalid, aria-describedby), on top of what Wagtail's ``{% formattedfield %}`` does.

Staff log in through allauth with password and TOTP, as in ``test_wachtrij.py``.
"""

import json
from decimal import Decimal
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from portal.gebieden.models import Buurt
from tests.accounts.helpers import inloggen
from tests.factories import AanvraagFactory, RegelingFactory
from tests.participatie.conftest import punt_in

pytestmark = pytest.mark.django_db

GEEN_PUNT = "No point on the map; the resident chose the neighbourhood from the list"


@pytest.fixture(autouse=True)
def _nederlands():
    """The admin answers in Dutch; the expected texts below are looked up in the same catalogue."""
    with translation.override("nl"):
        yield


@pytest.fixture
def coordinator(client, coordinator_tanthof, wachtwoord):
    inloggen(client, coordinator_tanthof, wachtwoord)
    return coordinator_tanthof


def buurt_in(wijk):
    return Buurt.objects.filter(wijk=wijk).defer("grens").order_by("pk").first()


def aanvraag_in(wijk, *, met_punt, **kwargs):
    """A submitted application in the first neighbourhood of ``wijk``: with a point inside it
    (chosen on the map), or without one (the neighbourhood chosen from the list)."""
    buurt = buurt_in(wijk)
    if met_punt:
        kwargs["locatie_lat"], kwargs["locatie_lon"] = (Decimal(c) for c in punt_in(buurt.naam))
    kwargs.setdefault("ingediend", True)
    return AanvraagFactory(
        buurt=buurt, wijk=wijk, straat="Roland Holstlaan", huisnummer="12", **kwargs
    )


def detail(client, aanvraag):
    return client.get(reverse("aanvragen:inspect", args=[aanvraag.pk]))


class Elementen(HTMLParser):
    """Every element of a page: tag, attributes and its text (with that of its children)."""

    LEEG = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html):
        super().__init__()
        self.elementen, self._open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "tekst": ""}
        self.elementen.append(element)
        if tag not in self.LEEG:
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["tekst"] += data

    def met(self, **attrs):
        return [
            e
            for e in self.elementen
            if all(e["attrs"].get(naam.replace("_", "-")) == w for naam, w in attrs.items())
        ]

    def per_id(self, id_):
        gevonden = self.met(id=id_)
        assert len(gevonden) == 1, f"{len(gevonden)} elements with id {id_!r}"
        return gevonden[0]


def kaartblok(pagina):
    [blok] = [e for e in pagina.elementen if "data-wachtrijkaart" in e["attrs"]]
    return blok


def gewoon(tekst):
    return " ".join(tekst.split())


# --- The location: map data and the text alternative -------------------------------------------


def test_detail_gives_the_map_the_neighbourhood_boundary_as_geojson_and_the_point(
    client, coordinator, tanthof
):
    aanvraag = aanvraag_in(tanthof, met_punt=True)
    response = detail(client, aanvraag)
    assert response.status_code == 200
    pagina = Elementen(response.content.decode())

    grens = pagina.per_id("aanvraag-buurtgrens")
    assert grens["tag"] == "script" and grens["attrs"]["type"] == "application/json"
    assert json.loads(grens["tekst"]) == Buurt.objects.get(pk=aanvraag.buurt_id).grens

    blok = kaartblok(pagina)
    assert blok["attrs"]["data-vlak"] == "aanvraag-buurtgrens"
    assert blok["attrs"]["data-vlak-naam"] == aanvraag.buurt.naam
    assert Decimal(blok["attrs"]["data-lat"]) == aanvraag.locatie_lat  # not localised ("51,9")
    assert Decimal(blok["attrs"]["data-lon"]) == aanvraag.locatie_lon
    assert "hidden" in blok["attrs"]  # until the script has drawn the map

    [kaart] = pagina.met(role="application")
    assert kaart["attrs"]["aria-label"]
    assert kaart["attrs"]["aria-describedby"] == "aanvraag-locatie-tekst"

    # Leaflet and the map script are loaded as files; the only inline scripts are JSON data.
    bronnen = [e["attrs"].get("src", "") for e in pagina.elementen if e["tag"] == "script"]
    assert any(b.endswith("/leaflet/leaflet.js") for b in bronnen)
    assert any(b.endswith("/js/wachtrijkaart.js") for b in bronnen)
    assert pagina.met(rel="stylesheet", href="/static/leaflet/leaflet.css")


def test_the_text_names_neighbourhood_district_point_and_address(client, coordinator, tanthof):
    aanvraag = aanvraag_in(tanthof, met_punt=True)
    pagina = Elementen(detail(client, aanvraag).content.decode())
    tekst = gewoon(pagina.per_id("aanvraag-locatie-tekst")["tekst"])

    buurt = gettext("Neighbourhood %(buurt)s, district %(wijk)s")
    assert buurt % {"buurt": aanvraag.buurt.naam, "wijk": tanthof.naam} in tekst
    punt = gettext("Point on the map: latitude %(lat)s, longitude %(lon)s")
    assert punt % {"lat": aanvraag.locatie_lat, "lon": aanvraag.locatie_lon} in tekst
    adres = gettext("Street and house number: %(straat)s %(huisnummer)s")
    assert adres % {"straat": "Roland Holstlaan", "huisnummer": "12"} in tekst
    assert gettext(GEEN_PUNT) not in tekst


def test_without_a_point_the_text_says_the_neighbourhood_came_from_the_list(
    client, coordinator, tanthof
):
    aanvraag = aanvraag_in(tanthof, met_punt=False)
    pagina = Elementen(detail(client, aanvraag).content.decode())
    tekst = gewoon(pagina.per_id("aanvraag-locatie-tekst")["tekst"])

    assert gettext(GEEN_PUNT) in tekst
    assert aanvraag.buurt.naam in tekst and tanthof.naam in tekst
    assert "Roland Holstlaan 12" in tekst
    # The map still shows the neighbourhood, without a marker.
    blok = kaartblok(pagina)
    assert "data-lat" not in blok["attrs"] and "data-lon" not in blok["attrs"]
    assert json.loads(pagina.per_id("aanvraag-buurtgrens")["tekst"])["type"] in (
        "Polygon",
        "MultiPolygon",
    )


def test_the_boundary_comes_with_the_applications_query_and_the_districts_stays_out(
    client, coordinator, tanthof
):
    aanvraag = aanvraag_in(tanthof, met_punt=True)
    detail(client, aanvraag)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert detail(client, aanvraag).status_code == 200
    sql = [q["sql"] for q in queries]
    [hoofd] = [s for s in sql if s.startswith('SELECT "participatie_aanvraag"."id"')]
    assert '"gebieden_buurt"."grens"' in hoofd
    assert '"gebieden_wijk"."grens"' not in hoofd  # large, and no map shows it
    # No query of its own for a deferred boundary (the map script or a template asking).
    assert [s for s in sql if '"grens"' in s] == [hoofd]


def test_a_coordinator_of_another_district_gets_404_and_no_boundary(
    client, coordinator_buitenhof, wachtwoord, tanthof
):
    aanvraag = aanvraag_in(tanthof, met_punt=True)
    inloggen(client, coordinator_buitenhof, wachtwoord)
    response = detail(client, aanvraag)
    assert response.status_code == 404
    assert b"aanvraag-buurtgrens" not in response.content


# --- Decision forms: every error tied to its control -------------------------------------------


def _goedgekeurd(wijk):
    return aanvraag_in(wijk, met_punt=False, goedgekeurd=True, toegekend_bedrag=Decimal("100"))


def _in_behandeling(wijk):
    return aanvraag_in(
        wijk,
        met_punt=False,
        in_behandeling=True,
        gevraagd_bedrag=Decimal("200.00"),
        regeling=RegelingFactory(bedrag=Decimal("300.00")),
    )


# (decision, the application it applies to, the POST that fails, the fields that must fail)
FOUTE_BESLUITEN = {
    "afwijzen-zonder-motivatie": ("afwijzen", _in_behandeling, {"motivatie": ""}, {"motivatie"}),
    "aanpassing-zonder-bericht": ("aanpassing", _in_behandeling, {"bericht": " "}, {"bericht"}),
    "goedkeuren-te-veel": ("goedkeuren", _in_behandeling, {"bedrag": "250,00"}, {"bedrag"}),
    "uitbetalen-leeg": (
        "uitbetalen",
        _goedgekeurd,
        {"bedrag": "", "datum": "", "kenmerk": ""},
        {"bedrag", "datum", "kenmerk"},
    ),
}


@pytest.mark.parametrize("geval", FOUTE_BESLUITEN.values(), ids=FOUTE_BESLUITEN.keys())
def test_every_invalid_control_is_described_by_its_error_and_linked_from_the_summary(
    client, coordinator, tanthof, budget, geval
):
    besluit, maak, data, foute_velden = geval
    aanvraag = maak(tanthof)
    response = client.post(reverse(f"aanvragen:{besluit}", args=[aanvraag.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == foute_velden
    pagina = Elementen(response.content.decode())

    ongeldig = pagina.met(aria_invalid="true")
    assert {e["attrs"]["name"] for e in ongeldig} == foute_velden
    for control in ongeldig:
        naam, id_ = control["attrs"]["name"], control["attrs"]["id"]
        beschreven_door = control["attrs"].get("aria-describedby", "").split()
        assert beschreven_door, f"{naam}: no aria-describedby"
        beschrijving = gewoon(" ".join(pagina.per_id(i)["tekst"] for i in beschreven_door))
        for fout in form.errors[naam]:
            assert gewoon(fout) in beschrijving, (naam, fout, beschrijving)
        # The summary links to the control.
        [link] = pagina.met(href=f"#{id_}")
        assert form.errors[naam][0] in gewoon(link["tekst"])
        if form.fields[naam].help_text:  # and the help text is still read too
            assert f"{id_}-helptext" in beschreven_door

    # Valid controls are not marked, and describe nothing that does not exist.
    for control in pagina.elementen:
        for i in control["attrs"].get("aria-describedby", "").split():
            pagina.per_id(i)
