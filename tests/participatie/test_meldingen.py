"""E-mail to district coordinators: a new application (in the submit's transaction) and the
daily overview of applications waiting longer than their scheme's service level."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest
from django_q.models import Schedule

from participatie import meldingen
from participatie.constants import Status
from portal.gebieden.models import Buurt, Wijk
from portal.mail.models import Email
from tests.factories import AanvraagFactory, CoordinatorFactory, RegelingFactory

pytestmark = pytest.mark.django_db

PUBLIEK = "https://wijkportaal.delft.example"


@pytest.fixture(autouse=True)
def _publieke_basis(settings):
    """A public address that differs from the test client's host and the dev default."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIEK


@pytest.fixture(autouse=True)
def _alleen_coordinatoren_van_de_test(db):
    """The demo loader links its own coordinators to districts; each test here states its own
    (the removal is rolled back with the test's transaction)."""
    Wijk.coordinatoren.through.objects.all().delete()


def aanvraag_in(wijk, *, dagen_geleden=0, **kwargs):
    """A submitted application in a real neighbourhood of ``wijk``."""
    buurt = Buurt.objects.defer("grens").filter(wijk=wijk).order_by("pk").first()
    kwargs.setdefault("status", Status.INGEDIEND)
    return AanvraagFactory(
        buurt=buurt,
        wijk=wijk,
        ingediend_op=timezone.now() - timedelta(days=dagen_geleden),
        **kwargs,
    )


def mails_aan(user):
    return [bericht for bericht in mail.outbox if bericht.to == [user.email]]


def html_van(bericht) -> str:
    return next(inhoud for inhoud, soort in bericht.alternatives if soort == "text/html")


# A new application -------------------------------------------------------------------------


def test_new_application_goes_to_each_coordinator_of_the_district_only(
    tanthof, buitenhof, coordinator_tanthof, coordinator_buitenhof
):
    tweede = CoordinatorFactory(wijken=[tanthof])
    aanvraag = aanvraag_in(tanthof)
    mail.outbox.clear()

    meldingen.meld_nieuwe_aanvraag(aanvraag)

    assert sorted(b.to[0] for b in mail.outbox) == sorted([coordinator_tanthof.email, tweede.email])
    assert not mails_aan(coordinator_buitenhof)
    bericht = mails_aan(coordinator_tanthof)[0]
    assert aanvraag.referentie in bericht.subject and "Tanthof" in bericht.subject
    assert aanvraag.regeling.titel in bericht.body
    assert aanvraag.buurt.naam in bericht.body


def test_inactive_or_role_less_coordinators_get_no_new_application_mail(tanthof):
    inactief = CoordinatorFactory(wijken=[tanthof], is_active=False)
    zonder_rol = CoordinatorFactory(wijken=[tanthof])
    zonder_rol.groups.clear()
    actief = CoordinatorFactory(wijken=[tanthof])
    aanvraag = aanvraag_in(tanthof)
    mail.outbox.clear()

    meldingen.meld_nieuwe_aanvraag(aanvraag)

    assert [b.to for b in mail.outbox] == [[actief.email]]
    assert not mails_aan(inactief) and not mails_aan(zonder_rol)


def test_new_application_mail_is_idempotent_per_submission(tanthof, coordinator_tanthof):
    aanvraag = aanvraag_in(tanthof)
    mail.outbox.clear()

    meldingen.meld_nieuwe_aanvraag(aanvraag)
    meldingen.meld_nieuwe_aanvraag(aanvraag)
    assert len(mails_aan(coordinator_tanthof)) == 1

    # Submitted again after requested changes: a new moment of submitting, a new message.
    aanvraag.ingediend_op = timezone.now() + timedelta(minutes=5)
    aanvraag.save(update_fields=["ingediend_op"])
    meldingen.meld_nieuwe_aanvraag(aanvraag, opnieuw=True)
    assert len(mails_aan(coordinator_tanthof)) == 2


def test_new_application_mail_contains_no_personal_data_of_the_applicant(
    tanthof, coordinator_tanthof
):
    aanvraag = aanvraag_in(
        tanthof,
        titel="Feest bij familie Jansen",
        omschrijving="Bel Piet Jansen op 06-12345678",
        straat="Geheimstraat",
        huisnummer="99",
        telefoon="0612345678",
    )
    mail.outbox.clear()

    meldingen.meld_nieuwe_aanvraag(aanvraag)

    bericht = mails_aan(coordinator_tanthof)[0]
    inhoud = "\n".join([bericht.subject, bericht.body, html_van(bericht)])
    aanvrager = aanvraag.aanvrager
    for persoonlijk in [
        aanvrager.email,
        aanvrager.first_name,
        aanvrager.last_name,
        "Jansen",
        "Geheimstraat",
        "0612345678",
        "06-12345678",
    ]:
        assert persoonlijk not in inhoud, persoonlijk


def test_new_application_mail_is_written_in_the_callers_transaction(tanthof, coordinator_tanthof):
    from django.db import transaction

    class Teruggedraaid(Exception):
        pass

    aanvraag = aanvraag_in(tanthof)
    with pytest.raises(Teruggedraaid), transaction.atomic():
        meldingen.meld_nieuwe_aanvraag(aanvraag)
        raise Teruggedraaid
    assert not Email.objects.filter(aan=coordinator_tanthof.email).exists()


def test_mails_link_to_the_review_queue_at_the_public_base_url(tanthof, coordinator_tanthof):
    laat = aanvraag_in(tanthof, dagen_geleden=30)
    nieuw = aanvraag_in(tanthof)
    mail.outbox.clear()

    meldingen.meld_nieuwe_aanvraag(nieuw)
    meldingen.stuur_dagoverzicht()

    per_sjabloon = dict(
        zip(
            Email.objects.filter(aan=coordinator_tanthof.email)
            .order_by("pk")
            .values_list("sjabloon", flat=True),
            mails_aan(coordinator_tanthof),
            strict=True,
        )
    )
    assert set(per_sjabloon) == {"nieuwe_aanvraag", "dagoverzicht"}
    wachtrij = PUBLIEK + reverse("aanvragen:index")
    verwacht = {
        "nieuwe_aanvraag": [PUBLIEK + reverse("aanvragen:inspect", args=[nieuw.pk]), wachtrij],
        "dagoverzicht": [PUBLIEK + reverse("aanvragen:inspect", args=[laat.pk]), wachtrij],
    }
    for sjabloon, bericht in per_sjabloon.items():
        for inhoud in (bericht.body, html_van(bericht)):
            for link in verwacht[sjabloon]:
                assert link in inhoud, (sjabloon, link)
            assert "127.0.0.1" not in inhoud
            assert "testserver" not in inhoud


# The daily overview ------------------------------------------------------------------------


def test_overview_lists_only_late_applications_of_the_coordinators_districts(
    tanthof, buitenhof, coordinator_tanthof, coordinator_buitenhof
):
    snel = RegelingFactory(servicenorm_dagen=3)
    traag = RegelingFactory(servicenorm_dagen=20)
    te_laat_snel = aanvraag_in(tanthof, regeling=snel, dagen_geleden=5)
    te_laat_in_behandeling = aanvraag_in(
        tanthof, regeling=traag, dagen_geleden=25, status=Status.IN_BEHANDELING
    )
    te_laat_tweede_akkoord = aanvraag_in(
        tanthof, regeling=snel, dagen_geleden=4, status=Status.TWEEDE_AKKOORD
    )
    op_tijd = aanvraag_in(tanthof, regeling=traag, dagen_geleden=5)
    bij_bewoner = aanvraag_in(
        tanthof, regeling=snel, dagen_geleden=30, status=Status.AANPASSING_GEVRAAGD
    )
    afgehandeld = aanvraag_in(tanthof, regeling=snel, dagen_geleden=30, status=Status.AFGEWEZEN)
    andere_wijk = aanvraag_in(buitenhof, regeling=snel, dagen_geleden=30)
    mail.outbox.clear()

    meldingen.stuur_dagoverzicht()

    [bericht] = mails_aan(coordinator_tanthof)
    for aanvraag in (te_laat_snel, te_laat_in_behandeling, te_laat_tweede_akkoord):
        assert aanvraag.referentie in bericht.body
        assert aanvraag.referentie in html_van(bericht)
    for aanvraag in (op_tijd, bij_bewoner, afgehandeld, andere_wijk):
        assert aanvraag.referentie not in bericht.body
        assert aanvraag.referentie not in html_van(bericht)
    assert "3" in bericht.subject
    # Oldest first.
    body = bericht.body
    assert body.index(te_laat_in_behandeling.referentie) < body.index(te_laat_snel.referentie)

    [ander] = mails_aan(coordinator_buitenhof)
    assert andere_wijk.referentie in ander.body
    assert te_laat_snel.referentie not in ander.body


def test_overview_for_a_coordinator_of_two_districts_is_one_mail(tanthof, buitenhof):
    beide = CoordinatorFactory(wijken=[tanthof, buitenhof])
    in_tanthof = aanvraag_in(tanthof, dagen_geleden=30)
    in_buitenhof = aanvraag_in(buitenhof, dagen_geleden=30)
    mail.outbox.clear()

    meldingen.stuur_dagoverzicht()

    [bericht] = mails_aan(beide)
    assert in_tanthof.referentie in bericht.body and in_buitenhof.referentie in bericht.body
    assert "Tanthof" in bericht.body and "Buitenhof" in bericht.body


def test_overview_is_sent_once_per_day(tanthof, coordinator_tanthof):
    aanvraag_in(tanthof, dagen_geleden=30)
    mail.outbox.clear()

    assert meldingen.stuur_dagoverzicht() == 1
    assert meldingen.stuur_dagoverzicht() == 0

    assert len(mail.outbox) == 1
    assert len(mails_aan(coordinator_tanthof)) == 1


def test_no_overview_when_nothing_is_late(tanthof, coordinator_tanthof):
    aanvraag_in(tanthof, dagen_geleden=1)
    aanvraag_in(tanthof, dagen_geleden=30, status=Status.AANPASSING_GEVRAAGD)
    mail.outbox.clear()

    assert meldingen.stuur_dagoverzicht() == 0
    assert mail.outbox == []


def test_overview_lists_a_bounded_number_and_counts_the_rest(
    tanthof, coordinator_tanthof, monkeypatch
):
    monkeypatch.setattr(meldingen, "MAX_IN_OVERZICHT", 2)
    regeling = RegelingFactory(servicenorm_dagen=10)
    aanvragen = [aanvraag_in(tanthof, regeling=regeling, dagen_geleden=20 + n) for n in range(4)]
    mail.outbox.clear()

    meldingen.stuur_dagoverzicht()

    [bericht] = mails_aan(coordinator_tanthof)
    oudste_twee, rest = aanvragen[2:], aanvragen[:2]
    assert all(a.referentie in bericht.body for a in oudste_twee)
    assert not any(a.referentie in bericht.body for a in rest)
    assert "4" in bericht.subject
    # "… and 2 more" (in any language).
    [rest_regel] = [r for r in bericht.body.splitlines() if r.startswith("…")]
    assert " 2" in rest_regel


def test_overview_queries_do_not_grow_with_the_number_of_applications(
    tanthof, coordinator_tanthof, django_assert_max_num_queries
):
    for _ in range(15):
        aanvraag_in(tanthof, dagen_geleden=30)
    mail.outbox.clear()

    with django_assert_max_num_queries(20):
        meldingen.stuur_dagoverzicht()
    assert len(mails_aan(coordinator_tanthof)) == 1


def test_overview_is_scheduled_daily_at_seven_local_time():
    meldingen.plan_dagoverzicht()
    meldingen.plan_dagoverzicht()

    assert Schedule.objects.filter(name=meldingen.SCHEDULE_NAAM).count() == 1
    schedule = Schedule.objects.get(name=meldingen.SCHEDULE_NAAM)
    assert schedule.func == "participatie.meldingen.stuur_dagoverzicht"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1
    lokaal = timezone.localtime(schedule.next_run)
    assert (lokaal.hour, lokaal.minute) == (7, 0)
    assert timezone.now() < schedule.next_run <= timezone.now() + timedelta(days=1)
