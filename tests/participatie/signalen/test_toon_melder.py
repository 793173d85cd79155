"""The sender's identity in the queue: absent from the listing, the detail screen, the export and
the history; shown once after "Toon melder" with a reason, which is logged."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from participatie.signalen.models import IdentiteitInzage

from .conftest import GEHEIM

pytestmark = pytest.mark.django_db


def _url(naam, signaal=None):
    args = [signaal.pk] if signaal is not None else None
    return reverse(f"signalen_wachtrij:{naam}", args=args)


def _inhoud(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _identiteit_in(tekst, bewoner) -> bool:
    return bewoner.email in tekst or bewoner.last_name in tekst


def _staff_schermen(client, signaal):
    return {
        "listing": _inhoud(client.get(_url("index"))),
        "detail": _inhoud(client.get(_url("inspect", signaal))),
        "csv": _inhoud(client.get(_url("index") + "?export=csv")),
        "xlsx-aanwezig": client.get(_url("index") + "?export=xlsx").status_code,
    }


def test_the_sender_is_absent_until_a_logged_request(als_coordinator, signaal, bewoner):
    schermen = _staff_schermen(als_coordinator, signaal)
    assert GEHEIM in schermen["listing"] and GEHEIM in schermen["detail"]
    assert GEHEIM in schermen["csv"]
    for naam in ("listing", "detail", "csv"):
        assert not _identiteit_in(schermen[naam], bewoner), naam
    assert not IdentiteitInzage.objects.exists()

    response = als_coordinator.post(_url("melder", signaal), {"reden": "Terugbellen-over-afspraak"})
    assert response.status_code == 200
    html = _inhoud(response)
    assert bewoner.email in html and bewoner.last_name in html
    assert "no-store" in response["Cache-Control"]
    inzage = IdentiteitInzage.objects.get(signaal=signaal)
    assert inzage.reden == "Terugbellen-over-afspraak"

    # Shown once: the detail screen shows the log, still not the sender.
    detail = _inhoud(als_coordinator.get(_url("inspect", signaal)))
    assert "Terugbellen-over-afspraak" in detail
    assert not _identiteit_in(detail, bewoner)


def test_the_log_names_the_staff_member(als_coordinator, signaal, coordinator_tanthof):
    als_coordinator.post(_url("melder", signaal), {"reden": "Nodig"})
    assert IdentiteitInzage.objects.get().door == coordinator_tanthof
    detail = _inhoud(als_coordinator.get(_url("inspect", signaal)))
    assert coordinator_tanthof.get_full_name() in detail


def test_a_reason_is_required(als_coordinator, signaal, bewoner):
    response = als_coordinator.post(_url("melder", signaal), {"reden": "  "})
    html = _inhoud(response)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert not _identiteit_in(html, bewoner)
    assert not IdentiteitInzage.objects.exists()


def test_a_get_shows_the_form_not_the_sender(als_coordinator, signaal, bewoner):
    response = als_coordinator.get(_url("melder", signaal))
    assert response.status_code == 200
    assert not _identiteit_in(_inhoud(response), bewoner)
    assert not IdentiteitInzage.objects.exists()


def test_staff_of_another_district_cannot_ask(
    client, coordinator_buitenhof, wachtwoord, signaal, bewoner
):
    from tests.accounts.helpers import inloggen

    inloggen(client, coordinator_buitenhof, wachtwoord)
    response = client.post(_url("melder", signaal), {"reden": "Nieuwsgierig"})
    assert response.status_code == 404
    assert not _identiteit_in(_inhoud(response), bewoner)
    assert not IdentiteitInzage.objects.exists()


def test_the_history_says_resident_not_the_senders_name(
    als_coordinator, signaal, bewoner, coordinator_tanthof
):
    from participatie.signalen.statemachine import wijzig_status

    # A change made by the sender's own account (e.g. an import or a future resident action).
    wijzig_status(signaal, "in_behandeling", door=bewoner)
    html = _inhoud(als_coordinator.get(_url("inspect", signaal)))
    with translation.override("nl"):
        assert gettext("Resident") == "Bewoner"
    assert "Bewoner" in html
    assert not _identiteit_in(html, bewoner)


def test_an_anonymised_signal_still_logs_the_request(als_coordinator, signaal):
    signaal.bewoner = None
    signaal.save(update_fields=["bewoner"])
    response = als_coordinator.post(_url("melder", signaal), {"reden": "Na verwijdering"})
    assert response.status_code == 200
    with translation.override("nl"):
        verwijderd = gettext(
            "The sender's details have been removed (account deleted or retention period passed)."
        )
    assert verwijderd in _inhoud(response)
    assert IdentiteitInzage.objects.filter(signaal=signaal).count() == 1
