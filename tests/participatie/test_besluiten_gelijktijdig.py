"""Concurrent approvals against one district budget are serialised (a row lock on the budget):
the ledger never goes below zero, the sums reconcile and every refused approval got its message.
Real parallel connections, so PostgreSQL only (CI's PostgreSQL step)."""

import threading
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest

from participatie import besluiten
from participatie.constants import BoekingSoort, Status
from participatie.models import Aanvraag, Boeking, Wijkbudget
from portal.accounts.models import User
from tests.factories import AanvraagFactory, CoordinatorFactory, RegelingFactory

from .conftest import in_eigen_draad, teller_terugzetten

pytestmark = pytest.mark.django_db

AANTAL = 24
BEDRAG = Decimal("100.00")
BUDGET = Decimal("1000.00")  # affords 10 of the 24


def _maak(gemaakt):
    from portal.gebieden.models import Buurt, Wijk

    wijk = Wijk.objects.get(slug="voorhof")
    buurt = Buurt.objects.filter(wijk=wijk).defer("grens").first()
    jaar = timezone.localdate().year
    budget = Wijkbudget.voor(wijk.pk, jaar)
    if budget is None:
        budget = Wijkbudget.objects.create(naam="Voorhof (gelijktijdig)", jaar=jaar, bedrag=BUDGET)
        budget.wijken.add(wijk)
        gemaakt["budget"] = budget
    else:  # the demo's example budget: use it with our amount, restore it afterwards
        gemaakt["oorspronkelijk"] = (budget, budget.bedrag)
        Wijkbudget.objects.filter(pk=budget.pk).update(bedrag=BUDGET)
    gemaakt["budget_pk"] = budget.pk
    regeling = RegelingFactory(bedrag=Decimal("500.00"))
    gemaakt["regeling"] = regeling
    coordinator = CoordinatorFactory(wijken=[wijk])
    gemaakt["users"] = [coordinator]
    aanvragen = []
    for _ in range(AANTAL):
        aanvraag = AanvraagFactory(
            in_behandeling=True, regeling=regeling, wijk=wijk, buurt=buurt, gevraagd_bedrag=BEDRAG
        )
        gemaakt["users"].append(aanvraag.aanvrager)
        aanvragen.append(aanvraag)
    return coordinator, aanvragen


def _ruim_op(gemaakt):
    if "regeling" in gemaakt:
        aanvragen = Aanvraag.objects.filter(regeling=gemaakt["regeling"])
        Boeking.objects.filter(aanvraag__in=aanvragen)._raw_delete(Boeking.objects.db)
        aanvragen.delete()
        gemaakt["regeling"].delete()
    if "budget" in gemaakt:
        gemaakt["budget"].delete()
    if "oorspronkelijk" in gemaakt:
        budget, bedrag = gemaakt["oorspronkelijk"]
        Wijkbudget.objects.filter(pk=budget.pk).update(bedrag=bedrag)
    from portal.mail.models import Email

    adressen = [u.email for u in gemaakt.get("users", [])]
    Email.objects.filter(aan__in=adressen).delete()  # their outbox rows were committed too
    User.objects.filter(pk__in=[u.pk for u in gemaakt.get("users", [])]).delete()


@pytest.fixture
def te_veel_aanvragen():
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections: PostgreSQL (CI's PostgreSQL step)")
    gemaakt = {}
    terug = in_eigen_draad(teller_terugzetten)
    try:
        yield in_eigen_draad(lambda: _maak(gemaakt))
    finally:
        in_eigen_draad(lambda: _ruim_op(gemaakt))
        in_eigen_draad(terug)


def test_concurrent_approvals_never_overspend_the_budget(te_veel_aanvragen):
    coordinator, aanvragen = te_veel_aanvragen
    start_schot = threading.Barrier(len(aanvragen))
    uitkomsten = {}

    def keur_goed(aanvraag):
        try:
            start_schot.wait(timeout=30)
            besluiten.goedkeuren(aanvraag, door=coordinator, motivatie="Akkoord")
            uitkomsten[aanvraag.pk] = "goedgekeurd"
        except besluiten.BudgetOntoereikend as fout:
            uitkomsten[aanvraag.pk] = fout.messages[0]
        finally:
            connection.close()

    draden = [threading.Thread(target=keur_goed, args=(a,)) for a in aanvragen]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=120)

    budget_pk = Wijkbudget.voor(aanvragen[0].wijk_id, timezone.localdate().year).pk

    def stand():
        budget = Wijkbudget.objects.get(pk=budget_pk)
        statussen = list(
            Aanvraag.objects.filter(pk__in=[a.pk for a in aanvragen]).values_list(
                "status", flat=True
            )
        )
        reserveringen = list(
            Boeking.objects.filter(budget=budget, soort=BoekingSoort.RESERVERING).values_list(
                "bedrag", flat=True
            )
        )
        return budget.positie(), statussen, reserveringen

    positie, statussen, reserveringen = in_eigen_draad(stand)
    assert len(uitkomsten) == AANTAL
    goedgekeurd = [u for u in uitkomsten.values() if u == "goedgekeurd"]
    geweigerd = [u for u in uitkomsten.values() if u != "goedgekeurd"]
    assert len(goedgekeurd) == int(BUDGET / BEDRAG)
    assert all("Onvoldoende budget" in melding for melding in geweigerd)
    assert positie.resterend == 0 and positie.resterend >= 0
    # The sums reconcile: reservations = approvals × amount = budget - remaining.
    assert sum(reserveringen) == len(goedgekeurd) * BEDRAG == BUDGET - positie.resterend
    assert statussen.count(Status.GOEDGEKEURD) == len(goedgekeurd)
    assert statussen.count(Status.IN_BEHANDELING) == len(geweigerd)
