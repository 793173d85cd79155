"""Resident B never reaches resident A's application, its files or its edit URLs."""

from django.urls import reverse

import pytest

from participatie.models import Aanvraag

from .conftest import STAP4, dien_in, png_bestand, stap_url, start, vul_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanvraag_van_a(client, bewoner, straatfeest):
    client.force_login(bewoner)
    aanvraag = start(client, straatfeest)
    vul_in(client, aanvraag)
    client.post(
        stap_url(aanvraag, 4),
        {
            "bijlage_soort": "foto",
            "bijlage": png_bestand(),
            "bijlage_toevoegen": "1",
            **STAP4,
        },
    )
    client.logout()
    return aanvraag


def urls_van(aanvraag):
    bijlage = aanvraag.bijlagen.get()
    kw = {"pk": aanvraag.pk}
    return [
        ("get", reverse("participatie:detail", kwargs=kw)),
        ("get", stap_url(aanvraag, 1)),
        ("post", stap_url(aanvraag, 1)),
        ("get", reverse("participatie:controleren", kwargs=kw)),
        ("post", reverse("participatie:indienen", kwargs=kw)),
        ("get", reverse("participatie:intrekken", kwargs=kw)),
        ("post", reverse("participatie:intrekken", kwargs=kw)),
        ("get", reverse("participatie:aanpassen", kwargs=kw)),
        ("get", reverse("participatie:verantwoording", kwargs=kw)),
        ("get", bijlage.get_absolute_url()),
        (
            "post",
            reverse("participatie:bijlage_verwijderen", kwargs={**kw, "bijlage_pk": bijlage.pk}),
        ),
    ]


def test_resident_b_gets_404_on_every_url_of_as_application(client, aanvraag_van_a, bewoner_b):
    client.force_login(bewoner_b)
    for methode, url in urls_van(aanvraag_van_a):
        response = getattr(client, methode)(
            url, {"titel": "gekaapt", "sleutel": str(aanvraag_van_a.indien_sleutel)}
        )
        assert response.status_code == 404, (methode, url, response.status_code)
    aanvraag_van_a.refresh_from_db()
    assert aanvraag_van_a.titel != "gekaapt"
    assert aanvraag_van_a.bijlagen.count() == 1
    lijst = client.get(reverse("participatie:mijn_aanvragen")).content.decode()
    assert aanvraag_van_a.titel not in lijst


def test_the_owner_downloads_the_attachment_with_safe_headers(client, aanvraag_van_a, bewoner):
    client.force_login(bewoner)
    response = client.get(aanvraag_van_a.bijlagen.get().get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_attachment_files_are_not_under_a_public_url(aanvraag_van_a, settings):
    bijlage = aanvraag_van_a.bijlagen.get()
    pad = bijlage.bestand.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in pad
    assert str(settings.MEDIA_ROOT) not in pad and str(settings.STATIC_ROOT) not in pad
    assert "foto" not in pad.rsplit("/", 1)[-1]  # non-guessable name


def test_submitted_application_cannot_be_edited_through_the_steps(client, aanvraag_van_a, bewoner):
    client.force_login(bewoner)
    dien_in(client, aanvraag_van_a)
    assert client.post(stap_url(aanvraag_van_a, 1), {"titel": "Anders"}).status_code == 404
    assert Aanvraag.objects.get(pk=aanvraag_van_a.pk).titel != "Anders"


def test_staff_of_the_district_with_mfa_may_open_attachments_others_not(
    client, aanvraag_van_a, bewoner, coordinator_buitenhof, coordinator_tanthof, wachtwoord
):
    from tests.accounts.helpers import activeer_totp, totp_code

    client.force_login(bewoner)
    dien_in(client, aanvraag_van_a)  # a Voorhof application
    url = aanvraag_van_a.bijlagen.get().get_absolute_url()
    from portal.gebieden.models import Wijk

    Wijk.objects.get(slug="voorhof").coordinatoren.add(coordinator_buitenhof)
    for coordinator, verwacht in ((coordinator_tanthof, 404), (coordinator_buitenhof, 200)):
        client.logout()
        secret = activeer_totp(coordinator)
        client.post(reverse("account_login"), {"login": coordinator.email, "password": wachtwoord})
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert client.get(url).status_code == verwacht, coordinator
    # Without a second factor in the session, even the right coordinator is refused.
    client.logout()
    client.force_login(coordinator_buitenhof)
    assert client.get(url).status_code == 404


# --- Security review, finding 2: an unverified e-mail address cannot act -----------------------


@pytest.fixture
def onbevestigd_na_concept(client, aanvraag_van_a, bewoner):
    """A's address becomes unverified (e.g. an account an administrator made, or a login path
    that skipped verification); the session is still logged in."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=bewoner).update(verified=False)
    client.force_login(bewoner)
    return aanvraag_van_a


def test_an_unverified_account_cannot_start_an_application(client, bewoner, straatfeest):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=bewoner).update(verified=False)
    client.force_login(bewoner)
    voor = Aanvraag.objects.count()
    response = client.post(reverse("participatie:nieuw", kwargs={"regeling_pk": straatfeest.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")
    assert Aanvraag.objects.count() == voor


def test_an_unverified_account_cannot_save_or_submit(
    client, onbevestigd_na_concept, django_capture_on_commit_callbacks
):
    from django.core import mail

    aanvraag = onbevestigd_na_concept
    aanvraag.refresh_from_db()
    titel = aanvraag.titel
    assert titel
    with django_capture_on_commit_callbacks(execute=True):
        opslaan = client.post(stap_url(aanvraag, 1), {"titel": "Log in bij DigiD: evil.example"})
        indienen = dien_in(client, aanvraag)
    for response in (opslaan, indienen):
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email")
    aanvraag.refresh_from_db()
    assert aanvraag.titel == titel
    assert aanvraag.status == "concept"
    assert mail.outbox == []


def test_the_policy_narrows_every_instance_question_to_the_district(
    coordinator_tanthof, coordinator_buitenhof, tanthof
):
    from participatie.rechten import AanvraagPermissionPolicy
    from tests.factories import AanvraagFactory

    aanvraag = AanvraagFactory(
        ingediend=True, wijk=tanthof, buurt=tanthof.buurten.defer("grens").first()
    )
    beleid = AanvraagPermissionPolicy()
    assert beleid.user_has_permission_for_instance(coordinator_tanthof, "change", aanvraag)
    assert not beleid.user_has_permission_for_instance(coordinator_buitenhof, "change", aanvraag)
    assert not beleid.user_has_permission_for_instance(coordinator_buitenhof, "view", aanvraag)
