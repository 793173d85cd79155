"""Public accountability pages and the admin report "Verantwoording per wijk".

The figures are checked against a hand count over data built here (every date, status change
and ledger entry stated), not against the code's own formulas. Runs on SQLite (default) and on
PostgreSQL (``DATABASE_URL``), where percentiles come from ``percentile_cont``.
"""

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

import pytest

import participatie.rapport_admin as rapport_admin  # registers its Wagtail hooks
from participatie.constants import BoekingSoort, Rol, Status
from participatie.models import Boeking, StatusWijziging, Wijkbudget
from participatie.verantwoording import (
    BESLUITEN,
    jaren_met_gegevens,
    percentiel,
    verantwoording,
    wijkoverzicht,
)
from participatie.views_verantwoording import veilige_cel
from portal import urls as portal_urls
from portal.gebieden.models import Buurt, Wijk
from tests.accounts.helpers import inloggen
from tests.factories import AanvraagFactory, BewonerFactory, RegelingFactory

# Until portal/urls.py includes the public pages and participatie/wagtail_hooks.py imports the
# report, this module is its own URLconf: the project's URLs plus both (harmless afterwards).
urlpatterns = [
    path("verantwoording/", include("participatie.urls_verantwoording")),
    path(
        "admin/",
        include(decorate_urlpatterns(rapport_admin.verantwoording_urls(), require_admin_access)),
    ),
    *portal_urls.urlpatterns,
]
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

JAAR = timezone.localdate().year


def moment(dag: int, uur: int = 12, jaar: int = JAAR, dagen: float = 0) -> datetime:
    """A moment in ``jaar`` (local time, mid-day: no year boundary in any time zone)."""
    begin = timezone.make_aware(datetime(jaar, 1, dag, uur))
    return begin + timedelta(days=dagen)


def buurt_in(wijk) -> Buurt:
    return Buurt.objects.defer("grens").filter(wijk=wijk).order_by("pk").first()


def aanvraag(regeling, wijk, status, ingediend, *stappen, aanvrager=None, titel=None):
    """An application with exactly the history given: ``stappen`` are (status, moment)."""
    extra = {"titel": titel} if titel else {}
    a = AanvraagFactory(
        regeling=regeling,
        buurt=buurt_in(wijk),
        status=status,
        ingediend_op=ingediend,
        aanvrager=aanvrager or BewonerFactory(),
        **extra,
    )
    a.wijzigingen.all().delete()
    if ingediend is not None:
        StatusWijziging.objects.create(
            aanvraag=a, van=Status.CONCEPT, naar=Status.INGEDIEND, rol=Rol.AANVRAGER, op=ingediend
        )
    vorige = Status.INGEDIEND
    for naar, op in stappen:
        StatusWijziging.objects.create(
            aanvraag=a, van=vorige, naar=naar, rol=Rol.COORDINATOR, op=op
        )
        vorige = naar
    return a


def boek(budget, a, soort, bedrag):
    Boeking.objects.create(budget=budget, aanvraag=a, soort=soort, bedrag=Decimal(bedrag))


def budget_van(wijk, jaar=JAAR) -> Wijkbudget:
    """The demo loader's budget of this year (an example) covers every district but one."""
    return Wijkbudget.voor(wijk.pk, jaar)


@pytest.fixture
def gegevens(tanthof, buitenhof):
    """Two schemes in Tanthof with a stated history; noise in another district, another year
    and a draft, none of which may count."""
    feest = RegelingFactory(titel="Straatfeest proef")
    groen = RegelingFactory(titel="Groen proef")
    bewoner = BewonerFactory(first_name="Geheimvoornaam", last_name="Geheimachternaam")
    b = budget_van(tanthof)
    dag = 10
    # Straatfeest: 5 submitted, 2 granted, decided after 2, 4 and 1.5 days.
    a1 = aanvraag(
        feest, tanthof, Status.GOEDGEKEURD, moment(dag),
        (Status.IN_BEHANDELING, moment(dag, dagen=1)),
        (Status.GOEDGEKEURD, moment(dag, dagen=2)),
        aanvrager=bewoner, titel="Geheime titel van de aanvraag",
    )  # fmt: skip
    a2 = aanvraag(
        feest, tanthof, Status.UITBETAALD, moment(dag),
        (Status.IN_BEHANDELING, moment(dag, dagen=1)),
        (Status.GOEDGEKEURD, moment(dag, dagen=4)),
        (Status.UITBETAALD, moment(dag, dagen=9)),
    )  # fmt: skip
    aanvraag(
        feest, tanthof, Status.AFGEWEZEN, moment(dag),
        (Status.IN_BEHANDELING, moment(dag, dagen=1)),
        (Status.AFGEWEZEN, moment(dag, dagen=1.5)),
    )  # fmt: skip
    aanvraag(feest, tanthof, Status.INGEDIEND, moment(dag))
    aanvraag(
        feest, tanthof, Status.INGETROKKEN, moment(dag), (Status.INGETROKKEN, moment(dag, dagen=1))
    )
    # Groen: 2 submitted, both granted, decided after 3 and 5 days; the second approval's wait
    # (tweede akkoord) is not a decision.
    a6 = aanvraag(
        groen, tanthof, Status.GOEDGEKEURD, moment(dag),
        (Status.IN_BEHANDELING, moment(dag, dagen=0.5)),
        (Status.TWEEDE_AKKOORD, moment(dag, dagen=1)),
        (Status.GOEDGEKEURD, moment(dag, dagen=3)),
    )  # fmt: skip
    aanvraag(
        groen, tanthof, Status.VERANTWOORD, moment(dag),
        (Status.GOEDGEKEURD, moment(dag, dagen=5)),
        (Status.VERANTWOORD, moment(dag, dagen=20)),
    )  # fmt: skip
    boek(b, a1, BoekingSoort.RESERVERING, "100.00")
    boek(b, a2, BoekingSoort.RESERVERING, "150.00")
    boek(b, a2, BoekingSoort.BETALING, "150.00")
    boek(b, a6, BoekingSoort.RESERVERING, "80.00")
    boek(b, a6, BoekingSoort.VRIJGAVE, "30.00")
    # Noise: last year, another district, a draft.
    aanvraag(
        feest, tanthof, Status.GOEDGEKEURD, moment(dag, jaar=JAAR - 1),
        (Status.GOEDGEKEURD, moment(dag, jaar=JAAR - 1, dagen=30)),
    )  # fmt: skip
    elders = aanvraag(
        feest, buitenhof, Status.GOEDGEKEURD, moment(dag),
        (Status.GOEDGEKEURD, moment(dag, dagen=40)),
    )  # fmt: skip
    boek(budget_van(buitenhof), elders, BoekingSoort.RESERVERING, "70.00")
    aanvraag(feest, tanthof, Status.CONCEPT, None)
    return {"feest": feest, "groen": groen, "bewoner": bewoner, "budget": b, "a1": a1}


# --- The figures ------------------------------------------------------------------------------


def test_figures_equal_a_hand_count(gegevens, tanthof):
    cijfers = verantwoording(tanthof, JAAR)
    per_titel = {r.titel: r for r in cijfers.regelingen}
    assert set(per_titel) == {"Straatfeest proef", "Groen proef"}

    feest = per_titel["Straatfeest proef"]
    assert (feest.ingediend, feest.toegekend) == (5, 2)
    assert (feest.gereserveerd, feest.betaald) == (Decimal("100.00"), Decimal("150.00"))
    assert feest.behandeltijd.besloten == 3
    assert feest.behandeltijd.mediaan == pytest.approx(2.0, abs=1e-4)  # of 1.5, 2, 4

    groen = per_titel["Groen proef"]
    assert (groen.ingediend, groen.toegekend) == (2, 2)
    assert (groen.gereserveerd, groen.betaald) == (Decimal("50.00"), Decimal("0.00"))
    assert groen.behandeltijd.mediaan == pytest.approx(4.0, abs=1e-4)  # of 3, 5

    [budget] = cijfers.budgetten
    bedrag = gegevens["budget"].bedrag
    assert budget.is_voorbeeld and budget.wijken == ["Tanthof"]
    assert budget.positie.budget == bedrag
    assert budget.positie.gereserveerd == Decimal("150.00")  # 330 reserved − 30 − 150 paid
    assert budget.positie.betaald == Decimal("150.00")
    assert budget.positie.resterend == bedrag - Decimal("300.00")
    assert budget.positie == gegevens["budget"].positie()  # the ledger's own formula


def test_admin_overview_figures_equal_a_hand_count(gegevens, tanthof, buitenhof):
    rijen = {
        r.naam: r for r in wijkoverzicht(Wijk.objects.filter(pk__in=[tanthof.pk, buitenhof.pk]))
    }
    tanthof_rij = rijen["Tanthof"]
    assert tanthof_rij.lopend == 1
    assert tanthof_rij.behandeltijd.besloten == 5
    assert tanthof_rij.behandeltijd.gemiddelde == pytest.approx((2 + 4 + 1.5 + 3 + 5) / 5, abs=1e-4)
    assert tanthof_rij.behandeltijd.p90 == pytest.approx(4.6, abs=1e-4)  # 4 + 0.6 × (5 − 4)
    assert tanthof_rij.budget == gegevens["budget"].bedrag
    assert tanthof_rij.gebruikt == Decimal("300.00")  # reserved + paid
    assert rijen["Buitenhof"].gebruikt == Decimal("70.00")
    assert rijen["Buitenhof"].behandeltijd.mediaan == pytest.approx(40.0, abs=1e-4)


def test_a_shared_budget_is_shown_in_full_for_each_of_its_districts(db):
    hof, voordijkshoorn = (
        Wijk.objects.get(slug="hof-van-delft"),
        Wijk.objects.get(slug="voordijkshoorn"),
    )
    regeling = RegelingFactory()
    budget = budget_van(hof)
    assert budget == budget_van(voordijkshoorn)
    a = aanvraag(regeling, voordijkshoorn, Status.GOEDGEKEURD, moment(10))
    boek(budget, a, BoekingSoort.RESERVERING, "60.00")
    for wijk in (hof, voordijkshoorn):
        [cijfers] = verantwoording(wijk, JAAR).budgetten
        assert cijfers.is_gedeeld and cijfers.positie.gereserveerd == Decimal("60.00")
    assert verantwoording(hof, JAAR).regelingen == []  # the application is Voordijkshoorn's
    rijen = {
        r.naam: r for r in wijkoverzicht(Wijk.objects.filter(pk__in=[hof.pk, voordijkshoorn.pk]))
    }
    assert rijen["Hof van Delft"].gebruikt == rijen["Voordijkshoorn"].gebruikt == Decimal("60.00")
    assert rijen["Hof van Delft"].budget == budget.bedrag


def test_percentile_interpolates_as_percentile_cont():
    assert percentiel([], 0.5) is None
    assert percentiel([7.0], 0.9) == 7.0
    assert percentiel([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentiel([1.5, 2.0, 3.0, 4.0, 5.0], 0.9) == pytest.approx(4.6)
    assert Status.TWEEDE_AKKOORD not in BESLUITEN


def test_years_with_data(gegevens, tanthof):
    jaren = jaren_met_gegevens(tanthof)
    assert jaren[:2] == [JAAR, JAAR - 1]  # this year's budget and applications, last year's
    assert {2009, 2012} <= set(jaren)  # the policy note's budgets
    assert jaren == sorted(jaren, reverse=True)


# --- The public pages -------------------------------------------------------------------------


def jaar_url(wijk, jaar=JAAR):
    return reverse("verantwoording:jaar", kwargs={"wijk": wijk.slug, "jaar": jaar})


def csv_url(wijk, jaar=JAAR):
    return reverse("verantwoording:csv", kwargs={"wijk": wijk.slug, "jaar": jaar})


def lees_csv(response):
    tekst = response.content.decode("utf-8")
    bron, _, rest = tekst.partition("\r\n")
    return bron, list(csv.DictReader(io.StringIO(rest)))


def test_year_page_shows_budget_and_schemes_accessibly(client, gegevens, tanthof):
    response = client.get(jaar_url(tanthof))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count("<caption") == 2
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "Straatfeest proef" in html and "Groen proef" in html
    assert "delft-badge" in html  # the demo budget is labelled as an example
    assert 'aria-current="page"' in html  # breadcrumbs
    assert 'href="/tanthof/"' in html  # through the district's page
    assert csv_url(tanthof) in html
    assert "€ 150,00" in html


def test_no_personal_data_in_html_or_csv(client, gegevens, tanthof):
    bewoner, a1 = gegevens["bewoner"], gegevens["a1"]
    geheimen = [
        bewoner.email,
        bewoner.first_name,
        bewoner.last_name,
        a1.titel,
        a1.straat,
        a1.referentie,
    ]
    for url in (
        jaar_url(tanthof),
        csv_url(tanthof),
        reverse("verantwoording:index", args=["tanthof"]),
    ):
        inhoud = client.get(url).content.decode()
        assert [g for g in geheimen if g in inhoud] == [], url


def test_csv_is_open_data_with_a_source_line(client, gegevens, tanthof):
    response = client.get(csv_url(tanthof))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    bron, rijen = lees_csv(response)
    assert bron.startswith("# ") and "creativecommons.org" in bron and jaar_url(tanthof) in bron
    per_naam = {(r["onderdeel"], r["naam"]): r for r in rijen}
    feest = per_naam["regeling", "Straatfeest proef"]
    assert feest["aanvragen_ingediend"] == "5" and feest["aanvragen_toegekend"] == "2"
    assert feest["gereserveerd_eur"] == "100.00" and feest["betaald_eur"] == "150.00"
    assert feest["mediaan_behandeltijd_dagen"] == "2.0"
    budget = next(r for r in rijen if r["onderdeel"] == "budget")
    assert budget["voorbeeld"] == "ja" and budget["betaald_eur"] == "150.00"
    # The same file through ?formaat=csv.
    assert client.get(jaar_url(tanthof), {"formaat": "csv"}).content == response.content


def test_csv_neutralises_formulas(client, tanthof):
    for titel in ('=HYPERLINK("http://kwaad.example")', "+1+1", "-2+3", "@SOM(A1)", " =1"):
        aanvraag(RegelingFactory(titel=titel), tanthof, Status.INGEDIEND, moment(10))
    _, rijen = lees_csv(client.get(csv_url(tanthof)))
    namen = {r["naam"] for r in rijen if r["onderdeel"] == "regeling"}
    assert namen == {'\'=HYPERLINK("http://kwaad.example")', "'+1+1", "'-2+3", "'@SOM(A1)", "' =1"}
    # Numbers stay numbers, also when negative (an overspent budget).
    assert veilige_cel(Decimal("-12.50")) == "-12.50"
    assert veilige_cel(True) == "ja"


def test_index_lists_years_with_data(client, gegevens, tanthof):
    response = client.get(reverse("verantwoording:index", kwargs={"wijk": "tanthof"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert jaar_url(tanthof) in html and jaar_url(tanthof, JAAR - 1) in html
    assert jaar_url(tanthof, 2012) in html
    assert jaar_url(tanthof, JAAR - 2) not in html


@pytest.mark.parametrize(
    "pad",
    [
        "/verantwoording/bestaat-niet/",
        f"/verantwoording/bestaat-niet/{JAAR}/",
        f"/verantwoording/bestaat-niet/{JAAR}.csv",
        "/verantwoording/tanthof/1999/",
        f"/verantwoording/tanthof/{JAAR + 2}/",
        f"/verantwoording/tanthof/{JAAR + 2}.csv",
        "/verantwoording/tanthof/99999999999999999999/",
        "/verantwoording/tanthof/2005/",  # in range, but no figures at all
    ],
)
def test_unknown_district_or_year_is_404(client, pad):
    assert client.get(pad).status_code == 404


def test_this_year_without_figures_is_a_page(client, tanthof):
    Wijkbudget.objects.filter(wijken=tanthof, jaar=JAAR).delete()
    response = client.get(jaar_url(tanthof))
    assert response.status_code == 200
    assert response.content.decode().count("<table") == 0
    assert client.get(jaar_url(tanthof, JAAR - 1)).status_code == 404


def test_public_page_query_count_is_constant(client, tanthof):
    regelingen = [RegelingFactory(titel=f"Regeling q{i}") for i in range(3)]
    budget = budget_van(tanthof)

    def maak(aantal, start):
        for i in range(start, start + aantal):
            a = aanvraag(
                regelingen[i % 3], tanthof, Status.UITBETAALD, moment(10),
                (Status.GOEDGEKEURD, moment(10, dagen=1 + i % 7)),
                (Status.UITBETAALD, moment(10, dagen=10)),
            )  # fmt: skip
            boek(budget, a, BoekingSoort.RESERVERING, "10.00")
            boek(budget, a, BoekingSoort.BETALING, "10.00")

    def tel():
        counts = []
        for url in (
            jaar_url(tanthof),
            csv_url(tanthof),
            reverse("verantwoording:index", args=["tanthof"]),
        ):
            client.get(url)  # warm per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    maak(3, 0)
    weinig = tel()
    maak(27, 3)
    veel = tel()
    assert weinig == veel, (weinig, veel)
    assert max(veel) <= 12, veel


# --- The admin report -------------------------------------------------------------------------


def test_admin_report_for_an_administrator(client, gegevens, beheerder, wachtwoord):
    inloggen(client, beheerder, wachtwoord)
    response = client.get(reverse("participatie_verantwoording"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tanthof" in html and "Buitenhof" in html and "Binnenstad" in html
    assert "4,6" in html  # Tanthof's 90th percentile, Dutch notation
    assert gegevens["bewoner"].email not in html and gegevens["a1"].titel not in html
    results = client.get(reverse("participatie_verantwoording_results"))
    assert results.status_code == 200


def test_admin_report_shows_a_coordinator_only_their_districts(
    client, gegevens, coordinator_buitenhof, wachtwoord
):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    response = client.get(reverse("participatie_verantwoording"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Buitenhof" in html
    assert "Tanthof" not in html and "Binnenstad" not in html


def test_admin_report_refuses_editors(client, redacteur, wachtwoord):
    inloggen(client, redacteur, wachtwoord)
    assert client.get(reverse("participatie_verantwoording")).status_code == 403
    assert client.get(reverse("participatie_verantwoording_results")).status_code == 403


def test_admin_report_menu_item_only_for_those_who_may_see_it(
    rf, beheerder, coordinator_tanthof, redacteur
):
    item = rapport_admin.verantwoording_menu()
    for user, zichtbaar in ((beheerder, True), (coordinator_tanthof, True), (redacteur, False)):
        request = rf.get("/admin/")
        request.user = user
        assert item.is_shown(request) is zichtbaar
