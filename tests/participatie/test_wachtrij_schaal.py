"""The review queue's SQL queries do not grow with the data: listing, filtered listing, search and
detail make as many queries with 50 applications in the queue as with 5.

The benchmark (``make bench``, URLs "wachtrij*" in ``bench/urls.py``) measures the same pages on
10,000 applications and reports their server time; the counts are asserted here because the
ordinary tests cannot build the bench's data. Staff log in through allauth with password and
TOTP, as in ``test_wachtrij.py``.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.models import Aanvraag
from portal.gebieden.models import Buurt
from tests.accounts.helpers import inloggen
from tests.factories import AanvraagFactory, CoordinatorFactory, RegelingFactory

pytestmark = pytest.mark.django_db

WOORD = "Wijkschaalfeest"  # in the title of every application built here

# The queue's pages: (name, query string of the listing); "detail" is an application's page.
LIJSTEN = {
    "wachtrij": "",
    "status": "?status=in_behandeling",
    "regeling-en-wachttijd": "?regeling={regeling}&wachttijd=binnen_norm",
    "mij": "?toegewezen=mij",
    "zoeken-titel": f"?q={WOORD}",
    "zoeken-referentie": "?q=DLF-{jaar}-",
    "gesorteerd": "?ordering=-gevraagd_bedrag",
}


def bouw(nummers, wijken, regelingen, ik):
    """Submitted applications ``nummers`` spread over the neighbourhoods of ``wijken``,
    ``regelingen`` and statuses, half in assessment by ``ik`` or by a colleague of their own
    (each one another user, as is each applicant: a missing select_related would show)."""
    buurten = list(Buurt.objects.filter(wijk__in=wijken).defer("grens").order_by("pk"))
    for n in nummers:
        buurt = buurten[n % len(buurten)]
        status = {"ingediend": True} if n % 2 else {"in_behandeling": True}
        behandelaar = None
        if not n % 2:
            behandelaar = ik if n % 4 == 0 else CoordinatorFactory(wijken=[buurt.wijk])
        AanvraagFactory(
            titel=f"{WOORD} {n}",
            buurt=buurt,
            wijk=buurt.wijk,
            regeling=regelingen[n % len(regelingen)],
            behandelaar=behandelaar,
            **status,
        )


def tel(client, pad):
    """The queries of a warm GET ``pad`` (a first request fills per-process caches)."""
    assert client.get(pad).status_code == 200, pad
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pad)
    assert response.status_code == 200, pad
    return len(queries), response


@pytest.fixture(params=["coordinator", "beheerder"])
def medewerker(request, client, wachtwoord, tanthof, buitenhof, coordinator_tanthof, beheerder):
    """The coordinator of Tanthof (one district) or an administrator (every district), logged
    in with a second factor, and the districts to put applications in for their queue."""
    if request.param == "coordinator":
        inloggen(client, coordinator_tanthof, wachtwoord)
        return coordinator_tanthof, [tanthof]
    inloggen(client, beheerder, wachtwoord)
    return beheerder, [tanthof, buitenhof]


def test_queue_query_counts_do_not_grow_with_the_number_of_applications(client, medewerker):
    ik, wijken = medewerker
    regelingen = [RegelingFactory(titel=f"Regeling {k}") for k in range(3)]
    index = reverse("aanvragen:index")
    paden = {
        naam: index + query.format(regeling=regelingen[0].pk, jaar=timezone.localdate().year)
        for naam, query in LIJSTEN.items()
    }

    def meet():
        gezien = Aanvraag.objects.filter(wijk__in=wijken, titel__startswith=WOORD)
        detail = gezien.order_by("pk").first()
        tellingen, rijen = {}, {}
        for naam, pad in paden.items():
            tellingen[naam], response = tel(client, pad)
            rijen[naam] = len(response.context["object_list"])
        tellingen["detail"], _ = tel(client, reverse("aanvragen:inspect", args=[detail.pk]))
        return tellingen, rijen, gezien.count()

    bouw(range(5), wijken, regelingen, ik)
    weinig, rijen_weinig, aantal_weinig = meet()
    bouw(range(5, 50), wijken, regelingen, ik)
    veel, rijen_veel, aantal_veel = meet()

    assert (aantal_weinig, aantal_veel) == (5, 50)
    # The pages did list more rows: the counts below compare 5 rows with up to 50.
    assert rijen_veel["wachtrij"] == rijen_veel["zoeken-titel"] == 50
    assert rijen_veel["zoeken-referentie"] == 50
    assert all(rijen_veel[naam] > rijen_weinig[naam] for naam in LIJSTEN)
    assert veel == weinig
