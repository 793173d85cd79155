"""The coordinators' review queue of applications in the Wagtail admin (participatie.wachtrij,
participatie.admin_aanvragen): scoping, decisions through the admin views by role, four eyes,
budget errors as form errors, the dashboard panel, query counts and a formula-safe export."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.constants import BoekingSoort, Status
from participatie.models import Aanvraag, Boeking, StatusWijziging, Wijkbudget
from participatie.wachtrij import Notitie, ontwapen
from portal.gebieden.models import Buurt
from tests.accounts.helpers import inloggen
from tests.factories import AanvraagFactory, CoordinatorFactory, RegelingFactory

pytestmark = pytest.mark.django_db

NS = "aanvragen"


def url(naam, aanvraag=None, query=""):
    args = [aanvraag.pk] if aanvraag is not None else None
    return reverse(f"{NS}:{naam}", args=args) + query


def buurt_in(wijk):
    return Buurt.objects.filter(wijk=wijk).defer("grens").order_by("pk").first()


def aanvraag_in(wijk, **kwargs):
    kwargs.setdefault("ingediend", True)
    return AanvraagFactory(buurt=buurt_in(wijk), wijk=wijk, **kwargs)


@pytest.fixture
def aanvraag(tanthof):
    return aanvraag_in(
        tanthof,
        titel="Zomerfeest Tanthof",
        gevraagd_bedrag=Decimal("200.00"),
        regeling=RegelingFactory(bedrag=Decimal("300.00")),
    )


@pytest.fixture
def coordinator(client, coordinator_tanthof, wachtwoord):
    inloggen(client, coordinator_tanthof, wachtwoord)
    return coordinator_tanthof


def foutmeldingen(response):
    form = response.context["form"]
    return [str(m) for fouten in form.errors.values() for m in fouten]


# --- Listing and scoping ----------------------------------------------------------------------


def test_coordinator_lists_only_submitted_applications_of_their_districts(
    client, coordinator, tanthof, buitenhof, aanvraag
):
    aanvraag_in(buitenhof, titel="Buitenhof-initiatief")
    aanvraag_in(tanthof, titel="Concept-initiatief", ingediend=False)
    html = client.get(url("index")).content.decode()
    assert "Zomerfeest Tanthof" in html
    assert "Buitenhof-initiatief" not in html
    assert "Concept-initiatief" not in html


def test_listing_masks_the_applicants_personal_data(client, coordinator, aanvraag):
    html = client.get(url("index")).content.decode()
    assert aanvraag.referentie in html
    assert aanvraag.aanvrager.email not in html
    assert aanvraag.aanvrager.last_name not in html


def test_administrator_lists_every_district(client, beheerder, wachtwoord, tanthof, buitenhof):
    aanvraag_in(tanthof, titel="Initiatief-T")
    aanvraag_in(buitenhof, titel="Initiatief-B")
    inloggen(client, beheerder, wachtwoord)
    html = client.get(url("index")).content.decode()
    assert "Initiatief-T" in html and "Initiatief-B" in html


def test_search_finds_by_reference_title_and_applicant(client, coordinator, tanthof, aanvraag):
    ander = aanvraag_in(tanthof, titel="Iets anders")
    for zoek in (aanvraag.referentie, "Zomerfeest", aanvraag.aanvrager.email):
        response = client.get(url("index_results", query=f"?q={zoek}"))
        html = response.content.decode()
        assert aanvraag.referentie in html, zoek
        assert ander.referentie not in html, zoek


def test_filters_status_assigned_to_me_year_and_waiting_time(
    client, coordinator, tanthof, aanvraag
):
    in_behandeling = aanvraag_in(tanthof, in_behandeling=True, behandelaar=coordinator)
    oud = aanvraag_in(tanthof, regeling=RegelingFactory(servicenorm_dagen=5))
    Aanvraag.objects.filter(pk=oud.pk).update(ingediend_op=timezone.now() - timedelta(days=9))

    def refs(query):
        html = client.get(url("index_results", query=query)).content.decode()
        return {a.referentie for a in (aanvraag, in_behandeling, oud) if a.referentie in html}

    assert refs("?status=in_behandeling") == {in_behandeling.referentie}
    assert refs("?toegewezen=mij") == {in_behandeling.referentie}
    assert refs("?wachttijd=boven_norm") == {oud.referentie}
    assert refs("?wachttijd=binnen_norm") == {aanvraag.referentie, in_behandeling.referentie}
    assert refs(f"?jaar={timezone.localdate().year}") == {
        aanvraag.referentie,
        in_behandeling.referentie,
        oud.referentie,
    }
    assert refs(f"?regeling={oud.regeling_id}") == {oud.referentie}
    assert refs(f"?buurt={aanvraag.buurt_id}") == {
        aanvraag.referentie,
        in_behandeling.referentie,
        oud.referentie,
    }


def test_sorting_by_a_column(client, coordinator, tanthof):
    a = aanvraag_in(tanthof, gevraagd_bedrag=Decimal("10.00"))
    b = aanvraag_in(tanthof, gevraagd_bedrag=Decimal("90.00"))
    html = client.get(url("index_results", query="?ordering=-gevraagd_bedrag")).content.decode()
    assert html.index(b.referentie) < html.index(a.referentie)


def _aanvragen(wijk, aantal):
    regeling = RegelingFactory()
    for _ in range(aantal):
        aanvraag_in(wijk, regeling=regeling, behandelaar=CoordinatorFactory(wijken=[wijk]))


def test_listing_query_count_does_not_grow_with_the_number_of_applications(
    client, coordinator, tanthof
):
    _aanvragen(tanthof, 5)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url("index")).status_code == 200
    _aanvragen(tanthof, 45)
    with CaptureQueriesContext(connection) as veel:
        response = client.get(url("index"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50
    assert len(veel) == len(weinig)
    # The large boundaries are never loaded.
    assert not any('"grens"' in q["sql"] for q in veel.captured_queries if "aanvraag" in q["sql"])


def test_export_query_count_is_constant_too(client, coordinator, tanthof):
    _aanvragen(tanthof, 5)
    with CaptureQueriesContext(connection) as weinig:
        b"".join(client.get(url("index", query="?export=csv")).streaming_content)
    _aanvragen(tanthof, 20)
    with CaptureQueriesContext(connection) as veel:
        b"".join(client.get(url("index", query="?export=csv")).streaming_content)
    assert len(veel) == len(weinig)


# --- Detail -------------------------------------------------------------------------------------


def test_detail_shows_fields_history_budget_and_attachment_links(
    client, coordinator, aanvraag, budget
):
    from tests.factories import BijlageFactory

    bijlage = BijlageFactory(aanvraag=aanvraag, naam="plattegrond.png")
    response = client.get(url("inspect", aanvraag))
    assert response.status_code == 200
    html = response.content.decode()
    assert aanvraag.omschrijving in html
    assert aanvraag.aanvrager.email in html  # the detail is where personal data is needed
    assert bijlage.get_absolute_url() in html
    assert "500,00" in html  # the budget position
    assert str(response.context["positie"].resterend) == "500.00"
    assert len(response.context["geschiedenis"]) == 1
    assert url("in_behandeling", aanvraag) in html
    assert url("goedkeuren", aanvraag) not in html  # not offered from "submitted"


def test_staff_of_the_district_download_the_attachment_through_the_checked_view(
    client, coordinator, aanvraag
):
    from tests.factories import BijlageFactory

    bijlage = BijlageFactory(aanvraag=aanvraag)
    assert client.get(bijlage.get_absolute_url()).status_code == 200


def test_internal_note_is_added_and_shown(client, coordinator, aanvraag):
    response = client.post(url("notitie", aanvraag), {"tekst": "Gebeld met de aanvrager."})
    assert response.status_code == 302
    notitie = Notitie.objects.voor(aanvraag).get()
    assert notitie.door == coordinator
    assert "Gebeld met de aanvrager." in client.get(url("inspect", aanvraag)).content.decode()


def test_empty_note_is_a_form_error(client, coordinator, aanvraag):
    response = client.post(url("notitie", aanvraag), {"tekst": ""})
    assert response.status_code == 200
    assert foutmeldingen(response)
    assert not Notitie.objects.voor(aanvraag).exists()


# --- Decisions ----------------------------------------------------------------------------------


def test_take_into_assessment_assigned_to_a_colleague(client, coordinator, tanthof, aanvraag):
    collega = CoordinatorFactory(wijken=[tanthof])
    response = client.post(url("in_behandeling", aanvraag), {"behandelaar": collega.pk})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING and aanvraag.behandelaar == collega


def test_cannot_assign_to_a_coordinator_of_another_district(
    client, coordinator, buitenhof, aanvraag
):
    vreemde = CoordinatorFactory(wijken=[buitenhof])
    response = client.post(url("in_behandeling", aanvraag), {"behandelaar": vreemde.pk})
    assert response.status_code == 200
    assert foutmeldingen(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND


def test_request_changes_needs_a_message(client, coordinator, tanthof):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True)
    response = client.post(url("aanpassing", aanvraag), {"bericht": "  "})
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING

    response = client.post(url("aanpassing", aanvraag), {"bericht": "Voeg de begroting toe."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.AANPASSING_GEVRAAGD


def test_approve_reserves_the_amount(client, coordinator, tanthof, budget):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, gevraagd_bedrag=Decimal("200.00"))
    response = client.post(
        url("goedkeuren", aanvraag), {"bedrag": "150,00", "motivatie": "Mooi plan."}
    )
    assert response.status_code == 302, foutmeldingen(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD
    assert aanvraag.toegekend_bedrag == Decimal("150.00")
    assert Boeking.objects.get(aanvraag=aanvraag).soort == BoekingSoort.RESERVERING


def test_approve_more_than_requested_is_a_field_error(client, coordinator, tanthof, budget):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, gevraagd_bedrag=Decimal("200.00"))
    response = client.post(url("goedkeuren", aanvraag), {"bedrag": "250,00"})
    assert response.status_code == 200
    assert response.context["form"].errors["bedrag"]
    assert 'role="alert"' in response.content.decode()  # the error summary
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING


def test_insufficient_budget_is_a_form_error_and_changes_nothing(
    client, coordinator, tanthof, budget
):
    Wijkbudget.objects.filter(pk=budget.pk).update(bedrag=Decimal("50.00"))
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, gevraagd_bedrag=Decimal("200.00"))
    response = client.post(url("goedkeuren", aanvraag), {"bedrag": "200,00"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "overschrijding" not in response.context["form"].fields  # not for coordinators
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.IN_BEHANDELING
    assert not Boeking.objects.filter(aanvraag=aanvraag).exists()


def test_administrator_may_override_the_budget_with_a_motivation(
    client, beheerder, wachtwoord, tanthof, budget
):
    Wijkbudget.objects.filter(pk=budget.pk).update(bedrag=Decimal("50.00"))
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, gevraagd_bedrag=Decimal("200.00"))
    inloggen(client, beheerder, wachtwoord)
    response = client.post(
        url("goedkeuren", aanvraag), {"bedrag": "200,00", "overschrijding": "Wethouder akkoord."}
    )
    assert response.status_code == 302, foutmeldingen(response)
    assert Boeking.objects.get(aanvraag=aanvraag).overschrijding == "Wethouder akkoord."


def test_four_eyes_the_same_person_cannot_approve_twice(
    client, coordinator, tanthof, budget, wachtwoord
):
    regeling = RegelingFactory(bedrag=Decimal("400.00"), vier_ogen_vanaf=Decimal("100.00"))
    aanvraag = aanvraag_in(
        tanthof, in_behandeling=True, regeling=regeling, gevraagd_bedrag=Decimal("300.00")
    )
    response = client.post(url("goedkeuren", aanvraag), {"bedrag": "300,00"})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.TWEEDE_AKKOORD

    response = client.post(url("goedkeuren", aanvraag), {"motivatie": "Nog een keer."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.TWEEDE_AKKOORD

    client.logout()
    collega = CoordinatorFactory(wijken=[tanthof])
    inloggen(client, collega, wachtwoord)
    response = client.post(url("goedkeuren", aanvraag), {"motivatie": "Akkoord."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD


def test_reject_needs_a_motivation(client, coordinator, tanthof):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True)
    response = client.post(url("afwijzen", aanvraag), {"motivatie": ""})
    assert response.status_code == 200 and response.context["form"].errors["motivatie"]
    response = client.post(url("afwijzen", aanvraag), {"motivatie": "Artikel 3: te laat."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.AFGEWEZEN


def test_mark_paid_then_close_after_report(client, coordinator, tanthof, budget):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, gevraagd_bedrag=Decimal("100.00"))
    client.post(url("goedkeuren", aanvraag), {"bedrag": "100,00"})
    response = client.post(
        url("uitbetalen", aanvraag),
        {"bedrag": "120,00", "datum": timezone.localdate().isoformat(), "kenmerk": "BET-1"},
    )
    assert response.status_code == 200  # more than approved
    response = client.post(
        url("uitbetalen", aanvraag),
        {"bedrag": "90,00", "datum": timezone.localdate().isoformat(), "kenmerk": "BET-1"},
    )
    assert response.status_code == 302, foutmeldingen(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.UITBETAALD
    assert budget.positie().betaald == Decimal("90.00")

    Aanvraag.objects.filter(pk=aanvraag.pk).update(status=Status.VERANTWOORD)
    response = client.post(url("sluiten", aanvraag), {"notitie": "Netjes verantwoord."})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.AFGESLOTEN


@pytest.mark.parametrize(
    ("status", "besluit"),
    [
        ("ingediend", "goedkeuren"),
        ("ingediend", "afwijzen"),
        ("ingediend", "uitbetalen"),
        ("in_behandeling", "in_behandeling"),
        ("in_behandeling", "sluiten"),
        ("goedgekeurd", "afwijzen"),
        ("afgesloten", "in_behandeling"),
        ("ingetrokken", "sluiten"),
    ],
)
def test_a_transition_the_state_machine_refuses_is_not_offered_and_changes_nothing(
    client, coordinator, tanthof, status, besluit
):
    aanvraag = aanvraag_in(tanthof, **{status: True})
    wijzigingen = StatusWijziging.objects.filter(aanvraag=aanvraag).count()
    assert url(besluit, aanvraag) not in client.get(url("inspect", aanvraag)).content.decode()
    for response in (
        client.get(url(besluit, aanvraag)),
        client.post(
            url(besluit, aanvraag),
            {
                "bericht": "x",
                "motivatie": "x",
                "bedrag": "1",
                "kenmerk": "x",
                "datum": "2026-01-01",
            },
        ),
    ):
        assert response.status_code == 302
        assert response["Location"] == url("inspect", aanvraag)
    aanvraag.refresh_from_db()
    assert aanvraag.status == status
    assert StatusWijziging.objects.filter(aanvraag=aanvraag).count() == wijzigingen


def test_a_decision_raced_by_another_status_change_is_a_form_error_not_a_500(
    client, coordinator, tanthof, monkeypatch
):
    """The status changed between loading the form and the domain function's row lock."""
    from participatie import besluiten
    from participatie.statemachine import OngeldigeOvergang

    def geweigerd(*args, **kwargs):
        raise OngeldigeOvergang(Status.AFGEWEZEN, Status.GOEDGEKEURD, "coordinator")

    monkeypatch.setattr(besluiten, "afwijzen", geweigerd)
    aanvraag = aanvraag_in(tanthof, in_behandeling=True)
    response = client.post(url("afwijzen", aanvraag), {"motivatie": "Te laat."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize("besluit", ["in_behandeling", "aanpassing", "goedkeuren", "afwijzen"])
def test_coordinator_of_another_district_cannot_decide(
    client, coordinator_buitenhof, wachtwoord, aanvraag, besluit
):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    response = client.post(url(besluit, aanvraag), {"motivatie": "x", "bericht": "x"})
    assert response.status_code == 404
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.INGEDIEND


def test_reassign_to_a_colleague_is_recorded(client, coordinator, tanthof):
    aanvraag = aanvraag_in(tanthof, in_behandeling=True, behandelaar=coordinator)
    collega = CoordinatorFactory(wijken=[tanthof], first_name="Collega")
    response = client.post(url("toewijzen", aanvraag), {"behandelaar": collega.pk})
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.behandelaar == collega
    assert Notitie.objects.voor(aanvraag).count() == 1


# --- Dashboard panel ----------------------------------------------------------------------------


def test_dashboard_panel_counts_per_status_and_links_the_oldest(
    client, coordinator, tanthof, buitenhof
):
    oudste = aanvraag_in(tanthof)
    Aanvraag.objects.filter(pk=oudste.pk).update(ingediend_op=timezone.now() - timedelta(days=20))
    aanvraag_in(tanthof)
    aanvraag_in(tanthof, in_behandeling=True)
    aanvraag_in(tanthof, afgewezen=True)  # not waiting
    aanvraag_in(buitenhof)  # another district
    aanvraag_in(tanthof, ingediend=False)  # draft

    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    panelen = {p.name: p for p in response.context["panels"]}
    [soort] = [
        s for s in panelen["wacht_op_u"].soorten if s["index_url"] == reverse("aanvragen:index")
    ]
    aantallen = {s["status"]: s["aantal"] for s in soort["statussen"]}
    assert aantallen[Status.INGEDIEND] == 2
    assert aantallen[Status.IN_BEHANDELING] == 1
    assert aantallen[Status.GOEDGEKEURD] == 0
    assert soort["oudste"].pk == oudste.pk
    assert url("inspect", oudste) in html


def test_dashboard_panel_absent_for_editors(client, redacteur, wachtwoord):
    inloggen(client, redacteur, wachtwoord)
    response = client.get(reverse("wagtailadmin_home"))
    assert "wacht_op_u" not in {p.name for p in response.context["panels"]}


# --- Export ---------------------------------------------------------------------------------------

FORMULES = ["=1+1", "+31 15", "-2+3", "@SUM(A1)", "\tverborgen", "\rregel"]


def test_ontwapen_prefixes_every_formula_start():
    for waarde in FORMULES:
        assert ontwapen(waarde) == "'" + waarde
    assert ontwapen("Gewoon") == "Gewoon"
    assert ontwapen(Decimal("-5")) == Decimal("-5")


@pytest.mark.parametrize("formule", FORMULES)
def test_csv_and_xlsx_export_neutralise_formulas_in_every_text_column(
    client, coordinator, tanthof, formule
):
    from openpyxl import load_workbook

    behandelaar = CoordinatorFactory(wijken=[tanthof], first_name=formule, last_name="")
    aanvraag = aanvraag_in(
        tanthof,
        titel=formule,
        regeling=RegelingFactory(titel=formule),
        behandelaar=behandelaar,
    )
    Aanvraag.objects.filter(pk=aanvraag.pk).update(referentie=formule + "R")
    Buurt.objects.filter(pk=aanvraag.buurt_id).update(naam=formule + "B")
    type(tanthof).objects.filter(pk=tanthof.pk).update(naam=formule + "W")

    response = client.get(url("index", query="?export=csv"))
    tekst = b"".join(response.streaming_content).decode()
    rijen = list(csv.reader(io.StringIO(tekst)))
    rij = next(r for r in rijen[1:] if r[0].endswith("R"))
    for cel in rij:
        assert not cel.startswith(("=", "+", "-", "@", "\t", "\r")), rij

    response = client.get(url("index", query="?export=xlsx"))
    blad = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    for rij in blad.iter_rows(min_row=2, values_only=True):
        for cel in rij:
            if isinstance(cel, str):
                assert not cel.startswith(("=", "+", "-", "@", "\t", "\r")), rij
