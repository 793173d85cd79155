"""The e-mail outbox: one row per message, sent by id, at most once, retried with backoff."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_q.models import Failure, Success

from portal.mail.models import Email, EmailStatus
from portal.mail.tasks import plan_email, plan_verzending, veeg_uitgaande_post, verstuur

pytestmark = pytest.mark.django_db


def html_van(bericht) -> str:
    return {mime: inhoud for inhoud, mime in bericht.alternatives}["text/html"]


class KapotteBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def maak_verschuldigd(email_id):
    """Pretend the backoff has passed."""
    Email.objects.filter(pk=email_id).update(volgende_poging=timezone.now() - timedelta(seconds=1))


def test_templated_mail_is_sent_in_dutch_as_text_and_html():
    plan_email("iemand@example.org", "testbericht", {"adres": "iemand@example.org"})
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["iemand@example.org"]
    assert bericht.subject == "Testbericht van Wijkportaal Delft"
    assert "iemand@example.org" in bericht.body and "e-mail versturen" in bericht.body
    html = html_van(bericht)
    assert '<html lang="nl"' in html and "e-mail versturen" in html


def test_rendered_text_gets_an_html_alternative_and_a_single_line_subject():
    plan_verzending(["a@example.org"], "Onderwerp\nmet regel", "Zie https://www.delft.nl\n\nGroet")
    bericht = mail.outbox[0]
    assert bericht.subject == "Onderwerp met regel"
    assert '<a href="https://www.delft.nl"' in html_van(bericht)


def test_the_text_part_is_not_html_escaped_and_the_html_part_is():
    """Security review, finding 9: the text part showed ``&quot;&gt;``."""
    plan_email("a@example.org", "testbericht", {"adres": 'Jan "de Buur" <&> O\'Neill'})
    bericht = mail.outbox[0]
    assert 'Jan "de Buur" <&> O\'Neill' in bericht.body
    assert "&quot;" not in bericht.body and "&lt;" not in bericht.body
    assert "&lt;&amp;&gt;" in html_van(bericht)


def test_a_sent_row_keeps_no_content_and_no_task_record():
    [email_id] = plan_verzending("a@example.org", "Hallo", "Uw code is 123456")
    email = Email.objects.get(pk=email_id)
    assert email.status == EmailStatus.VERZONDEN
    assert email.tekst == email.html == ""
    assert email.pogingen == 1 and email.verzonden_op is not None
    # save_limit = -1: successful tasks are not stored, so their arguments are not either.
    assert not Success.objects.exists()


def test_a_failed_send_is_retried_later_and_sent_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.mail.test_tasks.KapotteBackend"
    [email_id] = plan_verzending("a@example.org", "Hallo", "Tekst")
    for poging in range(2, 4):  # the SMTP server stays down for two more sweeps
        maak_verschuldigd(email_id)
        veeg_uitgaande_post()
        assert Email.objects.get(pk=email_id).pogingen == poging
    email = Email.objects.get(pk=email_id)
    assert email.status == EmailStatus.WACHTEND
    assert "SMTP server unreachable" in email.laatste_fout
    assert email.volgende_poging > timezone.now()
    assert mail.outbox == []
    assert not Failure.objects.exists()  # the task itself did not fail: the outbox retries

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert veeg_uitgaande_post() == 0  # not due yet: the backoff is respected
    maak_verschuldigd(email_id)
    veeg_uitgaande_post()
    veeg_uitgaande_post()
    assert len(mail.outbox) == 1
    assert Email.objects.get(pk=email_id).status == EmailStatus.VERZONDEN


def test_a_duplicated_or_redelivered_task_sends_once():
    [email_id] = plan_verzending("a@example.org", "Hallo", "Tekst")
    assert verstuur(email_id) == "niets te doen"
    assert verstuur(email_id) == "niets te doen"
    assert len(mail.outbox) == 1


def test_a_row_left_sending_by_a_killed_worker_is_sent_by_the_sweep(settings):
    # A worker claimed the row and was killed (kill -9) before it could record the result.
    email = Email.objects.create(
        aan="a@example.org",
        onderwerp="Hallo",
        tekst="Tekst",
        status=EmailStatus.BEZIG,
        pogingen=1,
        geclaimd_op=timezone.now() - timedelta(seconds=settings.MAIL_CLAIM_TIMEOUT + 1),
    )
    verse = Email.objects.create(
        aan="b@example.org",
        onderwerp="Hallo",
        tekst="Tekst",
        status=EmailStatus.BEZIG,
        pogingen=1,
        geclaimd_op=timezone.now(),  # still being sent by a live worker: leave it alone
    )
    assert veeg_uitgaande_post() == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert Email.objects.get(pk=email.pk).status == EmailStatus.VERZONDEN
    assert Email.objects.get(pk=verse.pk).status == EmailStatus.BEZIG


def test_after_the_last_attempt_the_row_is_failed_and_its_content_wiped(settings):
    settings.EMAIL_BACKEND = "tests.mail.test_tasks.KapotteBackend"
    settings.MAIL_MAX_POGINGEN = 3
    [email_id] = plan_verzending("a@example.org", "Hallo", "Reset: https://x/sleutel-geheim")
    for _ in range(5):
        maak_verschuldigd(email_id)
        veeg_uitgaande_post()
    email = Email.objects.get(pk=email_id)
    assert email.status == EmailStatus.MISLUKT
    assert email.pogingen == 3
    assert email.tekst == email.html == ""
    assert email.aan == "a@example.org" and email.onderwerp == "Hallo"  # for staff to see


def test_the_row_is_written_in_the_callers_transaction():
    from django.db import transaction

    class Teruggedraaid(Exception):
        pass

    with pytest.raises(Teruggedraaid), transaction.atomic():
        plan_verzending("a@example.org", "Hallo", "Tekst")
        raise Teruggedraaid
    assert not Email.objects.filter(aan="a@example.org").exists()


def test_the_sweep_is_scheduled_every_minute():
    from django_q.models import Schedule

    from portal.mail.tasks import SCHEDULE_NAAM, plan_veeg

    plan_veeg()
    schedule = Schedule.objects.get(name=SCHEDULE_NAAM)
    assert schedule.func == "portal.mail.tasks.veeg_uitgaande_post"
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1


def test_testmail_command_queues_a_message():
    call_command("stuur_testmail", "beheer@example.org")
    assert mail.outbox[0].to == ["beheer@example.org"]
