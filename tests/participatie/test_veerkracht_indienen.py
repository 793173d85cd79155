"""After a successful submit the resident always learns the reference: the confirmation
e-mail waits in the outbox when the task broker is down (resilience issue)."""

import pytest

from participatie.constants import Status
from portal.mail.models import Email, EmailStatus

from .conftest import dien_in, start, vul_in

pytestmark = pytest.mark.django_db


def test_after_a_submit_the_reference_is_shown_even_when_the_broker_is_down(
    client, bewoner, straatfeest, settings, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(bewoner)
    aanvraag = start(client, straatfeest)
    vul_in(client, aanvraag)

    def broker_weg(*args, **kwargs):
        raise ConnectionError("broker down")

    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    monkeypatch.setattr("portal.mail.tasks.async_task", broker_weg)
    with django_capture_on_commit_callbacks(execute=True):
        response = dien_in(client, aanvraag)
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND
    assert aanvraag.referentie in client.get(response["Location"]).content.decode()
    # The e-mail waits in the outbox for the sweep.
    assert Email.objects.filter(aan=bewoner.email, status=EmailStatus.WACHTEND).count() == 1
