"""Two staff members close the same signal at the same moment: one reply wins, the other gets
"not possible in the current status", and the resident gets one e-mail. Real parallel
connections, so this runs on PostgreSQL only; SQLite serialises writers by itself."""

import threading

from django.contrib.contenttypes.models import ContentType
from django.db import connection

import pytest

from participatie.signalen import besluiten
from participatie.signalen.constants import SignaalStatus as S
from participatie.signalen.models import Signaal, SignaalCategorie
from participatie.signalen.statemachine import OngeldigeOvergang
from participatie.wachtrij import Overgang
from portal.accounts.models import User
from portal.gebieden.models import Wijk
from portal.mail.models import Email
from tests.factories import BewonerFactory, CoordinatorFactory, SignaalFactory

from ..conftest import in_eigen_draad

pytestmark = pytest.mark.django_db


def _maak(gemaakt):
    tanthof = Wijk.objects.get(slug="tanthof")
    gemaakt["bewoner"] = BewonerFactory()
    gemaakt["staf"] = [CoordinatorFactory(wijken=[tanthof]) for _ in range(2)]
    gemaakt["categorie"] = SignaalCategorie.objects.create(naam="Gelijktijdig-categorie")
    gemaakt["signaal"] = SignaalFactory(
        bewoner=gemaakt["bewoner"],
        categorie=gemaakt["categorie"],
        in_buurt=tanthof.buurten.exclude(grens={}).first(),
    )
    return gemaakt


def _ruim_op(gemaakt):
    if "signaal" in gemaakt:
        Overgang.objects.filter(
            content_type=ContentType.objects.get_for_model(Signaal),
            object_id=gemaakt["signaal"].pk,
        ).delete()
        gemaakt["signaal"].delete()
        gemaakt["categorie"].delete()
    mensen = [gemaakt.get("bewoner"), *gemaakt.get("staf", [])]
    Email.objects.filter(aan__in=[m.email for m in mensen if m]).delete()
    User.objects.filter(pk__in=[m.pk for m in mensen if m]).delete()


@pytest.fixture
def gemaakt():
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections: PostgreSQL")
    data = {}
    try:
        yield in_eigen_draad(lambda: _maak(data))
    finally:
        in_eigen_draad(lambda: _ruim_op(data))


def test_two_replies_at_once_one_wins_and_one_e_mail(gemaakt):
    signaal = gemaakt["signaal"]
    start = threading.Barrier(2)
    uitkomsten = []

    def sluit(staf, antwoord):
        def werk():
            start.wait(timeout=30)
            try:
                besluiten.afsluiten(
                    Signaal.objects.get(pk=signaal.pk), door=staf, antwoord=antwoord
                )
                uitkomsten.append(antwoord)
            except OngeldigeOvergang:
                uitkomsten.append("geweigerd")

        return threading.Thread(target=lambda: in_eigen_draad(werk))

    draden = [sluit(staf, f"Antwoord {i}") for i, staf in enumerate(gemaakt["staf"])]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)

    assert sorted(uitkomsten)[-1] == "geweigerd" and len(uitkomsten) == 2
    winnaar = next(u for u in uitkomsten if u != "geweigerd")

    def controleer():
        vers = Signaal.objects.get(pk=signaal.pk)
        assert vers.status == S.AFGESLOTEN and vers.antwoord == winnaar
        overgangen = Overgang.objects.filter(
            content_type=ContentType.objects.get_for_model(Signaal), object_id=signaal.pk
        )
        assert overgangen.count() == 1
        assert (
            Email.objects.filter(aan=gemaakt["bewoner"].email, sjabloon="signaal_status").count()
            == 1
        )

    in_eigen_draad(controleer)
