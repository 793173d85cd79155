"""Anonymous consultations: a response counts only after the link in its e-mail; one response
per e-mail address, without revealing on screen whether an address responded before; the
link's holder may change the response until closing."""

import re
import time
from datetime import timedelta
from html import unescape
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from participatie.models import Reactie
from participatie.raadplegingen import reacties
from participatie.raadplegingen.constants import ReactieStatus
from tests.accounts.helpers import link_uit_mail
from tests.factories import RaadplegingFactory

from .test_reageren import VOLLEDIG, nl

pytestmark = pytest.mark.django_db

ADRES = "Buurvrouw@Example.org"


@pytest.fixture
def raadpleging(db):
    return RaadplegingFactory(anoniem=True)


def url(raadpleging) -> str:
    return reverse("raadplegingen:detail", kwargs={"slug": raadpleging.slug})


def stuur(client, raadpleging, email=ADRES, **velden):
    data = {**VOLLEDIG, "email": email, **velden, "actie": "versturen"}
    return client.post(url(raadpleging), {k: v for k, v in data.items() if v is not None})


def mails_aan(adres):
    return [m for m in mail.outbox if adres in m.to]


def hoofdinhoud(response) -> str:
    pagina = unescape(response.content.decode())
    return pagina[pagina.index("<main") : pagina.index("</main>")]


def test_a_new_anonymous_response_waits_for_the_link_and_is_not_counted(client, raadpleging):
    pagina = unescape(client.get(url(raadpleging)).content.decode())
    assert 'name="email"' in pagina
    response = stuur(client, raadpleging)
    assert response.status_code == 200
    assert nl("Check your e-mail") in hoofdinhoud(response)
    reactie = Reactie.objects.get(raadpleging=raadpleging)
    assert reactie.status == ReactieStatus.TE_BEVESTIGEN and reactie.bewoner is None
    assert reactie.email_sleutel == reacties.email_sleutel("buurvrouw@example.org")
    assert len(reactie.email_sleutel) == 64 and "example" not in reactie.email_sleutel
    assert reactie.antwoorden.count() == 8 and not reactie.antwoorden.filter(geteld=True).exists()
    (bericht,) = mails_aan(ADRES)
    assert "/raadplegingen/bevestigen/" in link_uit_mail(bericht)


def test_following_the_link_counts_the_response_sends_the_receipt_and_allows_changes(
    client, raadpleging
):
    stuur(client, raadpleging)
    link = link_uit_mail(mails_aan(ADRES)[0])
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == url(raadpleging)
    reactie = Reactie.objects.get(raadpleging=raadpleging)
    assert reactie.status == ReactieStatus.INGEDIEND and reactie.ingediend_op is not None
    assert not reactie.antwoorden.filter(geteld=False).exists()
    ontvangst = mails_aan(ADRES)[-1]
    assert "Meer bankjes bij het buurthuis." in ontvangst.body
    # The session now holds the response: prefilled, no address asked, and it can change.
    pagina = unescape(client.get(url(raadpleging)).content.decode())
    assert 'name="email"' not in pagina and "Meer bankjes bij het buurthuis.</textarea>" in pagina
    response = client.post(url(raadpleging), {**VOLLEDIG, "v_v-enkel": "Nee", "actie": "versturen"})
    assert response.status_code == 302
    assert (
        Reactie.objects.get(raadpleging=raadpleging).antwoorden.get(vraag="v-enkel").keuze == "Nee"
    )
    assert Reactie.objects.filter(raadpleging=raadpleging).count() == 1
    # Following the link again changes nothing and counts nothing twice.
    assert client.get(link).status_code == 302
    assert Reactie.objects.get(raadpleging=raadpleging).status == ReactieStatus.INGEDIEND


def test_a_second_response_from_the_same_address_reveals_nothing_and_mails_a_change_link(
    client, raadpleging
):
    eerste = hoofdinhoud(stuur(client, raadpleging))
    tweede = stuur(
        client, raadpleging, email="  buurvrouw@example.ORG ", **{"v_v-open": "Iets anders."}
    )
    assert hoofdinhoud(tweede) == eerste  # the same page: nothing revealed
    reactie = Reactie.objects.get(raadpleging=raadpleging)  # still one
    assert reactie.antwoorden.get(soort="open").tekst == "Meer bankjes bij het buurthuis."
    wijzig = mails_aan("buurvrouw@example.ORG")[-1]
    link = link_uit_mail(wijzig)
    assert client.get(link).status_code == 302
    # A change link does not confirm by itself; sending from the page does.
    assert Reactie.objects.get(pk=reactie.pk).status == ReactieStatus.TE_BEVESTIGEN
    client.post(url(raadpleging), {**VOLLEDIG, "actie": "versturen"})
    assert Reactie.objects.get(pk=reactie.pk).status == ReactieStatus.INGEDIEND


def test_the_change_link_is_mailed_at_most_once_an_hour(client, raadpleging):
    stuur(client, raadpleging)
    for _ in range(3):
        stuur(client, raadpleging)
    assert len(mails_aan(ADRES)) == 2  # the confirmation and one change link


@pytest.mark.parametrize("knoei", ["kapot", "verlopen", "andere_sleutel"])
def test_a_wrong_or_expired_link_changes_nothing_and_says_so(client, raadpleging, knoei):
    stuur(client, raadpleging)
    reactie = Reactie.objects.get(raadpleging=raadpleging)
    if knoei == "kapot":
        link = link_uit_mail(mails_aan(ADRES)[0])[:-3] + "xyz/"
    elif knoei == "verlopen":
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * 86400):
            link = reacties.link_voor(reactie, reacties.BEVESTIGEN)
    else:
        reactie.email_sleutel = reacties.email_sleutel("iemand.anders@example.org")
        link = reacties.link_voor(reactie, reacties.BEVESTIGEN)
    response = client.get(link.replace("http://testserver", ""))
    assert response.status_code == 400
    assert nl("This link does not work") in hoofdinhoud(response)
    assert Reactie.objects.get(pk=reactie.pk).status == ReactieStatus.TE_BEVESTIGEN


def test_a_link_followed_after_closing_does_not_count_the_response(client, raadpleging):
    stuur(client, raadpleging)
    link = link_uit_mail(mails_aan(ADRES)[0])
    raadpleging.sluit_op = timezone.now() - timedelta(minutes=1)
    raadpleging.save()
    response = client.get(link)
    assert response.status_code == 200
    assert nl("This consultation is closed") in hoofdinhoud(response)
    assert Reactie.objects.get(raadpleging=raadpleging).status == ReactieStatus.TE_BEVESTIGEN


def test_a_logged_in_resident_responds_with_the_account_without_an_address(
    client, bewoner, raadpleging
):
    client.force_login(bewoner)
    assert 'name="email"' not in client.get(url(raadpleging)).content.decode()
    response = client.post(url(raadpleging), {**VOLLEDIG, "actie": "versturen"})
    assert response.status_code == 302
    reactie = Reactie.objects.get(raadpleging=raadpleging)
    assert reactie.bewoner == bewoner and reactie.email_sleutel == ""
    assert reactie.status == ReactieStatus.INGEDIEND


def test_the_address_is_required_and_checked(client, raadpleging):
    pagina = hoofdinhoud(stuur(client, raadpleging, email=""))
    assert nl("Enter your e-mail address.") in pagina
    pagina = hoofdinhoud(stuur(client, raadpleging, email="geen-adres"))
    assert nl("Enter a valid e-mail address, like name@example.nl.") in pagina
    assert not Reactie.objects.exists() and not mail.outbox


def test_the_session_of_one_response_does_not_open_another_consultation(client, raadpleging):
    stuur(client, raadpleging)
    client.get(link_uit_mail(mails_aan(ADRES)[0]))
    andere = RaadplegingFactory(anoniem=True)
    pagina = client.get(url(andere)).content.decode()
    assert 'name="email"' in pagina and "Meer bankjes" not in pagina


def test_anonymous_posts_have_their_own_budget_per_address(client, raadpleging, settings):
    settings.THROTTLE_POST_PER_IP = ""  # only the consultation's own budget
    for _ in range(20):
        assert stuur(client, raadpleging, email="").status_code == 200
    assert stuur(client, raadpleging, email="").status_code == 429


def test_the_confirmation_mail_carries_no_answers_and_the_receipt_no_other_data(
    client, raadpleging
):
    stuur(client, raadpleging)
    bevestiging = mails_aan(ADRES)[0]
    assert "Meer bankjes" not in bevestiging.body
    client.get(link_uit_mail(bevestiging))
    ontvangst = mails_aan(ADRES)[-1]
    assert re.search(r"/raadplegingen/bevestigen/\S+", ontvangst.body)  # its change link
    assert ADRES not in ontvangst.body
