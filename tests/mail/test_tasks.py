from django.core import mail
from django.core.management import call_command

import pytest
from django_q.models import Success

from portal.mail.tasks import plan_email, plan_verzending

pytestmark = pytest.mark.django_db


def html_van(bericht) -> str:
    return {mime: inhoud for inhoud, mime in bericht.alternatives}["text/html"]


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


def test_the_task_is_recorded_by_django_q():
    plan_verzending("a@example.org", "Hallo", "Tekst")
    assert Success.objects.filter(group="e-mail").count() == 1


def test_a_failing_send_raises_so_the_broker_retries_it(settings):
    # The task must raise (not swallow) a send error: an unacknowledged failure is what makes
    # django-q2 deliver it again, at most Q_CLUSTER["max_attempts"] times. In the synchronous
    # test mode django-q2 re-raises it to the caller.
    settings.EMAIL_BACKEND = "tests.mail.test_tasks.KapotteBackend"
    with pytest.raises(ConnectionRefusedError):
        plan_verzending("a@example.org", "Hallo", "Tekst")
    assert mail.outbox == []


def test_testmail_command_queues_a_message():
    call_command("stuur_testmail", "beheer@example.org")
    assert mail.outbox[0].to == ["beheer@example.org"]


class KapotteBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")
