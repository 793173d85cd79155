"""Defect reports: the photo checked by its content, the district's queue, the resident's status
page and e-mail, and who may see the photo."""

from io import BytesIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image

from portal.bijlagen import controleer_bestand
from portal.bijlagen.velden import GEEN_FOTO as _GEEN_FOTO
from portal.gebieden.models import Buurt
from portal.mail.models import Email
from speelkaart import besluiten
from speelkaart.constants import MeldingStatus
from speelkaart.models import Melding
from tests.accounts.helpers import inloggen
from tests.factories import BewonerFactory, SpeelplekFactory

pytestmark = pytest.mark.django_db

M = MeldingStatus
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def speelplek(tanthof):
    return SpeelplekFactory(in_buurt=Buurt.objects.filter(wijk=tanthof).first())


@pytest.fixture
def als_bewoner(client, bewoner):
    client.force_login(bewoner)
    return client


def jpeg_met_exif() -> bytes:
    """A real JPEG whose EXIF holds a camera make and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Geheime Camera"  # Make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 0.0, 0.0), 3: "E", 4: (4.0, 21.0, 0.0)}
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _url(speelplek):
    return reverse("speelkaart:melden", kwargs={"slug": speelplek.slug})


def _meld(client, speelplek, foto=None, **velden):
    data = {"categorie": "kapot", "tekst": "De glijbaan heeft een scherpe rand.", **velden}
    if foto is not None:
        data["foto"] = foto
    return client.post(_url(speelplek), data)


def _nl(tekst) -> str:
    with translation.override("nl"):
        return str(tekst)


def _melding_met_foto(speelplek, bewoner) -> Melding:
    foto = controleer_bestand(SimpleUploadedFile("foto.jpg", jpeg_met_exif()))
    return besluiten.dien_melding_in(
        speelplek, bewoner, categorie="kapot", tekst="Scherpe rand.", foto=foto
    )


def test_a_report_with_a_photo_goes_to_the_district_without_the_photos_metadata(
    als_bewoner, bewoner, speelplek
):
    origineel = jpeg_met_exif()
    assert Image.open(BytesIO(origineel)).getexif()  # the test photo does carry EXIF
    response = _meld(als_bewoner, speelplek, SimpleUploadedFile("IMG_0001.jpg", origineel))
    assert response.status_code == 302
    assert response["Location"] == reverse("speelkaart:mijn_meldingen")
    melding = Melding.objects.get(bewoner=bewoner)
    assert melding.wijk == speelplek.wijk
    assert melding.status == M.INGEDIEND
    assert melding.foto_mime == "image/jpeg"
    with melding.foto.open("rb") as bestand:
        opgeslagen = bestand.read()
    assert opgeslagen != origineel
    beeld = Image.open(BytesIO(opgeslagen))
    assert beeld.format == "JPEG"
    assert not beeld.getexif()
    assert b"Geheime Camera" not in opgeslagen
    assert "IMG_0001" not in melding.foto.name  # stored under a random name


def test_a_report_without_a_photo(als_bewoner, bewoner, speelplek):
    assert _meld(als_bewoner, speelplek).status_code == 302
    melding = Melding.objects.get(bewoner=bewoner)
    assert not melding.foto and melding.foto_mime == ""


def test_a_fake_jpeg_is_refused_with_the_dutch_message(als_bewoner, speelplek):
    nep = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"geen plaatje" * 50)
    response = _meld(als_bewoner, speelplek, nep)
    assert response.status_code == 200
    html = response.content.decode()
    assert "De afbeelding kon niet worden gelezen." in html
    assert "data-error-summary" in html
    assert not Melding.objects.exists()


@pytest.mark.parametrize(
    "inhoud",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    ],
    ids=["html", "pdf"],
)
def test_a_file_that_is_not_a_photo_is_refused(als_bewoner, speelplek, inhoud):
    response = _meld(als_bewoner, speelplek, SimpleUploadedFile("foto.jpg", inhoud))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_foto"' in html
    if inhoud.startswith(b"<"):
        assert _nl(_GEEN_FOTO) in html
    assert not Melding.objects.exists()


def test_text_and_category_are_required(als_bewoner, speelplek):
    response = als_bewoner.post(_url(speelplek), {})
    html = response.content.decode()
    assert 'href="#id_categorie_0"' in html and 'href="#id_tekst"' in html
    assert not Melding.objects.exists()


def test_unverified_accounts_and_visitors_cannot_report(client, speelplek):
    assert _meld(client, speelplek)["Location"].startswith(reverse("account_login"))
    client.force_login(BewonerFactory(geverifieerd=False))
    assert _meld(client, speelplek)["Location"] == reverse("account_email")
    assert not Melding.objects.exists()


def test_the_resident_sees_the_status_in_mijn_meldingen(
    als_bewoner, bewoner, speelplek, coordinator_tanthof
):
    _meld(als_bewoner, speelplek)
    melding = Melding.objects.get(bewoner=bewoner)
    html = als_bewoner.get(reverse("speelkaart:mijn_meldingen")).content.decode()
    assert speelplek.naam in html
    assert _nl(M.INGEDIEND.label) in html

    besluiten.melding_oplossen(melding, door=coordinator_tanthof, motivatie="Rand is glad.")
    html = als_bewoner.get(reverse("speelkaart:mijn_meldingen")).content.decode()
    assert _nl(M.OPGELOST.label) in html
    assert "Rand is glad." in html


def test_another_residents_reports_are_not_listed(client, bewoner_b, speelplek, bewoner):
    besluiten.dien_melding_in(speelplek, bewoner, categorie="vuil", tekst="Glas-bewoner-a")
    client.force_login(bewoner_b)
    assert "Glas-bewoner-a" not in client.get(reverse("speelkaart:mijn_meldingen")).content.decode()


def test_a_status_change_mails_the_resident_once_even_when_planned_twice(
    bewoner, speelplek, coordinator_tanthof
):
    melding = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="Kapot.")
    mail.outbox.clear()
    wijziging = besluiten.melding_in_behandeling(
        melding, door=coordinator_tanthof, motivatie="We komen kijken."
    )
    assert besluiten.meld_bewoner(melding, wijziging) == []  # a retry plans nothing new
    berichten = [m for m in mail.outbox if bewoner.email in m.to]
    assert len(berichten) == 1
    assert Email.objects.filter(aan=bewoner.email).count() == 1
    bericht = berichten[0]
    assert "We komen kijken." in bericht.body
    assert speelplek.naam in bericht.body
    assert "http://testserver" + reverse("speelkaart:mijn_meldingen") in bericht.body
    assert "/admin/" not in bericht.body
    html = bericht.alternatives[0][0]
    assert "/admin/" not in html and "We komen kijken." in html
    melding.refresh_from_db()
    assert melding.status == M.IN_BEHANDELING and melding.behandelaar == coordinator_tanthof

    # The next transition is a new message.
    besluiten.melding_afwijzen(melding, door=coordinator_tanthof, motivatie="Niet van ons.")
    assert len([m for m in mail.outbox if bewoner.email in m.to]) == 2


def test_a_rejection_needs_a_reason(bewoner, speelplek, coordinator_tanthof):
    melding = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="Kapot.")
    with pytest.raises(besluiten.BesluitFout):
        besluiten.melding_afwijzen(melding, door=coordinator_tanthof, motivatie="  ")
    melding.refresh_from_db()
    assert melding.status == M.INGEDIEND


def test_a_coordinator_of_another_district_cannot_decide(bewoner, speelplek, coordinator_buitenhof):
    melding = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="Kapot.")
    with pytest.raises(besluiten.GeenBevoegdheid):
        besluiten.melding_oplossen(melding, door=coordinator_buitenhof)
    melding.refresh_from_db()
    assert melding.status == M.INGEDIEND


def test_the_photo_is_served_to_the_reporter_and_the_districts_staff_only(
    client, bewoner, bewoner_b, speelplek, coordinator_tanthof, coordinator_buitenhof, wachtwoord
):
    melding = _melding_met_foto(speelplek, bewoner)
    url = reverse("speelkaart:melding_foto", kwargs={"pk": melding.pk})

    client.force_login(bewoner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]

    client.force_login(bewoner_b)
    assert client.get(url).status_code == 404

    client.logout()
    assert client.get(url)["Location"].startswith(reverse("account_login"))

    inloggen(client, coordinator_buitenhof, wachtwoord)
    assert client.get(url).status_code == 404

    client.logout()
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert client.get(url).status_code == 200


def test_district_staff_need_a_second_factor_for_the_photo(client, bewoner, speelplek):
    from tests.factories import CoordinatorFactory

    melding = _melding_met_foto(speelplek, bewoner)
    coordinator = CoordinatorFactory(wijken=[speelplek.wijk])
    client.force_login(coordinator)  # a password session, no second factor
    response = client.get(reverse("speelkaart:melding_foto", kwargs={"pk": melding.pk}))
    assert response.status_code != 200


def test_a_report_without_photo_has_no_photo_url(client, bewoner, speelplek):
    melding = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="Kapot.")
    client.force_login(bewoner)
    url = reverse("speelkaart:melding_foto", kwargs={"pk": melding.pk})
    assert client.get(url).status_code == 404
