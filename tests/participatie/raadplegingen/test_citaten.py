"""The quotes queue: open answers of sent responses, per respondent's district, decided through
the one review queue ("May be quoted" / "Do not quote"), with the history as Overgang rows and
never a respondent's identity."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

import pytest

from participatie.raadplegingen import besluiten
from participatie.raadplegingen.constants import CitaatStatus
from participatie.raadplegingen.models import Antwoord
from participatie.raadplegingen.wachtrij import citaten_viewset
from participatie.wachtrij.models import Overgang
from tests.accounts.helpers import inloggen
from tests.factories import RaadplegingFactory

from .test_resultaten import maak_reactie

pytestmark = pytest.mark.django_db

C = CitaatStatus


@pytest.fixture
def raadpleging():
    return RaadplegingFactory(gesloten=True, titel="Ontmoeten in Delft")


@pytest.fixture
def antwoorden(raadpleging, tanthof, buitenhof, bewoner):
    """{name: the open answer}: Tanthof (with an account), Buitenhof, no district, a draft."""

    def open_antwoord(tekst, **kwargs):
        reactie = maak_reactie(raadpleging, {"v-open": tekst, "v-enkel": "Ja"}, **kwargs)
        return Antwoord.objects.get(reactie=reactie, soort="open")

    return {
        "tanthof": open_antwoord("Tanthof-idee: een moestuin", wijk=tanthof, bewoner=bewoner),
        "buitenhof": open_antwoord("Buitenhof-idee: een koor", wijk=buitenhof),
        "zonder_wijk": open_antwoord("Idee zonder wijk"),
        "concept": open_antwoord("Concept-idee", wijk=tanthof, ingediend=False),
    }


def _url(naam, antwoord=None):
    return reverse(
        citaten_viewset.get_url_name(naam), args=[antwoord.pk] if antwoord is not None else None
    )


def test_coordinator_sees_the_open_answers_of_their_district_only(
    client, coordinator_tanthof, wachtwoord, antwoorden, bewoner, raadpleging
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    html = client.get(_url("index")).content.decode()
    assert "Tanthof-idee: een moestuin" in html
    assert raadpleging.titel in html
    assert "Wat zou u willen veranderen?" in html  # the question's text, looked up by block id
    for ander in ("Buitenhof-idee", "Idee zonder wijk", "Concept-idee"):
        assert ander not in html
    assert bewoner.email not in html and bewoner.last_name not in html

    detail = client.get(_url("inspect", antwoorden["tanthof"])).content.decode()
    assert "Tanthof-idee: een moestuin" in detail and "Wat zou u willen veranderen?" in detail
    assert bewoner.email not in detail and bewoner.last_name not in detail
    assert _url("citeren", antwoorden["tanthof"]) in detail


def test_administrator_sees_all_sent_answers_also_without_district(
    client, beheerder, wachtwoord, antwoorden
):
    inloggen(client, beheerder, wachtwoord)
    html = client.get(_url("index")).content.decode()
    for tekst in ("Tanthof-idee", "Buitenhof-idee", "Idee zonder wijk"):
        assert tekst in html
    assert "Concept-idee" not in html


def test_filter_and_search(client, beheerder, wachtwoord, antwoorden, raadpleging):
    anders = RaadplegingFactory(gesloten=True)
    maak_reactie(anders, {"v-open": "Uit een andere raadpleging"})
    inloggen(client, beheerder, wachtwoord)
    html = client.get(_url("index"), {"raadpleging": raadpleging.pk}).content.decode()
    assert "Tanthof-idee" in html and "Uit een andere raadpleging" not in html
    html = client.get(_url("index"), {"q": "koor"}).content.decode()
    assert "Buitenhof-idee" in html and "Tanthof-idee" not in html
    besluiten.citaat_goedkeuren(antwoorden["tanthof"], door=beheerder)
    html = client.get(_url("index"), {"citaat_status": C.GOEDGEKEURD}).content.decode()
    assert "Tanthof-idee" in html and "Buitenhof-idee" not in html


def test_approved_quote_appears_on_the_results_page_without_a_name(
    client, coordinator_tanthof, wachtwoord, antwoorden, raadpleging, bewoner
):
    antwoord = antwoorden["tanthof"]
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.post(_url("citeren", antwoord), {"notitie": "Mooi idee"})
    assert response.status_code == 302
    antwoord.refresh_from_db()
    assert antwoord.citaat_status == C.GOEDGEKEURD
    overgang = Overgang.objects.get(
        content_type=ContentType.objects.get_for_model(Antwoord), object_id=antwoord.pk
    )
    assert (overgang.van, overgang.naar, overgang.door) == (
        C.WACHT,
        C.GOEDGEKEURD,
        coordinator_tanthof,
    )

    client.logout()
    html = client.get(reverse("raadplegingen:resultaten", args=[raadpleging.slug])).content.decode()
    assert "Tanthof-idee: een moestuin" in html
    assert bewoner.email not in html and bewoner.last_name not in html
    assert "Buitenhof-idee" not in html  # still waiting


def test_do_not_quote_needs_an_internal_reason(
    client, coordinator_tanthof, wachtwoord, antwoorden, raadpleging
):
    antwoord = antwoorden["tanthof"]
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.post(_url("niet_citeren", antwoord), {"reden": "  "})
    assert response.status_code == 200
    assert "reden" in response.context["form"].errors
    antwoord.refresh_from_db()
    assert antwoord.citaat_status == C.WACHT

    response = client.post(_url("niet_citeren", antwoord), {"reden": "Herleidbaar tot een persoon"})
    assert response.status_code == 302
    antwoord.refresh_from_db()
    assert antwoord.citaat_status == C.AFGEWEZEN
    overgang = Overgang.objects.get(object_id=antwoord.pk, naar=C.AFGEWEZEN)
    assert overgang.notitie == "Herleidbaar tot een persoon" and overgang.motivatie == ""
    detail = client.get(_url("inspect", antwoord)).content.decode()
    assert "Herleidbaar tot een persoon" in detail  # staff see the history

    client.logout()
    html = client.get(reverse("raadplegingen:resultaten", args=[raadpleging.slug])).content.decode()
    assert "Tanthof-idee" not in html and "Herleidbaar" not in html


def test_decisions_check_the_district_again(antwoorden, coordinator_buitenhof, coordinator_tanthof):
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.citaat_goedkeuren(antwoorden["tanthof"], door=coordinator_buitenhof)
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.citaat_afwijzen(antwoorden["zonder_wijk"], door=coordinator_tanthof, reden="x")
    with pytest.raises(besluiten.BesluitFout):
        besluiten.citaat_goedkeuren(antwoorden["concept"], door=coordinator_tanthof)
    eigen = [antwoord.pk for antwoord in antwoorden.values()]
    assert not Antwoord.objects.filter(pk__in=eigen, citaat_status=C.GOEDGEKEURD).exists()


def test_waiting_quotes_are_counted_on_the_dashboard(coordinator_tanthof, antwoorden):
    telling = citaten_viewset.tellingen(coordinator_tanthof)
    assert [s["aantal"] for s in telling["statussen"]] == [1]
    assert telling["oudste"] == antwoorden["tanthof"]


def test_export_of_the_queue_has_no_identity_and_is_formula_safe(
    client, beheerder, wachtwoord, raadpleging, bewoner, tanthof
):
    maak_reactie(raadpleging, {"v-open": "=1+1"}, wijk=tanthof, bewoner=bewoner)
    inloggen(client, beheerder, wachtwoord)
    response = client.get(_url("index"), {"export": "csv"})
    inhoud = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "'=1+1" in inhoud
    assert bewoner.email not in inhoud and bewoner.last_name not in inhoud
