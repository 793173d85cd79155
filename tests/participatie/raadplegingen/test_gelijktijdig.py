"""One response per account and per e-mail address also when the same resident sends from
several tabs or devices at the same moment. Real parallel connections, so this runs on
PostgreSQL only (CI's PostgreSQL step); SQLite serialises writers by itself."""

import threading
import uuid
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from participatie.models import Raadpleging, Reactie, WmoThema
from participatie.raadplegingen.constants import ReactieStatus
from portal.accounts.models import User
from portal.mail.models import Email
from tests.factories import vragen_van_elke_soort

from ..conftest import in_eigen_draad
from .test_reageren import VOLLEDIG

AANTAL = 10

pytestmark = pytest.mark.django_db


@pytest.fixture
def gedeeld(settings):
    """An account consultation, an anonymous one and a resident, committed for all threads."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections: PostgreSQL (CI's PostgreSQL step)")
    settings.THROTTLE_POST_PER_IP = ""  # every thread comes from one test address
    settings.THROTTLE_POST_PER_ACCOUNT = ""
    gemaakt = {}
    try:
        yield in_eigen_draad(lambda: _maak(gemaakt))
    finally:
        in_eigen_draad(lambda: _ruim_op(gemaakt))


def _maak(gemaakt):
    code = uuid.uuid4().hex[:8]
    thema = WmoThema.objects.create(naam=f"Gelijktijdig {code}")
    gemaakt["thema"] = thema
    raadplegingen = {}
    for deelname in ("account", "anoniem"):
        raadplegingen[deelname] = Raadpleging.objects.create(
            titel=f"Gelijktijdig {deelname} {code}",
            slug=f"gelijktijdig-{deelname}-{code}",
            thema=thema,
            opent_op=timezone.now() - timedelta(days=1),
            sluit_op=timezone.now() + timedelta(days=7),
            vragen=vragen_van_elke_soort(),
            deelname=deelname,
            gepubliceerd=True,
        )
    gemaakt["raadplegingen"] = list(raadplegingen.values())
    user = User.objects.create_user(email=f"gelijk-{code}@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    gemaakt["user"] = user
    gemaakt["adres"] = f"anoniem-{code}@example.org"
    return raadplegingen, user, gemaakt["adres"]


def _ruim_op(gemaakt):
    for raadpleging in gemaakt.get("raadplegingen", []):
        raadpleging.delete()  # with its responses and answers
    if "thema" in gemaakt:
        gemaakt["thema"].delete()
    for adres in (gemaakt.get("adres"), getattr(gemaakt.get("user"), "email", None)):
        if adres:  # their outbox rows were committed too
            Email.objects.filter(aan__iexact=adres).delete()
    if "user" in gemaakt:
        gemaakt["user"].delete()


def _tegelijk(posten, voorbereiden=lambda i: None) -> list:
    """Run ``posten(i, voorbereid)`` in AANTAL threads released at the same moment, each on its
    own connection (``voorbereiden(i)`` runs in the thread first); their responses."""
    start_schot = threading.Barrier(AANTAL)
    antwoorden = {}

    def werk(i):
        try:
            voorbereid = voorbereiden(i)
            start_schot.wait(timeout=30)
            antwoorden[i] = posten(i, voorbereid)
        finally:
            connection.close()

    draden = [threading.Thread(target=werk, args=(i,)) for i in range(AANTAL)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=120)
    return [antwoorden.get(i) for i in range(AANTAL)]


def test_parallel_sends_from_one_account_make_one_response(gedeeld):
    raadplegingen, user, _adres = gedeeld
    raadpleging = raadplegingen["account"]
    pad = raadpleging.get_absolute_url()

    def inloggen(i):  # in the thread: its session is committed on its own connection
        client = Client()
        client.force_login(user)
        return client

    def posten(i, client):
        actie = "versturen" if i % 2 else "opslaan"
        data = {**VOLLEDIG, "v_v-open": f"Antwoord uit tab {i}", "actie": actie}
        response = client.post(pad, data)
        return response.status_code, response.get("Location")

    assert _tegelijk(posten, inloggen) == [(302, pad)] * AANTAL
    rijen = in_eigen_draad(
        lambda: list(
            Reactie.objects.filter(raadpleging=raadpleging).values_list("bewoner_id", "status")
        )
    )
    assert rijen == [(user.pk, ReactieStatus.INGEDIEND)]
    open_antwoorden = in_eigen_draad(
        lambda: Reactie.objects.get(raadpleging=raadpleging).antwoorden.filter(soort="open").count()
    )
    assert open_antwoorden == 1


def test_parallel_anonymous_responses_with_one_address_make_one_response(gedeeld):
    raadplegingen, _user, adres = gedeeld
    raadpleging = raadplegingen["anoniem"]
    pad = raadpleging.get_absolute_url()
    varianten = [adres, adres.upper(), f"  {adres} "]

    def posten(i, _voorbereid):
        data = {**VOLLEDIG, "email": varianten[i % 3], "actie": "versturen"}
        return Client().post(pad, data).status_code

    assert _tegelijk(posten) == [200] * AANTAL
    aantal = in_eigen_draad(lambda: Reactie.objects.filter(raadpleging=raadpleging).count())
    assert aantal == 1
