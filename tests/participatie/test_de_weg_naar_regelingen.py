"""Residents find the schemes (navigation, home, district pages, an empty "Mijn aanvragen"),
see approved initiatives for the coming twelve months, and can delete a draft."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from cms.models import HomePage, RegelingPage
from participatie.models import Aanvraag
from participatie.queries import INITIATIEVEN_OP_WIJKPAGINA
from tests.factories import AanvraagFactory, RegelingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regeling_tanthof(tanthof):
    """An open scheme for Tanthof only, with its page."""
    regeling = RegelingFactory(titel="Buurtbankje Tanthof", samenvatting="Een bankje plaatsen.")
    regeling.wijken.add(tanthof)
    HomePage.objects.get().add_child(
        instance=RegelingPage(title="Buurtbankje", slug="buurtbankje", regeling=regeling)
    )
    return regeling


def test_the_main_navigation_leads_to_the_open_schemes(client, regeling_tanthof):
    html = client.get("/").content.decode()
    assert 'href="/initiatief-aanvragen/"' in html
    overzicht = client.get("/initiatief-aanvragen/").content.decode()
    assert "Buurtbankje Tanthof" in overzicht and 'href="/buurtbankje/"' in overzicht
    assert "Straatfeestcheque" in overzicht  # the demo's schemes apply to every district


def test_the_overview_filters_by_the_visitors_district(client, regeling_tanthof):
    assert (
        "Buurtbankje Tanthof" in client.get("/initiatief-aanvragen/?wijk=tanthof").content.decode()
    )
    assert (
        "Buurtbankje Tanthof"
        not in client.get("/initiatief-aanvragen/?wijk=buitenhof").content.decode()
    )


def test_closed_schemes_are_not_offered(client, regeling_tanthof):
    regeling_tanthof.open_tot = timezone.localdate() - timedelta(days=1)
    regeling_tanthof.save()
    assert "Buurtbankje Tanthof" not in client.get("/initiatief-aanvragen/").content.decode()


def test_home_and_district_pages_list_the_schemes(client, regeling_tanthof):
    assert "Buurtbankje Tanthof" in client.get("/").content.decode()
    assert "Buurtbankje Tanthof" in client.get("/tanthof/").content.decode()
    assert "Buurtbankje Tanthof" not in client.get("/buitenhof/").content.decode()


def test_an_empty_my_applications_links_to_the_schemes(client, bewoner):
    client.force_login(bewoner)
    html = client.get(reverse("participatie:mijn_aanvragen")).content.decode()
    assert 'href="/initiatief-aanvragen/"' in html


def test_the_district_page_shows_the_coming_twelve_months_bounded_with_a_full_list(client, tanthof):
    vandaag = timezone.localdate()
    for i in range(INITIATIEVEN_OP_WIJKPAGINA + 2):
        AanvraagFactory(
            goedgekeurd=True,
            wijk=tanthof,
            titel=f"Feest {i:02d}",
            activiteit_datum=vandaag + timedelta(days=10 + i),
        )
    AanvraagFactory(
        goedgekeurd=True, wijk=tanthof, titel="Zelfbeheer zonder datum", activiteit_datum=None
    )
    AanvraagFactory(
        goedgekeurd=True,
        wijk=tanthof,
        titel="Volgend jaar pas",
        activiteit_datum=vandaag + timedelta(days=400),
    )
    AanvraagFactory(
        goedgekeurd=True,
        wijk=tanthof,
        titel="Al geweest",
        activiteit_datum=vandaag - timedelta(days=3),
    )
    html = client.get("/tanthof/").content.decode()
    assert html.count("Feest ") == INITIATIEVEN_OP_WIJKPAGINA
    lijst_url = reverse("participatie:initiatieven", kwargs={"wijk": "tanthof"})
    assert lijst_url in html
    volledig = client.get(lijst_url).content.decode()
    assert volledig.count("Feest ") == INITIATIEVEN_OP_WIJKPAGINA + 2
    assert "Zelfbeheer zonder datum" in volledig
    assert "Volgend jaar pas" not in volledig and "Al geweest" not in volledig


def test_a_resident_deletes_their_own_draft_only(client, bewoner, bewoner_b):
    concept = AanvraagFactory(aanvrager=bewoner)
    ingediend = AanvraagFactory(aanvrager=bewoner, ingediend=True)
    client.force_login(bewoner_b)
    url = reverse("participatie:concept_verwijderen", kwargs={"pk": concept.pk})
    assert client.post(url).status_code == 404
    client.force_login(bewoner)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Aanvraag.objects.filter(pk=concept.pk).exists()
    ander = reverse("participatie:concept_verwijderen", kwargs={"pk": ingediend.pk})
    assert client.post(ander).status_code == 404
    assert Aanvraag.objects.filter(pk=ingediend.pk).exists()


def test_a_scheme_page_lists_the_attachments_it_requires(client, tanthof):
    regeling = RegelingFactory(
        titel="Zelfbeheer proef", foto_verplicht=True, overeenkomst_verplicht=True
    )
    HomePage.objects.get().add_child(
        instance=RegelingPage(title="Zelfbeheer proef", slug="zelfbeheer-proef", regeling=regeling)
    )
    html = client.get("/zelfbeheer-proef/").content.decode()
    assert "Foto of tekening van de plek" in html and "Ondertekende overeenkomst" in html


def test_a_scheme_without_money_shows_no_amount_and_no_paid_step(client, bewoner):
    regeling = RegelingFactory(vast_bedrag=True, uit_wijkbudget=False)
    aanvraag = AanvraagFactory(aanvrager=bewoner, regeling=regeling, ingediend=True)
    client.force_login(bewoner)
    html = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "€ 0,00" not in html and "Uitbetaald" not in html
    betaald = AanvraagFactory(aanvrager=bewoner, ingediend=True)
    assert "Uitbetaald" in client.get(betaald.get_absolute_url()).content.decode()
