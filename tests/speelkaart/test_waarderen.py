"""Residents rate a play space: one rating each, scores count at once, comments are moderated."""

import re
import threading
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

import pytest

from participatie.wachtrij.models import Overgang
from portal.gebieden.models import Buurt
from speelkaart import besluiten
from speelkaart.constants import OpmerkingStatus, SpeelplekStatus
from speelkaart.models import Speelplek, Waardering
from tests.factories import BewonerFactory, SpeelplekFactory

pytestmark = pytest.mark.django_db

OPM = OpmerkingStatus
SCORES = {"speelwaarde": "5", "veiligheid": "4", "onderhoud": "3", "leeftijd": "2"}


@pytest.fixture
def speelplek(tanthof):
    return SpeelplekFactory(in_buurt=Buurt.objects.filter(wijk=tanthof).first())


@pytest.fixture
def als_bewoner(client, bewoner):
    client.force_login(bewoner)
    return client


def _url(speelplek):
    return reverse("speelkaart:waarderen", kwargs={"slug": speelplek.slug})


def _waardeer(client, speelplek, opmerking="", **scores):
    return client.post(_url(speelplek), {**SCORES, **scores, "opmerking": opmerking})


def test_a_rating_counts_at_once(als_bewoner, bewoner, speelplek):
    response = _waardeer(als_bewoner, speelplek)
    assert response.status_code == 302
    assert response["Location"] == speelplek.get_absolute_url()
    waardering = Waardering.objects.get(speelplek=speelplek, bewoner=bewoner)
    assert (waardering.speelwaarde, waardering.leeftijd) == (5, 2)
    assert waardering.opmerking_status == OPM.GEEN
    speelplek.refresh_from_db()
    assert speelplek.aantal_waarderingen == 1
    assert speelplek.gem_speelwaarde == Decimal("5.00")
    assert speelplek.gem_onderhoud == Decimal("3.00")


def test_a_second_post_changes_the_residents_rating_instead_of_adding_one(
    als_bewoner, bewoner, speelplek
):
    _waardeer(als_bewoner, speelplek)
    _waardeer(als_bewoner, speelplek, speelwaarde="1")
    assert Waardering.objects.filter(speelplek=speelplek).count() == 1
    speelplek.refresh_from_db()
    assert speelplek.aantal_waarderingen == 1
    assert speelplek.gem_speelwaarde == Decimal("1.00")
    # The second visit shows the resident's own rating.
    html = als_bewoner.get(_url(speelplek)).content.decode()
    assert re.search(r'name="speelwaarde" value="1"[^>]*checked', html)
    assert not re.search(r'name="speelwaarde" value="5"[^>]*checked', html)


def test_two_residents_make_an_average(client, speelplek):
    for score in ("5", "2"):
        client.force_login(BewonerFactory())
        _waardeer(client, speelplek, veiligheid=score)
    speelplek.refresh_from_db()
    assert speelplek.aantal_waarderingen == 2
    assert speelplek.gem_veiligheid == Decimal("3.50")


def test_a_double_submit_that_loses_the_race_updates_the_winners_row(
    als_bewoner, bewoner, speelplek, monkeypatch
):
    """Two submits at once both find no rating; the second insert hits the unique constraint
    and must update the first one's row, not answer 500."""
    _waardeer(als_bewoner, speelplek, speelwaarde="2")
    echte = besluiten._eigen_waardering
    aanroepen = []

    def eerst_niets(speelplek, bewoner):
        aanroepen.append(1)
        return None if len(aanroepen) == 1 else echte(speelplek, bewoner)

    monkeypatch.setattr(besluiten, "_eigen_waardering", eerst_niets)
    als_bewoner.raise_request_exception = False
    response = _waardeer(als_bewoner, speelplek, speelwaarde="4", opmerking="Mooi")
    assert response.status_code == 302
    assert len(aanroepen) == 2  # the insert failed and the row was looked up again
    waardering = Waardering.objects.get(speelplek=speelplek, bewoner=bewoner)
    assert waardering.speelwaarde == 4 and waardering.opmerking_status == OPM.WACHT
    speelplek.refresh_from_db()
    assert speelplek.aantal_waarderingen == 1 and speelplek.gem_speelwaarde == Decimal("4.00")


def test_a_comment_waits_for_moderation_and_an_edited_one_waits_again(
    als_bewoner, bewoner, speelplek, coordinator_tanthof
):
    _waardeer(als_bewoner, speelplek, opmerking="De schommel piept.")
    waardering = Waardering.objects.get(bewoner=bewoner)
    assert waardering.opmerking_status == OPM.WACHT
    besluiten.opmerking_publiceren(waardering, door=coordinator_tanthof)

    # New scores, the same comment: still published.
    _waardeer(als_bewoner, speelplek, opmerking="De schommel piept.", onderhoud="1")
    waardering.refresh_from_db()
    assert waardering.opmerking_status == OPM.GEPUBLICEERD and waardering.onderhoud == 1

    # A changed comment is read again.
    _waardeer(als_bewoner, speelplek, opmerking="De schommel is kapot.")
    waardering.refresh_from_db()
    assert waardering.opmerking_status == OPM.WACHT

    # An emptied comment is gone.
    _waardeer(als_bewoner, speelplek, opmerking="   ")
    waardering.refresh_from_db()
    assert (waardering.opmerking, waardering.opmerking_status) == ("", OPM.GEEN)
    naar = list(Overgang.objects.filter(object_id=waardering.pk).values_list("naar", flat=True))
    assert naar == [OPM.WACHT, OPM.GEPUBLICEERD, OPM.WACHT, OPM.GEEN]


def test_the_form_groups_each_criterion_in_a_fieldset_with_a_legend(als_bewoner, speelplek):
    html = als_bewoner.get(_url(speelplek)).content.decode()
    assert html.count("<fieldset") == 4
    assert html.count("<legend") == 4
    for label in ("Play value", "Safety", "Maintenance", "Suits the age group"):
        assert re.search(rf"<legend[^>]*>{gettext(label)}</legend>", html)
    for veld in SCORES:
        for score in range(1, 6):
            assert f'name="{veld}" value="{score}"' in html
    assert 'name="opmerking"' in html


def test_missing_scores_show_the_error_summary_and_save_nothing(als_bewoner, speelplek):
    response = als_bewoner.post(_url(speelplek), {"speelwaarde": "4", "veiligheid": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_onderhoud_0"' in html
    assert 'aria-invalid="true"' in html
    assert not Waardering.objects.exists()


def test_unverified_accounts_and_visitors_cannot_rate(client, speelplek):
    response = client.post(_url(speelplek), SCORES)
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(BewonerFactory(geverifieerd=False))
    response = client.post(_url(speelplek), SCORES)
    assert response["Location"] == reverse("account_email")
    assert not Waardering.objects.exists()


def test_a_planned_play_space_cannot_be_rated(als_bewoner, speelplek):
    speelplek.status = SpeelplekStatus.GEPLAND
    speelplek.save()
    assert als_bewoner.get(_url(speelplek)).status_code == 404
    assert _waardeer(als_bewoner, speelplek).status_code == 404


def test_ratings_count_against_the_public_post_budget(als_bewoner, speelplek, settings):
    """portal/core/throttle.py's middleware throttles every public POST, this one too."""
    settings.THROTTLE_POST_PER_ACCOUNT = "2/m"
    assert _waardeer(als_bewoner, speelplek).status_code == 302
    assert _waardeer(als_bewoner, speelplek).status_code == 302
    assert _waardeer(als_bewoner, speelplek).status_code == 429


# --- Real parallel connections (PostgreSQL only; SQLite serialises writers by itself) --------


def _in_eigen_draad(functie):
    """Run ``functie`` on a connection of its own, outside the test's transaction: what it
    writes is committed and visible to the other threads' connections."""
    uitkomst = {}

    def werk():
        try:
            uitkomst["waarde"] = functie()
        except BaseException as fout:  # noqa: BLE001 - re-raised in the test's thread
            uitkomst["fout"] = fout
        finally:
            connection.close()

    draad = threading.Thread(target=werk)
    draad.start()
    draad.join(timeout=120)
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst.get("waarde")


@pytest.fixture
def gelijktijdig(settings):
    """A play space, one resident who submits four times at once and six who rate once, all
    committed; removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections: PostgreSQL (CI's PostgreSQL step)")
    settings.THROTTLE_POST_PER_IP = ""  # everyone behind one test address
    gemaakt = {}

    def maak():
        gemaakt["speelplek"] = SpeelplekFactory(in_buurt=Buurt.objects.order_by("pk").first())
        gemaakt["bewoners"] = [BewonerFactory() for _ in range(7)]
        return gemaakt["speelplek"], gemaakt["bewoners"]

    def ruim_op():
        if "speelplek" in gemaakt:
            gemaakt["speelplek"].delete()  # cascades to its ratings and history-less rows
        for bewoner in gemaakt.get("bewoners", []):
            bewoner.delete()

    try:
        yield _in_eigen_draad(maak)
    finally:
        _in_eigen_draad(ruim_op)


def test_parallel_submits_leave_one_rating_per_resident_and_the_right_average(gelijktijdig):
    speelplek, bewoners = gelijktijdig
    dubbel, anderen = bewoners[0], bewoners[1:]
    pogingen = [(dubbel, "1")] * 4 + [(bewoner, "5") for bewoner in anderen]
    start_schot = threading.Barrier(len(pogingen))
    antwoorden = []

    def waardeer(bewoner, score):
        try:
            client = Client()
            client.force_login(bewoner)
            start_schot.wait(timeout=30)
            antwoorden.append(_waardeer(client, speelplek, veiligheid=score).status_code)
        finally:
            connection.close()

    draden = [threading.Thread(target=waardeer, args=poging) for poging in pogingen]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=120)

    assert antwoorden == [302] * len(pogingen)
    rijen, cijfers = _in_eigen_draad(
        lambda: (
            Waardering.objects.filter(speelplek=speelplek).count(),
            Speelplek.objects.values_list("aantal_waarderingen", "gem_veiligheid").get(
                pk=speelplek.pk
            ),
        )
    )
    assert rijen == 7
    # 1 from the resident who double-submitted, 5 from the six others: (1 + 30) / 7.
    assert cijfers == (7, Decimal("4.43"))
