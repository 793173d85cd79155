"""Each scheme asks what fits it: a play street its period, fixed times and stretch of street;
self-management no date; step titles follow the fields. Required forms can be downloaded. A
decision tells the resident what comes next: how and until when to object, when to report back."""

import re
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from wagtail.documents import get_document_model

import pytest

from cms.demo_formulieren import FORMULIEREN, tekst_pdf
from cms.models import HomePage, RegelingPage
from participatie import besluiten, regels
from participatie.constants import Planning, Status
from participatie.queries import goedgekeurde_initiatieven
from participatie.stappen import staptitels
from tests.factories import AanvraagFactory, CoordinatorFactory, RegelingFactory
from tests.participatie.conftest import stap_url, start, vul_in

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def labels(response) -> list[str]:
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", html(response), flags=re.S)
    ]


# What step 3 asks -------------------------------------------------------------------------


def test_a_play_street_asks_for_its_period_times_and_stretch_of_street(ingelogd, speelstraat):
    aanvraag = start(ingelogd, speelstraat)
    vul_in(ingelogd, aanvraag)
    response = ingelogd.get(stap_url(aanvraag, 3))
    gevraagd = " | ".join(labels(response))
    assert "Eerste dag" in gevraagd and "Laatste dag" in gevraagd
    assert "Vaste dagen en tijden" in gevraagd and "Deel van de straat" in gevraagd
    assert "Datum van de activiteit" not in gevraagd
    assert "Periode, tijden, deel van de straat en huishoudens" in html(response)
    aanvraag.refresh_from_db()
    assert aanvraag.vaste_tijden == "Woensdag 14.00–17.00 uur"
    assert aanvraag.straatdeel.startswith("Roland Holstlaan")
    assert aanvraag.einddatum == aanvraag.activiteit_datum + timedelta(days=90)


def test_self_management_asks_no_date_and_a_street_party_asks_one(zelfbeheer, straatfeest):
    assert staptitels(zelfbeheer)[3] == "Bedrag en huishoudens"
    assert staptitels(straatfeest)[3] == "Datum, bedrag en huishoudens"
    vast_zonder_datum = RegelingFactory(vast_bedrag=True, planning=Planning.GEEN)
    assert staptitels(vast_zonder_datum)[3] == "Huishoudens"


def test_self_management_form_has_no_date_field(ingelogd, zelfbeheer):
    aanvraag = start(ingelogd, zelfbeheer)
    vul_in(ingelogd, aanvraag)
    gevraagd = " | ".join(labels(ingelogd.get(stap_url(aanvraag, 3))))
    assert "Datum" not in gevraagd and "Eerste dag" not in gevraagd
    assert "Gevraagd bedrag" in gevraagd


def test_a_last_day_before_the_first_is_refused_at_the_field_and_the_draft_is_kept(
    ingelogd, speelstraat
):
    aanvraag = start(ingelogd, speelstraat)
    eerste = timezone.localdate() + timedelta(days=60)
    response = vul_in(
        ingelogd,
        aanvraag,
        stap3={
            "activiteit_datum": eerste.isoformat(),
            "einddatum": (eerste - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert 'id="id_einddatum_error"' in html(response)
    assert "De laatste dag kan niet voor de eerste dag liggen." in html(response)
    aanvraag.refresh_from_db()
    assert aanvraag.einddatum == eerste - timedelta(days=1)  # what was typed is saved


def test_submitting_a_play_street_without_times_or_stretch_names_both(speelstraat):
    aanvraag = AanvraagFactory(regeling=speelstraat, einddatum=None, vaste_tijden="", straatdeel="")
    velden = {veld for veld, _ in regels.controleer(aanvraag, [regels.periode])}
    assert velden == {"einddatum", "vaste_tijden", "straatdeel"}
    aanvraag.einddatum = aanvraag.activiteit_datum
    aanvraag.vaste_tijden, aanvraag.straatdeel = "Zaterdag 10-16 uur", "Hele straat"
    assert regels.controleer(aanvraag, [regels.periode]) == []


def test_a_play_street_period_under_way_is_among_the_coming_initiatives(speelstraat, tanthof):
    vandaag = timezone.localdate()
    AanvraagFactory(
        regeling=speelstraat,
        goedgekeurd=True,
        wijk=tanthof,
        buurt=tanthof.buurten.first(),
        titel="Speelstraat loopt",
        activiteit_datum=vandaag - timedelta(days=30),
        einddatum=vandaag + timedelta(days=30),
    )
    AanvraagFactory(
        regeling=speelstraat,
        goedgekeurd=True,
        wijk=tanthof,
        buurt=tanthof.buurten.first(),
        titel="Speelstraat voorbij",
        activiteit_datum=vandaag - timedelta(days=60),
        einddatum=vandaag - timedelta(days=1),
    )
    rijen, _ = goedgekeurde_initiatieven(tanthof)
    assert [r["titel"] for r in rijen] == ["Speelstraat loopt"]
    assert rijen[0]["einddatum"] == vandaag + timedelta(days=30)


# Forms to download -------------------------------------------------------------------------


@pytest.fixture
def formulier(db):
    Document = get_document_model()
    from django.core.files.base import ContentFile

    document = Document(title="Instemmingslijst (test)")
    document.file.save("instemming-test.pdf", ContentFile(tekst_pdf(["Test"])), save=False)
    document.save()
    return document


def test_a_required_consent_list_needs_a_form_to_download(formulier):
    regeling = RegelingFactory(instemming_verplicht=True)
    with pytest.raises(ValidationError) as fout:
        regeling.full_clean(exclude=["wijken"])
    assert "sjabloon_instemming" in fout.value.message_dict
    regeling.sjabloon_instemming = formulier
    regeling.full_clean(exclude=["wijken"])


def test_the_scheme_page_and_the_attachments_step_offer_the_form(ingelogd, formulier):
    regeling = RegelingFactory(instemming_verplicht=True, sjabloon_instemming=formulier)
    pagina = HomePage.objects.get().add_child(
        instance=RegelingPage(title="Met formulier", slug="met-formulier", regeling=regeling)
    )
    for response in (
        ingelogd.get(pagina.url),
        ingelogd.get(stap_url(_tot_stap4(ingelogd, regeling), 4)),
    ):
        assert response.status_code == 200
        assert f'href="{formulier.url}"' in html(response)
        assert "Ondertekende lijst van huishoudens die instemmen" in html(response)


def _tot_stap4(client, regeling):
    aanvraag = start(client, regeling)
    vul_in(client, aanvraag, stap4={"privacy_akkoord": None})
    return aanvraag


def test_the_example_forms_are_well_formed_pdfs():
    for _titel, regels_ in FORMULIEREN.values():
        pdf = tekst_pdf(regels_)
        assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
        xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
        assert pdf[xref:].startswith(b"xref")
        posities = [int(r[:10]) for r in pdf[xref:].split(b"\n")[3:8]]
        for nummer, positie in enumerate(posities, start=1):
            assert pdf[positie:].startswith(f"{nummer} 0 obj".encode())
        assert b"Voorbeeld" in pdf


# What comes next after a decision ----------------------------------------------------------


@pytest.fixture
def beslisbaar(tanthof, straatfeest, budget, bewoner):
    coordinator = CoordinatorFactory(wijken=[tanthof])
    aanvraag = AanvraagFactory(
        aanvrager=bewoner,
        regeling=straatfeest,
        ingediend=True,
        wijk=tanthof,
        buurt=tanthof.buurten.first(),
        gevraagd_bedrag=Decimal("100.00"),
    )
    besluiten.in_behandeling_nemen(aanvraag, door=coordinator)
    aanvraag.refresh_from_db()
    mail.outbox.clear()
    return aanvraag, coordinator


def test_a_refusal_tells_the_motivation_and_until_when_to_object(ingelogd, beslisbaar):
    aanvraag, coordinator = beslisbaar
    besluiten.afwijzen(aanvraag, door=coordinator, motivatie="Te weinig buren doen mee.")
    tot = formats.date_format(timezone.localdate() + timedelta(weeks=6), "j F Y")
    pagina = html(ingelogd.get(aanvraag.get_absolute_url()))
    assert "Uw aanvraag is afgewezen" in pagina and "Te weinig buren doen mee." in pagina
    assert f"bezwaar maken tot en met {tot}" in pagina and aanvraag.referentie in pagina
    [bericht] = mail.outbox
    assert f"bezwaar maken tot en met {tot}" in bericht.body


def test_an_approval_says_when_and_how_to_report_back(ingelogd, beslisbaar):
    aanvraag, coordinator = beslisbaar
    besluiten.goedkeuren(aanvraag, door=coordinator, bedrag=Decimal("90.00"), motivatie="Fijn.")
    datum = formats.date_format(aanvraag.activiteit_datum, "j F Y")
    pagina = html(ingelogd.get(aanvraag.get_absolute_url()))
    assert "Uw aanvraag is goedgekeurd" in pagina and "€ 90,00" in pagina
    assert f"Na {datum} laat u in Mijn aanvragen weten hoe het ging" in pagina
    [bericht] = mail.outbox
    assert f"Na {datum} laat u in Mijn aanvragen weten hoe het ging" in bericht.body
    aanvraag.refresh_from_db()
    assert aanvraag.status == Status.GOEDGEKEURD


def test_another_resident_does_not_see_the_decision(client, beslisbaar, bewoner_b):
    aanvraag, coordinator = beslisbaar
    besluiten.afwijzen(aanvraag, door=coordinator, motivatie="Geheim besluit.")
    client.force_login(bewoner_b)
    response = client.get(aanvraag.get_absolute_url())
    assert response.status_code == 404 and "Geheim besluit." not in html(response)
