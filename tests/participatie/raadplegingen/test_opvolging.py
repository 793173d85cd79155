"""Publishing "Wat hebben we ermee gedaan" and the e-mail to the respondents: once per address,
even when published twice or when the task runs twice; never to drafts; only the id in the
task; refused before closing or without text."""

from collections import Counter

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from participatie.raadplegingen import opvolging
from participatie.raadplegingen.models import Raadpleging
from portal.mail.models import Email
from tests.accounts.helpers import inloggen
from tests.factories import BewonerFactory, RaadplegingFactory

from .test_resultaten import maak_reactie

pytestmark = pytest.mark.django_db

TEKST = "<p>Er komt een <b>burenhulp-spreekuur</b> in het buurthuis &amp; de bibliotheek.</p>"


@pytest.fixture
def gesloten(tanthof):
    return RaadplegingFactory(
        gesloten=True, wijken=[tanthof], titel="Burenhulp Tanthof", opvolging=TEKST
    )


@pytest.fixture
def respondenten(gesloten, tanthof):
    """Two account respondents, one anonymous, one without an address, one draft."""
    a, b, concept = BewonerFactory(), BewonerFactory(), BewonerFactory()
    maak_reactie(gesloten, {"v-enkel": "Ja"}, wijk=tanthof, bewoner=a)
    maak_reactie(gesloten, {"v-enkel": "Nee"}, wijk=tanthof, bewoner=b)
    maak_reactie(gesloten, {"v-enkel": "Nee"}, wijk=tanthof, email="anoniem@example.org")
    maak_reactie(gesloten, {"v-enkel": "Nee"}, wijk=tanthof, email="")  # address removed
    maak_reactie(gesloten, {"v-enkel": "Ja"}, wijk=tanthof, bewoner=concept, ingediend=False)
    return {"verstuurd": [a.email, b.email, "anoniem@example.org"], "concept": concept.email}


def _ontvangers() -> Counter:
    return Counter(adres for bericht in mail.outbox for adres in bericht.to)


def test_every_respondent_gets_the_follow_up_once(gesloten, respondenten, coordinator_tanthof):
    mail.outbox.clear()
    assert opvolging.publiceer_opvolging(gesloten, coordinator_tanthof) is True
    gesloten.refresh_from_db()
    assert gesloten.opvolging_gepubliceerd_op is not None
    assert _ontvangers() == Counter(respondenten["verstuurd"])
    assert respondenten["concept"] not in _ontvangers()

    bericht = mail.outbox[0]
    resultaten = reverse("raadplegingen:resultaten", args=[gesloten.slug])
    assert f"http://testserver{resultaten}" in bericht.body  # the public base URL
    assert f'href="http://testserver{resultaten}"' in bericht.alternatives[0][0]
    assert not any(adres in bericht.body for adres in respondenten["verstuurd"])
    assert "burenhulp-spreekuur in het buurthuis & de bibliotheek" in bericht.body
    assert "Burenhulp Tanthof" in bericht.subject


def test_publishing_twice_sends_nobody_a_second_email(gesloten, respondenten, beheerder):
    mail.outbox.clear()
    opvolging.publiceer_opvolging(gesloten, beheerder)
    eerste = Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op
    assert opvolging.publiceer_opvolging(gesloten, beheerder) is False
    assert Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op == eerste
    assert set(_ontvangers().values()) == {1}
    assert (
        Email.objects.filter(sleutel__startswith=f"raadpleging-opvolging:{gesloten.pk}:").count()
        == 3
    )


def test_the_task_running_twice_sends_nobody_a_second_email(gesloten, respondenten, beheerder):
    opvolging.publiceer_opvolging(gesloten, beheerder)
    mail.outbox.clear()
    assert opvolging.mail_respondenten(gesloten.pk) == 0
    assert mail.outbox == []
    # A respondent who was not mailed yet (e.g. a retried task after a crash) still gets it.
    maak_reactie(gesloten, {"v-enkel": "Ja"}, email="later@example.org")
    assert opvolging.mail_respondenten(gesloten.pk) == 1
    assert _ontvangers() == Counter(["later@example.org"])


def test_the_task_carries_only_the_id(gesloten, respondenten, beheerder, monkeypatch):
    taken = []
    monkeypatch.setattr(opvolging, "async_task", lambda *args, **kwargs: taken.append(args))
    opvolging.publiceer_opvolging(gesloten, beheerder)
    assert taken == [(opvolging.TAAK, gesloten.pk)]


def test_a_broker_outage_does_not_fail_publishing(gesloten, respondenten, beheerder, monkeypatch):
    def weg(*args, **kwargs):
        raise ConnectionError("broker weg")

    monkeypatch.setattr(opvolging, "async_task", weg)
    assert opvolging.publiceer_opvolging(gesloten, beheerder) is True
    assert Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op is not None


def test_not_before_closing_and_not_without_text(beheerder, tanthof):
    open_ = RaadplegingFactory(opvolging=TEKST)
    with pytest.raises(ValidationError):
        opvolging.publiceer_opvolging(open_, beheerder)
    leeg = RaadplegingFactory(gesloten=True, opvolging="<p> </p>")
    with pytest.raises(ValidationError):
        opvolging.publiceer_opvolging(leeg, beheerder)
    assert not Raadpleging.objects.filter(opvolging_gepubliceerd_op__isnull=False).exists()


def test_coordinator_of_another_district_may_not_publish(gesloten, coordinator_buitenhof):
    with pytest.raises(PermissionDenied):
        opvolging.publiceer_opvolging(gesloten, coordinator_buitenhof)
    assert Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op is None


# --- Through the admin ---------------------------------------------------------------------


def _url(raadpleging):
    return reverse("raadplegingen_beheer:opvolging", args=[raadpleging.pk])


def test_coordinator_publishes_through_the_admin(
    client, coordinator_tanthof, wachtwoord, gesloten, respondenten
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    bevestiging = client.get(_url(gesloten))
    assert bevestiging.status_code == 200
    assert 'method="post"' in bevestiging.content.decode()
    mail.outbox.clear()
    response = client.post(_url(gesloten))
    assert response.status_code == 302
    assert response["Location"] == reverse("raadplegingen_beheer:edit", args=[gesloten.pk])
    assert Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op is not None
    assert _ontvangers() == Counter(respondenten["verstuurd"])


def test_admin_refuses_an_open_consultation_with_a_message(client, beheerder, wachtwoord):
    open_ = RaadplegingFactory(opvolging=TEKST)
    inloggen(client, beheerder, wachtwoord)
    assert 'method="post"' not in client.get(_url(open_)).content.decode()
    response = client.post(_url(open_), follow=True)
    assert response.status_code == 200
    assert Raadpleging.objects.get(pk=open_.pk).opvolging_gepubliceerd_op is None
    assert list(response.context["messages"])


def test_coordinator_of_another_district_gets_404(
    client, coordinator_buitenhof, wachtwoord, gesloten, respondenten
):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    assert client.get(_url(gesloten)).status_code == 404
    assert client.post(_url(gesloten)).status_code == 404
    assert Raadpleging.objects.get(pk=gesloten.pk).opvolging_gepubliceerd_op is None
