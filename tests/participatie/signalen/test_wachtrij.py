"""Signals in the review queue: the listing per district, the decisions through the queue's
screens (each through the state machine, one e-mail per public change), linking a programme
theme without a status change, and the dashboard counts."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from wagtail.models import Page

import pytest

from participatie.signalen import besluiten
from participatie.signalen.constants import SignaalStatus as S
from participatie.signalen.models import Signaal
from participatie.signalen.wachtrij import signalen_viewset
from participatie.wachtrij import Notitie, Overgang, wachtrijen
from portal.mail.models import Email
from tests.factories import SignaalCategorieFactory, SignaalFactory

from .conftest import GEHEIM

pytestmark = pytest.mark.django_db


def _url(naam, signaal=None):
    args = [signaal.pk] if signaal is not None else None
    return reverse(f"signalen_wachtrij:{naam}", args=args)


def _overgangen(signaal):
    return Overgang.objects.filter(
        content_type=ContentType.objects.get_for_model(Signaal), object_id=signaal.pk
    )


def _mails_aan(adres):
    return [m for m in mail.outbox if adres in m.to]


def test_the_queue_is_registered_under_its_name():
    assert signalen_viewset in wachtrijen()
    assert _url("index") == "/admin/signalen/"


def test_a_coordinator_sees_only_the_signals_of_their_district(
    als_coordinator, signaal, signaal_buitenhof
):
    html = als_coordinator.get(_url("index")).content.decode()
    assert f"{GEHEIM}-tekst" in html
    assert "Buitenhof-tekst" not in html
    assert _url("inspect", signaal) in html
    assert als_coordinator.get(_url("inspect", signaal_buitenhof)).status_code == 404


def test_the_listing_filters_on_status_and_category_and_searches_the_text(
    als_coordinator, signaal, buurt_tanthof
):
    ander = SignaalFactory(
        categorie=SignaalCategorieFactory(naam="Eenzaamheid"),
        in_buurt=buurt_tanthof,
        tekst="Andere-tekst",
        status=S.DOORGESTUURD,
    )
    op_status = als_coordinator.get(_url("index") + "?status=doorgestuurd").content.decode()
    assert "Andere-tekst" in op_status and GEHEIM not in op_status
    op_categorie = als_coordinator.get(
        _url("index") + f"?categorie={signaal.categorie_id}"
    ).content.decode()
    assert GEHEIM in op_categorie and "Andere-tekst" not in op_categorie
    gezocht = als_coordinator.get(_url("index") + "?q=Andere-tekst").content.decode()
    assert "Andere-tekst" in gezocht and GEHEIM not in gezocht
    assert ander.pk


def test_triage_assigns_a_handler_links_a_theme_and_mails_the_resident(
    als_coordinator, signaal, bewoner, coordinator_tanthof
):
    mail.outbox.clear()
    response = als_coordinator.post(
        _url("in_behandeling", signaal),
        {
            "behandelaar": coordinator_tanthof.pk,
            "programmathema": "Ontmoeten",
            "programma": "",
            "motivatie": "We-pakken-het-op",
            "notitie": "",
        },
    )
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == S.IN_BEHANDELING
    assert signaal.behandelaar == coordinator_tanthof
    assert signaal.programmathema == "Ontmoeten"
    overgang = _overgangen(signaal).get()
    assert overgang.naar == S.IN_BEHANDELING and overgang.door == coordinator_tanthof
    berichten = _mails_aan(bewoner.email)
    assert len(berichten) == 1 and "We-pakken-het-op" in berichten[0].body
    assert Email.objects.filter(sleutel__startswith=f"signaal-status:{overgang.pk}:").exists()


def test_forwarding_needs_the_partner_and_tells_the_resident(als_coordinator, signaal, bewoner):
    url = _url("doorsturen", signaal)
    response = als_coordinator.post(url, {"doorgestuurd_naar": " ", "motivatie": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND
    mail.outbox.clear()
    response = als_coordinator.post(
        url, {"doorgestuurd_naar": "Woonbron", "motivatie": "", "notitie": "Dossier 12"}
    )
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == S.DOORGESTUURD and signaal.doorgestuurd_naar == "Woonbron"
    assert _overgangen(signaal).get().notitie == "Dossier 12"
    berichten = _mails_aan(bewoner.email)
    assert len(berichten) == 1 and "Woonbron" in berichten[0].body
    assert "Dossier 12" not in berichten[0].body  # the internal note stays inside


def test_linking_a_programme_theme_keeps_the_status_and_sends_no_mail(
    als_coordinator, signaal, tanthof
):
    programma = Page.objects.filter(
        content_type__app_label="cms", content_type__model="wijkprogrammapage", live=True
    ).first()
    assert programma is not None  # the demo's district programmes
    formulier = als_coordinator.get(_url("koppelen", signaal)).content.decode()
    assert programma.title in formulier
    mail.outbox.clear()
    response = als_coordinator.post(
        _url("koppelen", signaal),
        {"programmathema": "Samen-in-de-buurt", "programma": programma.pk, "notitie": ""},
    )
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND
    assert signaal.programmathema == "Samen-in-de-buurt" and signaal.programma_id == programma.pk
    assert not _overgangen(signaal).exists()
    assert not mail.outbox
    assert "Samen-in-de-buurt" in Notitie.objects.voor(signaal).get().tekst


def test_linking_needs_a_theme_or_a_programme(als_coordinator, signaal):
    response = als_coordinator.post(
        _url("koppelen", signaal), {"programmathema": "", "programma": ""}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Notitie.objects.voor(signaal).exists()


def test_a_page_that_is_not_a_programme_cannot_be_linked(signaal, coordinator_tanthof):
    geen_programma = Page.objects.filter(depth=2).first()
    with pytest.raises(besluiten.BesluitFout):
        besluiten.koppel_programmathema(
            signaal, door=coordinator_tanthof, programmathema="x", programma=geen_programma
        )


def test_closing_needs_a_reply_which_the_resident_gets(als_coordinator, signaal, bewoner):
    url = _url("afsluiten", signaal)
    assert als_coordinator.post(url, {"antwoord": ""}).status_code == 200
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND
    mail.outbox.clear()
    response = als_coordinator.post(url, {"antwoord": "Het-antwoord-voor-de-bewoner"})
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == S.AFGESLOTEN
    assert signaal.antwoord == "Het-antwoord-voor-de-bewoner"
    berichten = _mails_aan(bewoner.email)
    assert len(berichten) == 1
    assert "Het-antwoord-voor-de-bewoner" in berichten[0].body
    assert reverse("signalen:mijn") in berichten[0].body


def test_a_closed_signal_is_reopened_not_taken_into_handling(
    als_coordinator, signaal, coordinator_tanthof, bewoner
):
    besluiten.afsluiten(signaal, door=coordinator_tanthof, antwoord="Klaar")
    detail = als_coordinator.get(_url("inspect", signaal)).content.decode()
    assert _url("heropenen", signaal) in detail
    assert _url("in_behandeling", signaal) not in detail
    assert _url("koppelen", signaal) not in detail
    # Taking a closed signal into handling is refused (back to the detail screen).
    response = als_coordinator.post(
        _url("in_behandeling", signaal), {"behandelaar": coordinator_tanthof.pk}
    )
    assert response.status_code == 302 and response["Location"] == _url("inspect", signaal)
    mail.outbox.clear()
    response = als_coordinator.post(
        _url("heropenen", signaal), {"behandelaar": coordinator_tanthof.pk, "motivatie": ""}
    )
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == S.IN_BEHANDELING
    assert len(_mails_aan(bewoner.email)) == 1
    assert (
        _url("heropenen", signaal)
        not in als_coordinator.get(_url("inspect", signaal)).content.decode()
    )


def test_an_open_signal_cannot_be_reopened(signaal, coordinator_tanthof):
    with pytest.raises(besluiten.BesluitFout):
        besluiten.heropenen(signaal, door=coordinator_tanthof)
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND


def test_the_domain_functions_check_the_district(signaal, coordinator_buitenhof):
    for functie, kwargs in (
        (besluiten.in_behandeling_nemen, {}),
        (besluiten.doorsturen, {"doorgestuurd_naar": "Woonbron"}),
        (besluiten.afsluiten, {"antwoord": "x"}),
        (besluiten.koppel_programmathema, {"programmathema": "x"}),
        (besluiten.toon_melder, {"reden": "x"}),
    ):
        with pytest.raises(besluiten.GeenBevoegdheid):
            functie(signaal, door=coordinator_buitenhof, **kwargs)
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND and not signaal.programmathema
    assert not _overgangen(signaal).exists() and not signaal.inzages.exists()


def test_a_handler_must_be_of_the_district(signaal, coordinator_tanthof, coordinator_buitenhof):
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.in_behandeling_nemen(
            signaal, door=coordinator_tanthof, behandelaar=coordinator_buitenhof
        )
    signaal.refresh_from_db()
    assert signaal.status == S.INGEDIEND


def test_an_anonymised_signal_is_handled_without_mail(signaal, coordinator_tanthof):
    Signaal.objects.filter(pk=signaal.pk).update(bewoner=None)
    signaal.refresh_from_db()
    mail.outbox.clear()
    besluiten.afsluiten(signaal, door=coordinator_tanthof, antwoord="Klaar")
    assert not mail.outbox


def test_the_dashboard_counts_the_open_signals_per_district(
    client, signaal, coordinator_tanthof, coordinator_buitenhof, wachtwoord
):
    tanthof = signalen_viewset.tellingen(coordinator_tanthof)
    assert tanthof["statussen"][0]["aantal"] == 1
    assert tanthof["oudste"] == signaal
    buitenhof = signalen_viewset.tellingen(coordinator_buitenhof)
    assert all(s["aantal"] == 0 for s in buitenhof["statussen"])
    from tests.accounts.helpers import inloggen

    inloggen(client, coordinator_tanthof, wachtwoord)
    assert _url("index") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_administrator_reaches_every_district(client, beheerder, wachtwoord, signaal_buitenhof):
    from tests.accounts.helpers import inloggen

    inloggen(client, beheerder, wachtwoord)
    assert client.get(_url("inspect", signaal_buitenhof)).status_code == 200
