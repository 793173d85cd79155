"""Sending a signal: the form (category, text, a place or the district, a photo checked by its
content), the confirmation page, the receipt e-mail and the budget per account."""

from io import BytesIO

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image

from participatie.signalen.constants import SignaalStatus
from participatie.signalen.forms import FOTO_OPNIEUW
from participatie.signalen.models import Signaal
from portal.bijlagen.velden import GEEN_FOTO as _GEEN_FOTO
from portal.mail.models import Email
from tests.factories import BewonerFactory, SignaalCategorieFactory, punt_in_buurt

from .conftest import foto_upload, jpeg_met_exif

pytestmark = pytest.mark.django_db

URL = "/signaal/"
BUITEN_DELFT = ("52.370216", "4.895168")  # Amsterdam


def _nl(tekst) -> str:
    with translation.override("nl"):
        return translation.gettext(tekst) if isinstance(tekst, str) else str(tekst)


def _data(categorie, **extra):
    data = {"categorie": categorie.pk, "tekst": "Op het pleintje is het 's avonds onrustig."}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_url_is_fixed():
    assert reverse("signalen:nieuw") == URL
    assert reverse("signalen:mijn") == "/signaal/mijn/"


def test_anonymous_visitors_go_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(URL, {}).status_code == 302
    assert not Signaal.objects.exists()


def test_an_unverified_account_cannot_send(client, categorie, buurt_tanthof):
    client.force_login(BewonerFactory(geverifieerd=False))
    response = client.post(URL, _data(categorie, buurt=buurt_tanthof.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")
    assert not Signaal.objects.exists()


def test_the_form_offers_only_active_categories_with_visible_labels(als_bewoner, categorie):
    SignaalCategorieFactory(naam="Oude-categorie", actief=False)
    html = als_bewoner.get(URL).content.decode()
    assert "Overlast – Geluid, afval, rommel" in html
    assert "Oude-categorie" not in html
    for veld in ("id_tekst", "id_buurt", "id_wijk", "id_foto"):
        assert f'for="{veld}"' in html, veld
    assert "<legend" in html and 'id="id_categorie_0"' in html
    assert "data-locatiekiezer" in html and 'data-buurt-lijst="id_buurt"' in html
    assert "<script>" not in html and "style=" not in html  # strict CSP


def test_a_point_on_the_map_gives_neighbourhood_and_district(
    als_bewoner, bewoner, categorie, buurt_tanthof, tanthof
):
    lat, lon = punt_in_buurt(buurt_tanthof)
    response = als_bewoner.post(URL, _data(categorie, lat=str(lat), lon=str(lon)))
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert response.status_code == 302
    assert response["Location"] == reverse("signalen:verzonden", kwargs={"pk": signaal.pk})
    assert signaal.buurt == buurt_tanthof and signaal.wijk == tanthof
    assert (signaal.lat, signaal.lon) == (lat, lon)
    assert signaal.status == SignaalStatus.INGEDIEND
    assert signaal.categorie == categorie


def test_a_neighbourhood_from_the_list_gives_its_district(
    als_bewoner, bewoner, categorie, buurt_buitenhof, buitenhof
):
    assert als_bewoner.post(URL, _data(categorie, buurt=buurt_buitenhof.pk)).status_code == 302
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert signaal.buurt == buurt_buitenhof and signaal.wijk == buitenhof
    assert signaal.lat is None and signaal.lon is None


def test_without_a_place_the_district_is_enough(als_bewoner, bewoner, categorie, tanthof):
    assert als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk)).status_code == 302
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert signaal.wijk == tanthof and signaal.buurt is None


def test_without_a_place_or_district_the_district_is_asked_for(als_bewoner, categorie):
    response = als_bewoner.post(URL, _data(categorie))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_wijk"' in html and "data-error-summary" in html
    assert _nl("Choose the place on the map, a neighbourhood or the district it is about.") in html
    assert not Signaal.objects.exists()


def test_a_point_outside_delft_gets_a_dutch_error(als_bewoner, categorie):
    lat, lon = BUITEN_DELFT
    response = als_bewoner.post(URL, _data(categorie, lat=lat, lon=lon))
    assert response.status_code == 200
    html = response.content.decode()
    assert "buiten de gemeente Delft" in html
    assert 'href="#id_buurt"' in html
    assert not Signaal.objects.exists()


def test_category_and_text_are_required_and_linked_from_the_summary(als_bewoner, tanthof):
    response = als_bewoner.post(URL, {"wijk": tanthof.pk})
    html = response.content.decode()
    assert 'href="#id_categorie_0"' in html and 'href="#id_tekst"' in html
    assert 'aria-invalid="true"' in html


def test_the_text_is_at_most_2000_characters(als_bewoner, categorie, tanthof):
    response = als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk, tekst="x" * 2001))
    assert response.status_code == 200
    assert 'href="#id_tekst"' in response.content.decode()
    assert not Signaal.objects.exists()


def test_nothing_typed_is_lost_and_the_photo_must_be_chosen_again(als_bewoner, categorie):
    tekst = "Een tekst-die-terug-moet-komen"
    response = als_bewoner.post(
        URL, {"categorie": categorie.pk, "tekst": tekst, "foto": foto_upload()}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert tekst in html
    assert f'value="{categorie.pk}"' in html and "checked" in html
    assert _nl(FOTO_OPNIEUW) in html
    assert not Signaal.objects.exists()


def test_the_photo_is_stored_privately_without_its_metadata(
    als_bewoner, bewoner, categorie, tanthof
):
    origineel = jpeg_met_exif()
    response = als_bewoner.post(
        URL,
        _data(categorie, wijk=tanthof.pk, foto=SimpleUploadedFile("IMG_0001.jpg", origineel)),
    )
    assert response.status_code == 302
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert signaal.foto_mime == "image/jpeg"
    with signaal.foto.open("rb") as bestand:
        opgeslagen = bestand.read()
    beeld = Image.open(BytesIO(opgeslagen))
    assert beeld.format == "JPEG" and not beeld.getexif()
    assert b"Geheime Camera" not in opgeslagen
    assert "IMG_0001" not in signaal.foto.name
    with pytest.raises(Exception):  # noqa: B017 - private storage has no URL at all
        signaal.foto.url  # noqa: B018


@pytest.mark.parametrize(
    "inhoud",
    [b"<!DOCTYPE html><html><script>alert(1)</script></html>", b"%PDF-1.4\n%%EOF\n"],
    ids=["html", "pdf"],
)
def test_a_file_that_is_not_a_photo_is_refused(als_bewoner, categorie, tanthof, inhoud):
    response = als_bewoner.post(
        URL, _data(categorie, wijk=tanthof.pk, foto=SimpleUploadedFile("foto.jpg", inhoud))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_foto"' in html
    if inhoud.startswith(b"<"):
        assert _nl(_GEEN_FOTO) in html
    assert not Signaal.objects.exists()


def test_the_confirmation_page_says_what_happens_next(als_bewoner, bewoner, categorie, tanthof):
    response = als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert _nl("What happens next") in html
    assert reverse("signalen:mijn") in html
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert reverse("signalen:detail", kwargs={"pk": signaal.pk}) in html


def test_the_confirmation_page_is_for_the_sender_only(client, signaal, bewoner_b):
    client.force_login(bewoner_b)
    assert client.get(reverse("signalen:verzonden", kwargs={"pk": signaal.pk})).status_code == 404


def test_the_resident_gets_one_receipt_by_e_mail(als_bewoner, bewoner, categorie, tanthof):
    mail.outbox.clear()
    als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk))
    signaal = Signaal.objects.get(bewoner=bewoner)
    berichten = [m for m in mail.outbox if bewoner.email in m.to]
    assert len(berichten) == 1
    assert "Overlast" in berichten[0].body
    assert f"/signaal/{signaal.pk}/" in berichten[0].body
    assert Email.objects.filter(sleutel__startswith=f"signaal-ontvangen:{signaal.pk}:").count() == 1


def test_sending_has_a_budget_of_ten_per_hour_per_account(als_bewoner, categorie, tanthof):
    for _ in range(10):
        assert als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk)).status_code == 302
    response = als_bewoner.post(URL, _data(categorie, wijk=tanthof.pk))
    assert response.status_code == 429
    assert Signaal.objects.count() == 10


def test_an_unreadable_point_is_said_at_the_neighbourhood_list(als_bewoner, categorie):
    response = als_bewoner.post(URL, _data(categorie, lat="abc", lon="4.3"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_buurt"' in html
    assert _nl("The point on the map could not be read. Choose the place again.") in html
    assert not Signaal.objects.exists()


def test_an_unreadable_point_with_a_neighbourhood_uses_the_neighbourhood(
    als_bewoner, bewoner, categorie, buurt_tanthof
):
    response = als_bewoner.post(URL, _data(categorie, lat="52", lon="x", buurt=buurt_tanthof.pk))
    assert response.status_code == 302
    signaal = Signaal.objects.get(bewoner=bewoner)
    assert signaal.buurt == buurt_tanthof and signaal.lat is None
