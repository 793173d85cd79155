"""The district page: contacts, the current programme, news and events, sub-pages, blocks
that other apps add (portal.core.wijkblokken), and "find your district" from the home page."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from bench.urls import WIJKPAGINA_BUDGET
from cms.models import AgendaPage, ContentPage, HomePage, NieuwsPage, WijkPage, WijkprogrammaPage
from portal.core.wijkblokken import WijkBlok, registreer_wijkblok, wijkblokken

pytestmark = pytest.mark.django_db


def publiceer(ouder, pagina):
    ouder.add_child(instance=pagina)
    pagina.save_revision().publish()
    return pagina


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def tanthof_pagina(tanthof):
    return WijkPage.objects.get(wijk=tanthof)


def test_contacts_of_the_coordinator_and_the_community_worker(client, tanthof, tanthof_pagina):
    tanthof.coordinator_naam, tanthof.coordinator_email = (
        "A. Jansen",
        "a.jansen@fabriek.example.org",
    )
    tanthof.opbouwwerker_naam = "B. de Vries"
    tanthof.save()
    pagina = html(client.get(tanthof_pagina.url))
    contact = pagina[pagina.index('id="contact"') :]
    assert "Wijkcoördinator" in contact and "A. Jansen" in contact
    assert 'href="mailto:a.jansen@fabriek.example.org"' in contact
    assert "Opbouwwerker" in contact and "B. de Vries" in contact


def test_news_events_programme_and_sub_pages_appear_and_a_publish_shows_at_once(
    client, tanthof_pagina
):
    assert "Bankjes geplaatst" not in html(client.get(tanthof_pagina.url))  # now cached
    nu = timezone.now()
    publiceer(tanthof_pagina, NieuwsPage(title="Bankjes geplaatst", samenvatting="Nieuws."))
    publiceer(
        tanthof_pagina,
        AgendaPage(
            title="Wijkavond Tanthof",
            samenvatting="Avond.",
            begin=nu + timedelta(days=3),
            plaats="Buurthuis",
        ),
    )
    publiceer(
        tanthof_pagina,
        AgendaPage(
            title="Voorbije avond",
            samenvatting="Voorbij.",
            begin=nu - timedelta(days=3),
            plaats="Buurthuis",
        ),
    )
    publiceer(tanthof_pagina, WijkprogrammaPage(title="Wijkprogramma", eerste_jaar=nu.year))
    publiceer(tanthof_pagina, ContentPage(title="Geschiedenis van Tanthof"))
    pagina = html(client.get(tanthof_pagina.url))  # cached overview forgotten by the publishes
    assert "Bankjes geplaatst" in pagina and "Wijkavond Tanthof" in pagina
    assert "Voorbije avond" not in pagina
    assert f"Wijkprogramma {nu.year}–{nu.year + 1}" in pagina
    meer = pagina[pagina.index('id="meer-titel"') :]
    assert "Geschiedenis van Tanthof" in meer and "Wijkprogramma" in meer
    assert "Bankjes geplaatst" not in meer  # news is listed above, not as a sub-page


def test_news_of_another_district_does_not_appear(client, tanthof_pagina, buitenhof):
    publiceer(
        WijkPage.objects.get(wijk=buitenhof), NieuwsPage(title="Buitenhof-nieuws", samenvatting="x")
    )
    assert "Buitenhof-nieuws" not in html(client.get(tanthof_pagina.url))


def test_district_page_queries_do_not_grow_with_news(client, tanthof_pagina):
    def tel():
        client.get(tanthof_pagina.url)  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(tanthof_pagina.url)
        return len(queries)

    voor = tel()
    for n in range(20):
        publiceer(tanthof_pagina, NieuwsPage(title=f"Bericht {n}", samenvatting="x"))
    assert tel() == voor <= WIJKPAGINA_BUDGET


def test_an_app_adds_a_block_through_the_extension_point(client, tanthof_pagina, tanthof):
    blok = WijkBlok(
        naam="test-blok",
        volgorde=1,
        sjabloon="participatie/wijkblok_initiatieven.html",
        context=lambda wijk, request: (
            None
            if wijk.slug != "tanthof"
            else {"initiatieven": [], "jaar": 2026, "verantwoording_url": "/x/"}
        ),
    )
    registreer_wijkblok(blok)
    try:
        assert [b["naam"] for b in wijkblokken(tanthof, None)][:1] == ["test-blok"]
        from portal.gebieden.models import Wijk

        assert "test-blok" not in [
            b["naam"] for b in wijkblokken(Wijk.objects.get(slug="voorhof"), None)
        ]
    finally:
        from portal.core import wijkblokken as module

        module._blokken.pop("test-blok")


def test_participation_contributes_its_initiatives_block(client, tanthof_pagina):
    pagina = html(client.get(tanthof_pagina.url))
    assert 'id="initiatieven"' in pagina and "/verantwoording/tanthof/" in pagina


# Find your district -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zoekterm", "naar"),
    [("tanthof", "/tanthof/"), ("Poptahof", "/voorhof/"), ("  WIPPOLDER ", "/wippolder/")],
)
def test_a_district_or_neighbourhood_name_leads_to_the_district(client, zoekterm, naar):
    response = client.get("/mijn-wijk/", {"q": zoekterm})
    assert response.status_code == 302 and response["Location"] == naar


def test_an_ambiguous_name_offers_a_choice_and_an_unknown_one_says_so(client):
    meerdere = html(client.get("/mijn-wijk/", {"q": "hof"}))
    assert "Tanthof" in meerdere and "Buitenhof" in meerdere and "plaatsen passen" in meerdere
    geen = html(client.get("/mijn-wijk/", {"q": "Amsterdam"}))
    assert "Geen wijk of buurt van Delft past bij" in geen
    assert html(client.get("/mijn-wijk/", {"q": "x" * 5000}))  # long input: no error


def test_the_home_page_has_the_district_finder(client):
    pagina = html(client.get(HomePage.objects.get().url))
    assert 'action="/mijn-wijk/"' in pagina and 'for="id_mijn_wijk"' in pagina
