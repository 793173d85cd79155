"""Coordinators' decisions on the one state machine: transitions by role, four eyes, the budget
ledger (reserve, pay, release, override) and one resident e-mail per transition."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.utils import formats, timezone

import pytest

from participatie import besluiten
from participatie.constants import BoekingSoort, Rol, Status
from participatie.models import Boeking
from participatie.statemachine import OngeldigeOvergang
from portal.mail.models import Email
from tests.factories import AanvraagFactory, BeheerderFactory, CoordinatorFactory, RegelingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanvraag_tanthof(tanthof):
    from portal.gebieden.models import Buurt

    buurt = Buurt.objects.filter(wijk=tanthof).defer("grens").first()
    return AanvraagFactory(
        ingediend=True,
        buurt=buurt,
        wijk=tanthof,
        gevraagd_bedrag=Decimal("200.00"),
        regeling=RegelingFactory(bedrag=Decimal("300.00")),
    )


def in_behandeling(aanvraag, coordinator):
    besluiten.in_behandeling_nemen(aanvraag, door=coordinator)
    aanvraag.refresh_from_db()
    return aanvraag


def test_the_district_coordinator_takes_it_approves_a_lower_amount_and_it_is_reserved(
    aanvraag_tanthof, coordinator_tanthof, budget
):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    assert aanvraag.status == Status.IN_BEHANDELING and aanvraag.behandelaar == coordinator_tanthof
    besluiten.goedkeuren(
        aanvraag, door=coordinator_tanthof, bedrag=Decimal("150.00"), motivatie="Mooi plan."
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD and aanvraag.toegekend_bedrag == Decimal("150")
    positie = budget.positie()
    assert (positie.gereserveerd, positie.betaald, positie.resterend) == (150, 0, 350)
    boeking = Boeking.objects.get(aanvraag=aanvraag)
    assert boeking.wijziging.naar == Status.GOEDGEKEURD and boeking.door == coordinator_tanthof


def test_a_coordinator_of_another_district_cannot_decide(
    aanvraag_tanthof, coordinator_buitenhof, budget
):
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.in_behandeling_nemen(aanvraag_tanthof, door=coordinator_buitenhof)
    aanvraag_tanthof.refresh_from_db()
    assert aanvraag_tanthof.status == Status.INGEDIEND


def test_assignment_only_to_a_colleague_of_the_same_district(
    aanvraag_tanthof, coordinator_tanthof, coordinator_buitenhof
):
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.in_behandeling_nemen(
            aanvraag_tanthof, door=coordinator_tanthof, behandelaar=coordinator_buitenhof
        )


def test_illegal_transitions_are_refused_from_the_model_api(aanvraag_tanthof, coordinator_tanthof):
    # Straight from submitted to approved skips the assessment: not in the table.
    with pytest.raises(OngeldigeOvergang):
        besluiten.goedkeuren(aanvraag_tanthof, door=coordinator_tanthof)
    with pytest.raises(OngeldigeOvergang):
        aanvraag_tanthof.wijzig_status(Status.UITBETAALD, rol=Rol.COORDINATOR)
    with pytest.raises(OngeldigeOvergang):
        aanvraag_tanthof.wijzig_status(Status.IN_BEHANDELING, rol=Rol.AANVRAGER)


def test_rejection_and_change_requests_need_a_message(aanvraag_tanthof, coordinator_tanthof):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    with pytest.raises(besluiten.BesluitFout):
        besluiten.afwijzen(aanvraag, door=coordinator_tanthof, motivatie="  ")
    with pytest.raises(besluiten.BesluitFout):
        besluiten.aanpassing_vragen(aanvraag, door=coordinator_tanthof, bericht="")
    besluiten.afwijzen(
        aanvraag, door=coordinator_tanthof, motivatie="Artikel 3: de activiteit is commercieel."
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.AFGEWEZEN


def test_the_resident_gets_one_dutch_e_mail_per_public_change_with_objection_advice(
    aanvraag_tanthof, coordinator_tanthof
):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    besluiten.afwijzen(aanvraag, door=coordinator_tanthof, motivatie="Artikel 3 van de regeling.")
    aan_bewoner = [m for m in mail.outbox if m.to == [aanvraag.aanvrager.email]]
    assert len(aan_bewoner) == 2  # taken into assessment, rejected
    afwijzing = aan_bewoner[-1]
    assert "Afgewezen" in afwijzing.subject and "Artikel 3 van de regeling." in afwijzing.body
    tot = formats.date_format(timezone.localdate() + timedelta(weeks=6), "j F Y")
    assert f"bezwaar maken tot en met {tot}" in afwijzing.body
    assert "/admin/" not in afwijzing.body
    assert "/aanvragen/" in afwijzing.body


def test_planning_a_notification_twice_sends_it_once(aanvraag_tanthof, coordinator_tanthof):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    wijziging = aanvraag.wijzigingen.latest("op")
    voor = len(mail.outbox)
    besluiten._meld_bewoner(aanvraag, wijziging)  # a retried task / a repeated call
    besluiten._meld_bewoner(aanvraag, wijziging)
    assert len(mail.outbox) == voor
    assert Email.objects.filter(sleutel__startswith=f"statuswijziging:{wijziging.pk}:").count() == 1


# --- Four eyes ------------------------------------------------------------------------------


@pytest.fixture
def boven_drempel(aanvraag_tanthof):
    regeling = aanvraag_tanthof.regeling
    regeling.vier_ogen_vanaf = Decimal("100.00")
    regeling.save()
    return aanvraag_tanthof


def test_above_the_threshold_a_second_person_must_approve(
    boven_drempel, coordinator_tanthof, tanthof, budget
):
    aanvraag = in_behandeling(boven_drempel, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof, motivatie="Eerste akkoord")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.TWEEDE_AKKOORD
    assert budget.positie().gereserveerd == 0  # nothing reserved before the final approval

    with pytest.raises(besluiten.BesluitFout):  # the same person twice
        besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    collega = CoordinatorFactory(wijken=[tanthof])
    besluiten.goedkeuren(aanvraag, door=collega, motivatie="Tweede akkoord")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD
    assert budget.positie().gereserveerd == Decimal("200.00")


def test_an_administrator_may_give_the_second_approval(boven_drempel, coordinator_tanthof, budget):
    aanvraag = in_behandeling(boven_drempel, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=BeheerderFactory())
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD


def test_at_or_below_the_threshold_one_approval_is_enough(
    boven_drempel, coordinator_tanthof, budget
):
    aanvraag = in_behandeling(boven_drempel, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof, bedrag=Decimal("100.00"))
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD


# --- The ledger -------------------------------------------------------------------------------


def test_approval_beyond_the_budget_is_refused_with_the_remaining_amount(
    aanvraag_tanthof, coordinator_tanthof, budget
):
    budget.bedrag = Decimal("120.00")
    budget.save()
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    with pytest.raises(besluiten.BudgetOntoereikend) as fout:
        besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    assert "120" in fout.value.messages[0]
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING
    assert not Boeking.objects.exists()


def test_only_an_administrator_overrides_the_budget_with_a_motivation(
    aanvraag_tanthof, coordinator_tanthof, budget
):
    budget.bedrag = Decimal("120.00")
    budget.save()
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    with pytest.raises(besluiten.BudgetOntoereikend):
        besluiten.goedkeuren(aanvraag, door=coordinator_tanthof, overschrijding="Belangrijk")
    beheerder = BeheerderFactory()
    with pytest.raises(besluiten.BudgetOntoereikend):
        besluiten.goedkeuren(aanvraag, door=beheerder)  # no motivation
    besluiten.goedkeuren(aanvraag, door=beheerder, overschrijding="Raadsbesluit 2026-14")
    boeking = Boeking.objects.get(aanvraag=aanvraag)
    assert boeking.overschrijding == "Raadsbesluit 2026-14"
    assert budget.positie().resterend == Decimal("-80.00")


def test_payment_books_the_amount_and_releases_the_difference(
    aanvraag_tanthof, coordinator_tanthof, budget
):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    besluiten.uitbetalen(aanvraag, door=coordinator_tanthof, bedrag=Decimal("180.00"))
    positie = budget.positie()
    assert (positie.gereserveerd, positie.betaald, positie.resterend) == (0, 180, 320)
    soorten = list(Boeking.objects.filter(aanvraag=aanvraag).values_list("soort", "bedrag"))
    assert soorten == [
        (BoekingSoort.RESERVERING, Decimal("200.00")),
        (BoekingSoort.BETALING, Decimal("180.00")),
        (BoekingSoort.VRIJGAVE, Decimal("20.00")),
    ]
    with pytest.raises(OngeldigeOvergang):  # paid once
        besluiten.uitbetalen(aanvraag, door=coordinator_tanthof)


def test_withdrawal_after_approval_releases_the_reservation(
    aanvraag_tanthof, coordinator_tanthof, budget
):
    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    besluiten.intrekken(aanvraag, door=aanvraag.aanvrager, reden="Gaat niet door")
    assert budget.positie().resterend == budget.bedrag
    assert budget.positie().gereserveerd == 0


def test_ledger_entries_are_immutable(aanvraag_tanthof, coordinator_tanthof, budget):
    from django.core.exceptions import ValidationError

    aanvraag = in_behandeling(aanvraag_tanthof, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    boeking = Boeking.objects.get()
    boeking.bedrag = Decimal("1.00")
    with pytest.raises(ValidationError):
        boeking.save()
    with pytest.raises(ValidationError):
        boeking.delete()


def test_a_scheme_without_money_books_nothing(tanthof, coordinator_tanthof, budget):
    aanvraag = AanvraagFactory(
        ingediend=True,
        wijk=tanthof,
        regeling=RegelingFactory(vast_bedrag=True, uit_wijkbudget=False),
    )
    aanvraag = in_behandeling(aanvraag, coordinator_tanthof)
    besluiten.goedkeuren(aanvraag, door=coordinator_tanthof)
    assert not Boeking.objects.exists()
