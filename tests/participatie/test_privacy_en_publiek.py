"""Applications in 'Mijn gegevens', account deletion, retention, and the public district page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.constants import Rol, Status
from participatie.models import Aanvraag, Bijlage, Regeling
from portal.accounts import retentie
from portal.accounts.privacy import exporteer_gegevens, verwijder_account

from .conftest import STAP4, dien_in, png_bestand, stap_url, start, vul_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingediend(client, bewoner, straatfeest):
    client.force_login(bewoner)
    aanvraag = start(client, straatfeest)
    vul_in(client, aanvraag, stap2={"huisnummer": "7b"}, stap4={"telefoon": "0612345678"})
    client.post(
        stap_url(aanvraag, 4),
        {
            "bijlage_soort": "foto",
            "bijlage": png_bestand(),
            "bijlage_toevoegen": "1",
            **STAP4,
            "telefoon": "0612345678",
        },
    )
    dien_in(client, aanvraag)
    aanvraag.refresh_from_db()
    return aanvraag


def test_export_contains_the_applications(bewoner, ingediend):
    export = exporteer_gegevens(bewoner)["gegevens"]["aanvragen"]
    assert export[0]["referentie"] == ingediend.referentie
    assert export[0]["telefoon"] == "0612345678"
    assert len(export[0]["huishoudens"]) == 5


def test_deleting_the_account_keeps_the_decision_record_without_personal_data(
    bewoner, ingediend, straatfeest
):
    concept = Aanvraag.objects.create(aanvrager=bewoner, regeling=straatfeest, titel="Nog niet af")
    pad = ingediend.bijlagen.get().bestand.path
    verwijder_account(bewoner)
    assert not Aanvraag.objects.filter(pk=concept.pk).exists()
    bewaard = Aanvraag.objects.get(pk=ingediend.pk)
    assert bewaard.aanvrager is None and bewaard.geanonimiseerd
    assert (bewaard.telefoon, bewaard.huisnummer, bewaard.omschrijving) == ("", "", "")
    assert bewaard.referentie == ingediend.referentie
    assert bewaard.gevraagd_bedrag == ingediend.gevraagd_bedrag
    assert bewaard.status == Status.INGEDIEND
    assert not bewaard.huishoudens.exists()
    assert not Bijlage.objects.filter(aanvraag=bewaard).exists()
    import os

    assert not os.path.exists(pad)


def test_old_drafts_are_deleted_and_old_handled_applications_anonymised(
    bewoner, ingediend, straatfeest, settings
):
    oud_concept = Aanvraag.objects.create(aanvrager=bewoner, regeling=straatfeest)
    andere_regeling = Regeling.objects.exclude(pk=straatfeest.pk).first()
    vers_concept = Aanvraag.objects.create(aanvrager=bewoner, regeling=andere_regeling)
    Aanvraag.objects.filter(pk=oud_concept.pk).update(
        gewijzigd=timezone.now() - timedelta(days=settings.RETENTIE_CONCEPT_DAGEN + 1)
    )
    ingediend.wijzig_status(Status.INGETROKKEN, door=bewoner, rol=Rol.AANVRAGER)
    Aanvraag.objects.filter(pk=ingediend.pk).update(
        gewijzigd=timezone.now() - timedelta(days=settings.RETENTIE_AANVRAAG_DAGEN + 1)
    )

    resultaat = retentie.pas_bewaarregels_toe()

    assert resultaat["concepten van aanvragen"] == 1
    assert resultaat["persoonsgegevens van afgehandelde aanvragen"] == 1
    assert not Aanvraag.objects.filter(pk=oud_concept.pk).exists()
    assert Aanvraag.objects.filter(pk=vers_concept.pk).exists()
    assert Aanvraag.objects.get(pk=ingediend.pk).aanvrager is None


def test_approved_initiatives_appear_on_the_district_page_without_personal_data(
    client, ingediend, coordinator_tanthof
):
    ingediend.wijzig_status(Status.IN_BEHANDELING, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    html = client.get("/voorhof/").content.decode()
    assert "Zomerfeest Roland Holstlaan" not in html  # not yet approved
    ingediend.wijzig_status(Status.GOEDGEKEURD, door=coordinator_tanthof, rol=Rol.COORDINATOR)
    client.logout()
    html = client.get("/voorhof/").content.decode()
    assert "Zomerfeest Roland Holstlaan" in html
    assert "Straatfeestcheque" in html and "Roland Holstbuurt" in html
    aanvrager = ingediend.aanvrager
    for persoonsgegeven in (aanvrager.email, aanvrager.last_name, "0612345678", "7b"):
        assert persoonsgegeven not in html
    assert "Zomerfeest Roland Holstlaan" not in client.get("/buitenhof/").content.decode()


def test_scheme_page_offers_apply_to_residents_and_login_to_visitors(client, bewoner, straatfeest):
    from cms.models import HomePage, RegelingPage

    pagina = HomePage.objects.get().add_child(
        instance=RegelingPage(title="Proefregeling", slug="proefregeling", regeling=straatfeest)
    )
    html = client.get(pagina.url).content.decode()
    assert "Log in om aan te vragen" in html
    assert f'href="{reverse("account_login")}?next=/proefregeling/"' in html
    assert "Voorbeeldinstellingen" not in html  # a real scheme, not example settings
    assert reverse("participatie:nieuw", kwargs={"regeling_pk": straatfeest.pk}) not in html
    client.force_login(bewoner)
    html = client.get(pagina.url).content.decode()
    assert reverse("participatie:nieuw", kwargs={"regeling_pk": straatfeest.pk}) in html
    assert "Log in om aan te vragen" not in html


def test_example_schemes_say_they_are_examples(client):
    html = client.get("/straatfeestcheque/").content.decode()
    assert "Voorbeeldinstellingen" in html
