"""The play-space map's item types in the one review queue: comments, defect reports, wishes.

Decisions through the queue's own screens, the dashboard counts, and the walk (tests/wandeling.py):
every URL of the three viewsets, taken from their own ``get_urlpatterns()``, requested as every
role that must not see a Tanthof item.
"""

from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext

import pytest

from participatie.wachtrij import Notitie
from participatie.wachtrij.models import Overgang
from portal.gebieden.models import Buurt
from speelkaart import besluiten
from speelkaart.admin_wachtrij import meldingen_viewset, opmerkingen_viewset, wensen_viewset
from speelkaart.constants import MeldingStatus, OpmerkingStatus, WensStatus
from speelkaart.models import Melding, Waardering, Wens
from tests.accounts.helpers import activeer_totp, inloggen
from tests.factories import MeldingFactory, SpeelplekFactory, WaarderingFactory, WensFactory
from tests.wandeling import (
    als_andere_wijk,
    dekt_de_resolver,
    geweigerd,
    inhoud,
    naar,
    wandel,
    wandel_urls,
)

pytestmark = pytest.mark.django_db

M, OPM, W = MeldingStatus, OpmerkingStatus, WensStatus
VIEWSETS = (opmerkingen_viewset, meldingen_viewset, wensen_viewset)
GEHEIM = "Geheim-Tanthof"
SCORES = {"speelwaarde": 4, "veiligheid": 4, "onderhoud": 4, "leeftijd": 4}
POST_DATA = {"behandelaar": "", "motivatie": "Lek?", "notitie": "Lek?", "tekst": "Lek?"}


@pytest.fixture
def speelplek(tanthof):
    return SpeelplekFactory(
        in_buurt=Buurt.objects.filter(wijk=tanthof).first(), naam=f"{GEHEIM}-speeltuin"
    )


@pytest.fixture
def items(speelplek, bewoner):
    """One waiting item of each type in Tanthof: {viewset name: item}."""
    return {
        opmerkingen_viewset.name: WaarderingFactory(
            met_opmerking=True, speelplek=speelplek, opmerking=f"{GEHEIM}-opmerking"
        ),
        meldingen_viewset.name: MeldingFactory(
            speelplek=speelplek, bewoner=bewoner, tekst=f"{GEHEIM}-melding"
        ),
        wensen_viewset.name: WensFactory(
            in_buurt=speelplek.buurt, bewoner=bewoner, titel=f"{GEHEIM}-wens"
        ),
    }


def _url(viewset, naam, item=None):
    return reverse(viewset.get_url_name(naam), args=[item.pk] if item is not None else None)


# --- Decisions through the queue ------------------------------------------------------------


def test_the_districts_coordinator_publishes_a_comment(
    client, coordinator_tanthof, wachtwoord, items
):
    waardering = items[opmerkingen_viewset.name]
    inloggen(client, coordinator_tanthof, wachtwoord)
    lijst = client.get(_url(opmerkingen_viewset, "index")).content.decode()
    assert f"{GEHEIM}-opmerking" in lijst
    detail = client.get(_url(opmerkingen_viewset, "inspect", waardering)).content.decode()
    assert f"{GEHEIM}-opmerking" in detail
    assert _url(opmerkingen_viewset, "publiceren", waardering) in detail
    assert waardering.bewoner.email not in detail  # moderation needs no name

    response = client.post(
        _url(opmerkingen_viewset, "publiceren", waardering), {"motivatie": "", "notitie": "Ok"}
    )
    assert response.status_code == 302
    waardering.refresh_from_db()
    assert waardering.opmerking_status == OPM.GEPUBLICEERD
    wijziging = Overgang.objects.get(object_id=waardering.pk, naar=OPM.GEPUBLICEERD)
    assert wijziging.door == coordinator_tanthof and wijziging.notitie == "Ok"
    # Published comments leave the waiting filter and show under "published".
    wachtend = client.get(_url(opmerkingen_viewset, "index") + "?opmerking_status=wacht")
    assert f"{GEHEIM}-opmerking" not in wachtend.content.decode()
    gepubliceerd = client.get(_url(opmerkingen_viewset, "index") + "?opmerking_status=gepubliceerd")
    assert f"{GEHEIM}-opmerking" in gepubliceerd.content.decode()


def test_the_history_does_not_name_the_resident(
    client, coordinator_tanthof, wachtwoord, speelplek, bewoner_b
):
    waardering = besluiten.bewaar_waardering(
        speelplek, bewoner_b, scores=SCORES, opmerking="Opmerking met geschiedenis"
    )
    inloggen(client, coordinator_tanthof, wachtwoord)
    html = client.get(_url(opmerkingen_viewset, "inspect", waardering)).content.decode()
    assert "Opmerking met geschiedenis" in html
    assert bewoner_b.email not in html and bewoner_b.get_full_name() not in html
    assert gettext("Resident") in html


def test_not_publishing_a_comment_needs_a_reason(client, coordinator_tanthof, wachtwoord, items):
    waardering = items[opmerkingen_viewset.name]
    inloggen(client, coordinator_tanthof, wachtwoord)
    url = _url(opmerkingen_viewset, "afwijzen", waardering)
    response = client.post(url, {"motivatie": "", "notitie": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    waardering.refresh_from_db()
    assert waardering.opmerking_status == OPM.WACHT
    client.post(url, {"motivatie": "Bevat een naam.", "notitie": ""})
    waardering.refresh_from_db()
    assert waardering.opmerking_status == OPM.AFGEWEZEN


def test_ratings_without_a_comment_are_not_in_the_queue(
    client, coordinator_tanthof, wachtwoord, speelplek
):
    zonder = WaarderingFactory(speelplek=speelplek)
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert client.get(_url(opmerkingen_viewset, "inspect", zonder)).status_code == 404


def test_a_report_is_taken_into_handling_and_resolved_with_an_email_each(
    client, coordinator_tanthof, wachtwoord, items, bewoner
):
    melding = items[meldingen_viewset.name]
    inloggen(client, coordinator_tanthof, wachtwoord)
    mail.outbox.clear()
    response = client.post(
        _url(meldingen_viewset, "in_behandeling", melding),
        {"behandelaar": coordinator_tanthof.pk, "motivatie": "", "notitie": ""},
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.status == M.IN_BEHANDELING and melding.behandelaar == coordinator_tanthof
    client.post(
        _url(meldingen_viewset, "oplossen", melding),
        {"motivatie": "Nieuwe glijbaan geplaatst.", "notitie": ""},
    )
    melding.refresh_from_db()
    assert melding.status == M.OPGELOST
    berichten = [m for m in mail.outbox if bewoner.email in m.to]
    assert len(berichten) == 2
    assert "Nieuwe glijbaan geplaatst." in berichten[-1].body


def test_the_report_detail_links_the_photo_view(client, coordinator_tanthof, wachtwoord, items):
    melding = items[meldingen_viewset.name]
    Melding.objects.filter(pk=melding.pk).update(foto="bijlagen/x.jpg", foto_mime="image/jpeg")
    inloggen(client, coordinator_tanthof, wachtwoord)
    html = client.get(_url(meldingen_viewset, "inspect", melding)).content.decode()
    assert reverse("speelkaart:melding_foto", kwargs={"pk": melding.pk}) in html
    assert f"{GEHEIM}-melding" in html
    assert melding.bewoner.email not in html


def test_a_wish_is_published_then_considered_then_realised(
    client, coordinator_tanthof, wachtwoord, items
):
    wens = items[wensen_viewset.name]
    inloggen(client, coordinator_tanthof, wachtwoord)
    for besluit, status in (
        ("publiceren", W.GEPUBLICEERD),
        ("in_behandeling", W.IN_BEHANDELING),
        ("gerealiseerd", W.GEREALISEERD),
    ):
        response = client.post(
            _url(wensen_viewset, besluit, wens), {"motivatie": "", "notitie": ""}
        )
        assert response.status_code == 302, besluit
        wens.refresh_from_db()
        assert wens.status == status


def test_a_decision_the_state_machine_does_not_allow_goes_back_to_the_detail(
    client, coordinator_tanthof, wachtwoord, items
):
    wens = items[wensen_viewset.name]
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.post(_url(wensen_viewset, "gerealiseerd", wens), {"motivatie": ""})
    assert response.status_code == 302
    assert response["Location"] == _url(wensen_viewset, "inspect", wens)
    wens.refresh_from_db()
    assert wens.status == W.INGEDIEND


def test_the_dashboard_counts_the_waiting_items_per_district(
    client, coordinator_tanthof, coordinator_buitenhof, wachtwoord, items
):
    for viewset in VIEWSETS:
        tanthof = viewset.tellingen(coordinator_tanthof)
        assert tanthof["statussen"][0]["aantal"] == 1, viewset.name
        assert tanthof["oudste"] is not None
        buitenhof = viewset.tellingen(coordinator_buitenhof)
        assert all(s["aantal"] == 0 for s in buitenhof["statussen"]), viewset.name
    inloggen(client, coordinator_tanthof, wachtwoord)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for viewset in VIEWSETS:
        assert _url(viewset, "index") in html


def test_an_administrator_reaches_every_district(client, beheerder, wachtwoord, items):
    inloggen(client, beheerder, wachtwoord)
    for viewset in VIEWSETS:
        item = items[viewset.name]
        assert client.get(_url(viewset, "inspect", item)).status_code == 200, viewset.name


# --- The walk -------------------------------------------------------------------------------


def _urls(items):
    return wandel_urls(VIEWSETS, lambda viewset: items[viewset.name])


def test_the_walk_covers_every_url_the_resolver_knows(items):
    dekt_de_resolver(VIEWSETS, _urls(items))


def _niets_veranderd(items):
    waardering = Waardering.objects.get(pk=items[opmerkingen_viewset.name].pk)
    melding = Melding.objects.get(pk=items[meldingen_viewset.name].pk)
    wens = Wens.objects.get(pk=items[wensen_viewset.name].pk)
    assert waardering.opmerking_status == OPM.WACHT
    assert melding.status == M.INGEDIEND and melding.behandelaar_id is None
    assert wens.status == W.INGEDIEND
    assert not Overgang.objects.exclude(naar=OPM.WACHT).exists()
    for item in (waardering, melding, wens):
        assert not Notitie.objects.voor(item).exists()


def _wandel(client, items, controleer):
    wandel(client, _urls(items), controleer, post_data=POST_DATA, minimum=30)
    _niets_veranderd(items)


def test_walk_coordinator_of_another_district(client, coordinator_buitenhof, wachtwoord, items):
    inloggen(client, coordinator_buitenhof, wachtwoord)
    client.raise_request_exception = False
    _wandel(client, items, als_andere_wijk(GEHEIM))


def test_walk_anonymous_goes_to_the_login(client, items):
    _wandel(client, items, naar(reverse("account_login")))


def test_walk_resident_has_no_access(client, bewoner_b, wachtwoord, items):
    client.post(reverse("account_login"), {"login": bewoner_b.email, "password": wachtwoord})
    assert "_auth_user_id" in client.session
    _wandel(client, items, naar(reverse("account_login"), GEHEIM))


def test_walk_editor_with_second_factor_is_refused(client, redacteur, wachtwoord, items):
    inloggen(client, redacteur, wachtwoord)
    _wandel(client, items, geweigerd(GEHEIM))


def test_walk_editor_without_second_factor_goes_to_mfa(client, redacteur, items):
    activeer_totp(redacteur)
    client.force_login(redacteur)  # password session, no second factor
    _wandel(client, items, naar(reverse("mfa_reauthenticate")))


def test_walk_district_coordinator_reaches_every_url(
    client, coordinator_tanthof, wachtwoord, items
):
    """The control: the same walk as the district's coordinator (GET only) finds each item."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    for viewset in VIEWSETS:
        item = items[viewset.name]
        mogelijk = {b.naam for b in viewset.mogelijke_besluiten(item)} | {
            "inspect",
            "notitie",
            "index",
            "index_results",
        }
        if viewset.is_toewijsbaar(item):
            mogelijk.add("toewijzen")
        for patroon in viewset.get_urlpatterns():
            naam = viewset.get_url_name(patroon.name)
            pad = reverse(naam, kwargs=dict.fromkeys(patroon.pattern.converters, item.pk))
            response = client.get(pad)
            if patroon.name in mogelijk:
                assert response.status_code == 200, (naam, response.status_code)
                if patroon.name in ("index", "inspect"):
                    assert GEHEIM in inhoud(response), naam
            else:
                assert response.status_code == 302, naam
                assert response["Location"] == _url(viewset, "inspect", item), naam
    _niets_veranderd(items)
