"""The results of a consultation: the aggregation equals the raw responses, in a fixed number of
queries, and the public page shows it as accessible charts with the same numbers in tables.

Responses are built directly with the ORM (one ``Antwoord`` row per answer value, as the
storage convention in ``participatie/raadplegingen/models.py`` says), not through the
residents' form.
"""

import random
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from participatie.raadplegingen.constants import CitaatStatus, ReactieStatus
from participatie.raadplegingen.models import Antwoord, Reactie
from participatie.raadplegingen.resultaten import bereken_resultaten
from tests.factories import RaadplegingFactory, vragen_van_elke_soort

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
SOORTEN = {v["id"]: v["type"] for v in vragen_van_elke_soort()}
OPTIES = {v["id"]: v["value"].get("opties", []) for v in vragen_van_elke_soort()}


# --- Building responses (shared with the other test modules of this directory) ----------------


def maak_reactie(raadpleging, antwoorden: dict, *, wijk=None, ingediend=True, **velden):
    """A response with its answer rows. ``antwoorden``: {question id: value}; single choice a
    text, multiple choice a list, scale an int, ranking a list best first, open a text."""
    soorten = {blok.id: blok.block_type for blok in raadpleging.vragen}
    status = ReactieStatus.INGEDIEND if ingediend else ReactieStatus.CONCEPT
    reactie = Reactie.objects.create(
        raadpleging=raadpleging,
        wijk=wijk,
        status=status,
        ingediend_op=timezone.now() if ingediend else None,
        **velden,
    )
    basis = {
        "reactie": reactie,
        "raadpleging": raadpleging,
        "wijk": wijk,
        "geteld": ingediend,
    }
    rijen = []
    for vraag, waarde in antwoorden.items():
        soort = soorten[vraag]
        rij = {**basis, "vraag": vraag, "soort": soort}
        if soort == "enkele_keuze":
            rijen.append(Antwoord(**rij, keuze=waarde))
        elif soort == "meerkeuze":
            rijen += [Antwoord(**rij, keuze=k) for k in waarde]
        elif soort == "schaal":
            rijen.append(Antwoord(**rij, getal=waarde))
        elif soort == "rangorde":
            rijen += [Antwoord(**rij, keuze=k, getal=i) for i, k in enumerate(waarde, start=1)]
        else:
            rijen.append(Antwoord(**rij, tekst=waarde, citaat_status=CitaatStatus.WACHT))
    Antwoord.objects.bulk_create(rijen)
    return reactie


def willekeurige_antwoorden(kans: random.Random, vragen=None) -> dict:
    antwoorden = {}
    for blok in vragen or vragen_van_elke_soort():
        vraag, soort = blok["id"], blok["type"]
        opties = blok["value"].get("opties", [])
        if kans.random() < 0.15 and soort in ("meerkeuze", "open"):
            continue  # optional questions are sometimes skipped
        if soort == "enkele_keuze":
            antwoorden[vraag] = kans.choice(opties)
        elif soort == "meerkeuze":
            antwoorden[vraag] = kans.sample(opties, kans.randint(1, 2))
        elif soort == "schaal":
            antwoorden[vraag] = kans.randint(1, 5)
        elif soort == "rangorde":
            antwoorden[vraag] = kans.sample(opties, len(opties))
        else:
            antwoorden[vraag] = f"Idee {kans.randint(1, 999)}"
    return antwoorden


def procent(deel, geheel):
    return (Decimal(deel) * 100 / geheel).quantize(Decimal("1"), ROUND_HALF_UP)


@pytest.fixture
def gesloten():
    return RaadplegingFactory(gesloten=True, titel="Burenhulp in de wijk")


# --- Aggregation ---------------------------------------------------------------------------


def test_results_equal_thirty_random_responses(gesloten, tanthof, buitenhof):
    kans = random.Random(2026)
    wijken = [tanthof, buitenhof, None]
    verstuurd = []
    for _ in range(30):
        wijk = kans.choice(wijken)
        antwoorden = willekeurige_antwoorden(kans)
        maak_reactie(gesloten, antwoorden, wijk=wijk)
        verstuurd.append((wijk, antwoorden))
    for _ in range(4):  # drafts never count
        maak_reactie(gesloten, willekeurige_antwoorden(kans), wijk=tanthof, ingediend=False)

    uitkomst = bereken_resultaten(gesloten)
    per_vraag = {v.vraag.id: v for v in uitkomst.vragen}

    assert uitkomst.aantal_reacties == 30
    onbekend = gettext("District unknown")
    assert dict(uitkomst.per_wijk) == Counter(w.naam if w else onbekend for w, _a in verstuurd)

    # Single and multiple choice: every option, its count, its share of who answered.
    for vraag in ("v-enkel", "v-meer"):
        gegeven = [a[vraag] for _w, a in verstuurd if vraag in a]
        keuzes = Counter(k for g in gegeven for k in (g if isinstance(g, list) else [g]))
        resultaat = per_vraag[vraag]
        assert resultaat.beantwoord == len(gegeven)
        assert [r.label for r in resultaat.rijen] == OPTIES[vraag]
        assert [r.aantal for r in resultaat.rijen] == [keuzes[o] for o in OPTIES[vraag]]
        assert [r.percentage for r in resultaat.rijen] == [
            procent(keuzes[o], len(gegeven)) for o in OPTIES[vraag]
        ]
    # Scale: count per value, mean, n.
    schaal = [a["v-schaal"] for _w, a in verstuurd]
    resultaat = per_vraag["v-schaal"]
    assert [r.aantal for r in resultaat.rijen] == [schaal.count(w) for w in range(1, 6)]
    assert resultaat.beantwoord == len(schaal)
    verwacht = (Decimal(sum(schaal)) / len(schaal)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert resultaat.gemiddelde == verwacht
    # Ranking: mean rank and first places per option, best first.
    plaatsen = defaultdict(list)
    for _w, a in verstuurd:
        for i, optie in enumerate(a["v-rang"], start=1):
            plaatsen[optie].append(i)
    gemiddeld = {o: Decimal(sum(p)) / len(p) for o, p in plaatsen.items()}
    resultaat = per_vraag["v-rang"]
    assert [r.label for r in resultaat.rijen] == sorted(
        gemiddeld, key=lambda o: (gemiddeld[o], -plaatsen[o].count(1))
    )
    for rij in resultaat.rijen:
        assert rij.gemiddelde == gemiddeld[rij.label].quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert rij.eerste == plaatsen[rij.label].count(1)
    # Open: the number of answers; nothing approved yet, so no quotes.
    assert per_vraag["v-open"].beantwoord == sum("v-open" in a for _w, a in verstuurd)
    assert per_vraag["v-open"].citaten == []

    # Per district: counts per option of the single-choice question.
    tanthof_rij = next(r for r in per_vraag["v-enkel"].per_wijk if r.naam == tanthof.naam)
    in_tanthof = Counter(a["v-enkel"] for w, a in verstuurd if w == tanthof)
    assert tanthof_rij.aantallen == [in_tanthof[o] for o in OPTIES["v-enkel"]]


def test_every_option_is_listed_also_with_zero(gesloten):
    maak_reactie(gesloten, {"v-enkel": "Ja", "v-schaal": 5})
    uitkomst = bereken_resultaten(gesloten)
    enkel = uitkomst.vragen[0]
    assert [(r.label, r.aantal) for r in enkel.rijen] == [("Ja", 1), ("Een beetje", 0), ("Nee", 0)]
    assert [r.aantal for r in uitkomst.vragen[2].rijen] == [0, 0, 0, 0, 1]


def test_only_approved_quotes_and_at_most_ten_per_question(gesloten):
    for i in range(12):
        reactie = maak_reactie(gesloten, {"v-open": f"Goedgekeurd citaat {i}"})
        Antwoord.objects.filter(reactie=reactie).update(citaat_status=CitaatStatus.GOEDGEKEURD)
    maak_reactie(gesloten, {"v-open": "Wacht nog op moderatie"})
    afgewezen = maak_reactie(gesloten, {"v-open": "Afgewezen tekst"})
    Antwoord.objects.filter(reactie=afgewezen).update(citaat_status=CitaatStatus.AFGEWEZEN)

    citaten = bereken_resultaten(gesloten).vragen[4].citaten
    assert citaten == [f"Goedgekeurd citaat {i}" for i in range(10)]


def _aantal_queries(functie) -> int:
    with CaptureQueriesContext(connection) as queries:
        functie()
    return len(queries)


def test_query_count_does_not_grow_with_responses(tanthof):
    kans = random.Random(5)
    klein, groot = RaadplegingFactory(gesloten=True), RaadplegingFactory(gesloten=True)
    for raadpleging, aantal in ((klein, 5), (groot, 50)):
        for _ in range(aantal):
            maak_reactie(raadpleging, willekeurige_antwoorden(kans), wijk=tanthof)
    assert _aantal_queries(lambda: bereken_resultaten(klein)) == _aantal_queries(
        lambda: bereken_resultaten(groot)
    )


def _vragen(aantal: int) -> list[dict]:
    """``aantal`` questions, cycling through the five types, each with its own id."""
    basis = vragen_van_elke_soort()
    return [{**basis[i % 5], "id": f"v{i}"} for i in range(aantal)]


def test_query_count_does_not_grow_with_questions(client, buitenhof):
    kans = random.Random(7)
    vijf = RaadplegingFactory(gesloten=True, vragen=_vragen(5))
    twintig = RaadplegingFactory(gesloten=True, vragen=_vragen(20))
    for raadpleging in (vijf, twintig):
        for _ in range(6):
            antwoorden = willekeurige_antwoorden(kans, _vragen(len(raadpleging.vragen)))
            maak_reactie(raadpleging, antwoorden, wijk=buitenhof)
    assert _aantal_queries(lambda: bereken_resultaten(vijf)) == _aantal_queries(
        lambda: bereken_resultaten(twintig)
    )

    def pagina(raadpleging):
        return lambda: client.get(reverse("raadplegingen:resultaten", args=[raadpleging.slug]))

    client.get(reverse("raadplegingen:resultaten", args=[vijf.slug]))  # warm caches
    assert _aantal_queries(pagina(vijf)) == _aantal_queries(pagina(twintig))


# --- The public page -----------------------------------------------------------------------


def _url(raadpleging):
    return reverse("raadplegingen:resultaten", args=[raadpleging.slug])


def test_a_draft_has_no_results_page(client):
    assert client.get(_url(RaadplegingFactory(concept=True, gesloten=True))).status_code == 404
    assert client.get("/raadplegingen/bestaat-niet/resultaten/").status_code == 404


def test_before_closing_the_page_gives_the_date_and_no_numbers(client):
    open_ = RaadplegingFactory(sluit_op=timezone.now() + timedelta(days=10))
    maak_reactie(open_, {"v-enkel": "Ja"})
    html = client.get(_url(open_)).content.decode()
    assert date_filter(timezone.localtime(open_.sluit_op), "j F Y") in html
    assert "<svg" not in html and "<table" not in html and "data-aantal-reacties" not in html


def _svg_grafieken(html: str) -> dict[str, dict]:
    """Per chart id: the labels and values drawn in its SVG, parsed with xml.etree."""
    grafieken = {}
    for stuk in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        svg = ET.fromstring(stuk)  # noqa: S314 (our own page, not untrusted XML)
        assert svg.get("role") == "img"
        titel_id = svg.get("aria-labelledby")
        assert svg.find(f"{SVG}title").get("id") == titel_id
        labels, waarden = [], []
        for tekst in svg.iter(f"{SVG}text"):
            if tekst.get("class") == "delft-grafiek__label":
                labels.append(" ".join(t.text for t in tekst.iter(f"{SVG}tspan")))
            elif tekst.get("class") == "delft-grafiek__waarde":
                waarden.append(tekst.text)
        grafieken[titel_id.removesuffix("-titel")] = {"labels": labels, "waarden": waarden}
    return grafieken


def _tabel(soup, tabel_id) -> list[list[str]]:
    tabel = soup.find("table", id=tabel_id)
    assert tabel.find("caption").get_text(strip=True)
    return [
        [cel.get_text(strip=True) for cel in rij.find_all(["th", "td"])]
        for rij in tabel.find("tbody").find_all("tr")
    ]


def test_every_chart_is_followed_by_a_table_with_the_same_numbers(client, gesloten, tanthof):
    kans = random.Random(11)
    for _ in range(17):
        maak_reactie(gesloten, willekeurige_antwoorden(kans), wijk=tanthof)
    html = client.get(_url(gesloten)).content.decode()
    assert 'style="' not in html
    soup = BeautifulSoup(html, "html.parser")
    grafieken = _svg_grafieken(html)
    assert len(grafieken) == 4  # choice, multiple, scale, ranking; the open question has none

    for grafiek_id, getekend in grafieken.items():
        rijen = _tabel(soup, f"{grafiek_id}-tabel")
        assert getekend["labels"] == [rij[0] for rij in rijen]
        if grafiek_id == "vraag-4-grafiek":  # ranking: the mean rank
            assert getekend["waarden"] == [rij[1] for rij in rijen]
        else:  # "count (percentage)"
            assert getekend["waarden"] == [f"{rij[1]} ({rij[2]})" for rij in rijen]
        assert all(getekend["waarden"])
    enkel = _tabel(soup, "vraag-1-grafiek-tabel")
    assert sum(int(rij[1]) for rij in enkel) == 17
    assert soup.find(attrs={"data-aantal-reacties": "17"})


def test_page_shows_districts_quotes_and_no_personal_data(client, gesloten, tanthof, bewoner):
    reactie = maak_reactie(
        gesloten,
        {"v-enkel": "Nee", "v-open": "Meer bankjes op het plein"},
        wijk=tanthof,
        bewoner=bewoner,
    )
    Antwoord.objects.filter(reactie=reactie, soort="open").update(
        citaat_status=CitaatStatus.GOEDGEKEURD
    )
    maak_reactie(gesloten, {"v-open": "Nog niet beoordeeld"}, email="anoniem@example.org")
    html = client.get(_url(gesloten)).content.decode()
    assert "Meer bankjes op het plein" in html
    assert "Nog niet beoordeeld" not in html
    assert bewoner.email not in html and bewoner.last_name not in html
    assert "anoniem@example.org" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert [tanthof.naam, "1"] in _tabel(soup, "reacties-per-wijk")
    assert [tanthof.naam, "0", "0", "1"] in _tabel(soup, "vraag-1-wijken")


def test_follow_up_appears_only_once_published_with_programme_links(client, gesloten):
    programma = Page.objects.filter(content_type__model="wijkprogrammapage").live().first()
    assert programma is not None, "the demo has district programmes"
    gesloten.opvolging = "<p>Er komt een burenhulp-spreekuur in het buurthuis.</p>"
    gesloten.save()
    gesloten.opvolging_programmas.add(programma)

    html = client.get(_url(gesloten)).content.decode()
    assert "burenhulp-spreekuur" not in html

    gesloten.opvolging_gepubliceerd_op = timezone.now()
    gesloten.save()
    html = client.get(_url(gesloten)).content.decode()
    assert "burenhulp-spreekuur" in html
    assert f'href="{programma.url}"' in html


def test_a_closed_consultations_figures_come_from_the_cache_for_the_page_cache_time(
    client, gesloten, tanthof, settings
):
    settings.PAGINACACHE_SECONDEN = 60
    maak_reactie(gesloten, {"v-enkel": "Ja"}, wijk=tanthof)
    url = reverse("raadplegingen:resultaten", kwargs={"slug": gesloten.slug})

    def antwoordqueries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        sql = [q["sql"] for q in queries]
        return sum("participatie_antwoord" in q for q in sql), response.content.decode()

    eerste, html_eerste = antwoordqueries()
    tweede, html_tweede = antwoordqueries()
    assert eerste >= 4 and tweede == 0
    assert html_eerste == html_tweede

    # Without the cache time (as in development and tests) every request aggregates afresh.
    settings.PAGINACACHE_SECONDEN = 0
    assert antwoordqueries()[0] == eerste
