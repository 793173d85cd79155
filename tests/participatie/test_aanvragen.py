"""A resident applies: draft per step, review, idempotent submit, Mijn aanvragen, withdraw,
respond to changes, report back."""

import re
from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.constants import Rol, Status
from participatie.models import Aanvraag, StatusWijziging
from participatie.statemachine import OngeldigeOvergang

from .conftest import dien_in, huishoudens_data, png_bestand, stap_url, start, vul_in

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client, straatfeest):
    for url in [
        reverse("participatie:mijn_aanvragen"),
        reverse("participatie:detail", kwargs={"pk": 1}),
        reverse("participatie:stap", kwargs={"pk": 1, "stap": 1}),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_starting_twice_resumes_the_same_draft(ingelogd, straatfeest):
    eerste = start(ingelogd, straatfeest)
    tweede = start(ingelogd, straatfeest)
    assert eerste.pk == tweede.pk
    assert Aanvraag.objects.filter(regeling=straatfeest).count() == 1


def test_complete_application_gets_a_reference_and_a_dutch_confirmation(
    ingelogd, straatfeest, bewoner, django_capture_on_commit_callbacks
):
    aanvraag = start(ingelogd, straatfeest)
    response = vul_in(ingelogd, aanvraag)
    assert response["Location"] == reverse("participatie:controleren", kwargs={"pk": aanvraag.pk})
    review = ingelogd.get(response["Location"]).content.decode()
    assert "Zomerfeest Roland Holstlaan" in review and "Roland Holstbuurt" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = dien_in(ingelogd, aanvraag)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND
    assert re.fullmatch(rf"DLF-{timezone.localdate().year}-\d{{5}}", aanvraag.referentie)
    assert aanvraag.wijk.naam == "Voorhof" and aanvraag.buurt.naam == "Roland Holstbuurt"
    assert str(aanvraag.gevraagd_bedrag) == "125.50"
    assert response["Location"] == aanvraag.get_absolute_url()
    bericht = mail.outbox[-1]
    assert bericht.to == [bewoner.email]
    assert aanvraag.referentie in bericht.subject
    assert "We hebben uw aanvraag" in bericht.subject or "ontvangen" in bericht.subject
    assert f"/aanvragen/{aanvraag.pk}/" in bericht.body
    assert '<html lang="nl"' in {m: c for c, m in bericht.alternatives}["text/html"]


def test_double_click_back_and_resubmit_or_two_tabs_never_submit_twice(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    aanvraag.refresh_from_db()
    oude_sleutel = str(aanvraag.indien_sleutel)
    url = reverse("participatie:indienen", kwargs={"pk": aanvraag.pk})
    eerste = ingelogd.post(url, {"sleutel": oude_sleutel})
    tweede = ingelogd.post(url, {"sleutel": oude_sleutel})  # double click / second tab
    assert eerste.status_code == tweede.status_code == 302
    assert Aanvraag.objects.filter(aanvrager=aanvraag.aanvrager, regeling=straatfeest).count() == 1
    assert StatusWijziging.objects.filter(aanvraag=aanvraag, naar=Status.INGEDIEND).count() == 1
    aanvraag.refresh_from_db()
    assert aanvraag.referentie.endswith("00001")


def test_references_count_up(client, straatfeest, bewoner, bewoner_b):
    referenties = []
    for persoon, straat in ((bewoner, "Aletta Jacobslaan"), (bewoner_b, "Roland Holstlaan")):
        client.force_login(persoon)
        aanvraag = start(client, straatfeest)
        vul_in(client, aanvraag, stap2={"straat": straat})
        dien_in(client, aanvraag)
        aanvraag.refresh_from_db()
        referenties.append(aanvraag.referentie)
    assert [r[-5:] for r in referenties] == ["00001", "00002"]


def test_draft_is_saved_after_each_step_and_can_be_resumed(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    ingelogd.post(stap_url(aanvraag, 1), {"titel": "Buurtbarbecue", "omschrijving": "Gezellig."})
    # Skipping ahead is not possible; the draft resumes at the next step.
    response = ingelogd.get(stap_url(aanvraag, 3))
    assert response["Location"] == stap_url(aanvraag, 2)
    # Starting again from the scheme page resumes at step 2.
    response = ingelogd.post(reverse("participatie:nieuw", kwargs={"regeling_pk": straatfeest.pk}))
    assert response["Location"] == stap_url(aanvraag, 2)
    lijst = ingelogd.get(reverse("participatie:mijn_aanvragen")).content.decode()
    assert "Buurtbarbecue" in lijst and "Concept" in lijst
    detail = ingelogd.get(aanvraag.get_absolute_url()).content.decode()
    assert stap_url(aanvraag, 2) in detail
    vul_in(ingelogd, aanvraag)
    detail = ingelogd.get(aanvraag.get_absolute_url()).content.decode()
    assert reverse("participatie:controleren", kwargs={"pk": aanvraag.pk}) in detail


def test_step_errors_are_shown_in_dutch_at_the_field_and_in_a_summary(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    response = ingelogd.post(stap_url(aanvraag, 1), {"titel": "", "omschrijving": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html
    assert 'aria-invalid="true"' in html
    assert "Stap 1 van 4" in html
    assert "verplicht veld" in html  # Django/Wagtail's Dutch "required" message


def test_progress_indicator_shows_the_current_step(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    html = ingelogd.get(stap_url(aanvraag, 2)).content.decode()
    assert "Stap 2 van 4" in html
    assert 'aria-current="step"' in html


def test_withdraw_before_a_decision(ingelogd, straatfeest, bewoner):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    dien_in(ingelogd, aanvraag)
    url = reverse("participatie:intrekken", kwargs={"pk": aanvraag.pk})
    assert ingelogd.get(url).status_code == 200
    response = ingelogd.post(url, {"reden": "Het feest gaat niet door."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGETROKKEN
    wijziging = aanvraag.wijzigingen.last()
    assert (wijziging.van, wijziging.naar, wijziging.door, wijziging.rol) == (
        Status.INGEDIEND,
        Status.INGETROKKEN,
        bewoner,
        Rol.AANVRAGER,
    )
    assert wijziging.motivatie == "Het feest gaat niet door."


@pytest.mark.parametrize("besluit", [Status.AFGEWEZEN, Status.UITBETAALD])
def test_no_withdrawal_after_a_rejection_or_a_payment(
    ingelogd, straatfeest, coordinator_tanthof, besluit
):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    dien_in(ingelogd, aanvraag)
    aanvraag.wijzig_status(Status.IN_BEHANDELING, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    if besluit == Status.UITBETAALD:
        aanvraag.wijzig_status(Status.GOEDGEKEURD, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    aanvraag.wijzig_status(besluit, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    url = reverse("participatie:intrekken", kwargs={"pk": aanvraag.pk})
    assert ingelogd.post(url, {}).status_code == 404
    aanvraag.refresh_from_db()
    assert aanvraag.status == besluit


def test_respond_to_changes_requested_and_resubmit(ingelogd, straatfeest, coordinator_tanthof):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    dien_in(ingelogd, aanvraag)
    aanvraag.refresh_from_db()
    referentie = aanvraag.referentie
    aanvraag.wijzig_status(Status.IN_BEHANDELING, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    aanvraag.wijzig_status(
        Status.AANPASSING_GEVRAAGD,
        door=coordinator_tanthof,
        rol=Rol.COORDINATOR,
        motivatie="Graag een andere datum kiezen.",
        notitie="Intern: botst met markt.",
    )
    detail = ingelogd.get(aanvraag.get_absolute_url()).content.decode()
    assert "Graag een andere datum kiezen." in detail
    assert "Intern" not in detail  # internal notes never reach the resident
    response = ingelogd.get(reverse("participatie:aanpassen", kwargs={"pk": aanvraag.pk}))
    assert response["Location"] == stap_url(aanvraag, 1)
    nieuwe_datum = timezone.localdate() + timedelta(days=60)
    ingelogd.post(
        stap_url(aanvraag, 3),
        {
            "activiteit_datum": nieuwe_datum.isoformat(),
            "gevraagd_bedrag": "100",
            **huishoudens_data(5),
        },
    )
    dien_in(ingelogd, aanvraag)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND
    assert aanvraag.referentie == referentie
    assert aanvraag.activiteit_datum == nieuwe_datum
    assert aanvraag.wijzigingen.filter(naar=Status.INGEDIEND).count() == 2


def test_report_back_after_the_activity(ingelogd, straatfeest, coordinator_tanthof):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    dien_in(ingelogd, aanvraag)
    aanvraag.wijzig_status(Status.IN_BEHANDELING, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    aanvraag.wijzig_status(Status.GOEDGEKEURD, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    url = reverse("participatie:verantwoording", kwargs={"pk": aanvraag.pk})
    assert ingelogd.get(url).status_code == 404  # the party has not happened yet
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        activiteit_datum=timezone.localdate() - timedelta(days=1)
    )
    response = ingelogd.post(url, {"verantwoording": "Dertig buren kwamen.", "foto": png_bestand()})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.VERANTWOORD
    assert aanvraag.verantwoording == "Dertig buren kwamen."
    assert aanvraag.bijlagen.filter(soort="verantwoording").count() == 1


def test_only_the_state_machine_changes_a_status(straatfeest, bewoner):
    aanvraag = Aanvraag.objects.create(aanvrager=bewoner, regeling=straatfeest)
    with pytest.raises(OngeldigeOvergang):
        aanvraag.wijzig_status(Status.GOEDGEKEURD, door=bewoner, rol=Rol.AANVRAGER)
    with pytest.raises(OngeldigeOvergang):
        aanvraag.wijzig_status(Status.IN_BEHANDELING, door=bewoner, rol=Rol.AANVRAGER)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.CONCEPT
    assert not aanvraag.wijzigingen.exists()


def test_my_applications_query_count_is_constant(client, straatfeest, bewoner):
    client.force_login(bewoner)

    def maak(aantal):
        Aanvraag.objects.bulk_create(
            [
                # Submitted ones: a resident has at most one draft per scheme.
                Aanvraag(
                    aanvrager=bewoner,
                    regeling=straatfeest,
                    titel=f"Feest {i}",
                    status=Status.INGEDIEND,
                )
                for i in range(aantal)
            ]
        )

    maak(5)
    client.get(reverse("participatie:mijn_aanvragen"))
    with CaptureQueriesContext(connection) as weinig:
        client.get(reverse("participatie:mijn_aanvragen"))
    maak(45)
    with CaptureQueriesContext(connection) as veel:
        response = client.get(reverse("participatie:mijn_aanvragen"))
    assert len(veel) == len(weinig)
    assert response.content.decode().count("Feest ") == 20  # paginated
    assert "Pagina 1 van 3" in response.content.decode()


def test_add_more_household_rows_without_javascript(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag, huishoudens=2)
    data = {**huishoudens_data(0, totaal=3), "meer_regels": "1"}
    data["huishoudens-INITIAL_FORMS"] = "0"
    data |= {"huishoudens-0-adres": "Nieuwe buur 1", "huishoudens-0-akkoord": "on"}
    datum = (timezone.localdate() + timedelta(days=40)).isoformat()
    data |= {"activiteit_datum": datum, "gevraagd_bedrag": "abc"}
    # An invalid amount typed before asking for rows is kept, with its error.
    response = ingelogd.post(stap_url(aanvraag, 3), data)
    assert 'value="abc"' in response.content.decode()
    data["gevraagd_bedrag"] = "99"
    data["huishoudens-INITIAL_FORMS"] = "0"
    aanvraag.huishoudens.filter(adres="Nieuwe buur 1").delete()
    response = ingelogd.post(stap_url(aanvraag, 3), data)
    assert response.status_code == 200
    html = response.content.decode()
    # The typed row is kept (saved), and there are empty rows to fill in.
    assert "Nieuwe buur 1" in html
    assert html.count('name="huishoudens-') and 'id="id_huishoudens-5-adres"' in html
    assert "Er is een probleem" not in html


def test_enter_in_a_field_saves_the_step_instead_of_a_secondary_action(ingelogd, straatfeest):
    """Implicit submission uses the first submit button of the form: it must be the main one."""
    import re as _re

    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag)
    for stap in (3, 4):
        html = ingelogd.get(stap_url(aanvraag, stap)).content.decode()
        formulier = html[html.index('<form class="delft-form"') :]
        eerste_knop = _re.search(r"<button[^>]*>", formulier).group(0)
        assert 'type="submit"' in eerste_knop and "name=" not in eerste_knop
        assert "formaction" not in eerste_knop


def test_households_are_not_duplicated_when_a_rule_error_page_is_sent_again(ingelogd, straatfeest):
    aanvraag = start(ingelogd, straatfeest)
    vul_in(ingelogd, aanvraag, huishoudens=5)
    aanvraag.huishoudens.all().delete()
    eerste = vul_in(ingelogd, aanvraag, huishoudens=3)
    assert eerste.status_code == 200 and aanvraag.huishoudens.count() == 3
    html = eerste.content.decode()
    # The page shows the saved rows with their ids, so sending it again changes nothing.
    assert 'name="huishoudens-INITIAL_FORMS" value="3"' in html
    ids = [str(h.pk) for h in aanvraag.huishoudens.all()]
    assert all(f'value="{pk}"' in html for pk in ids)
