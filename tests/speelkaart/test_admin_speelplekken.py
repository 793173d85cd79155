"""Play spaces in the Wagtail admin (speelkaart/admin_speelplekken.py), scoped per district by
speelkaart/rechten_speelplek.py: a coordinator of Tanthof sees and edits Tanthof's play spaces
only, cannot reach a Buitenhof one by its id (every URL of the viewset, GET and POST) and cannot
move or add one into another district; an administrator has all districts; an editor has no
access; anonymous visitors go to the login.
"""

from decimal import Decimal

from django.urls import reverse

import pytest

from portal.gebieden.models import Buurt
from speelkaart.admin_speelplekken import speelplek_viewset
from speelkaart.models import Speelplek, SpeelplekFoto
from tests.accounts.helpers import inloggen
from tests.factories import SpeelplekFactory, punt_in_buurt

pytestmark = pytest.mark.django_db

TANTHOF_NAAM = "Testspeeltuin-van-Tanthof"
BUITENHOF_NAAM = "Geheime-Buitenhof-speeltuin"


def buurt_van(wijk) -> Buurt:
    return Buurt.objects.filter(wijk=wijk).exclude(grens={}).order_by("naam").first()


@pytest.fixture
def plek_tanthof(tanthof):
    return SpeelplekFactory(in_buurt=buurt_van(tanthof), naam=TANTHOF_NAAM, slug="tanthof-test")


@pytest.fixture
def plek_buitenhof(buitenhof):
    return SpeelplekFactory(
        in_buurt=buurt_van(buitenhof), naam=BUITENHOF_NAAM, slug="buitenhof-test"
    )


def url(naam: str, *args) -> str:
    return reverse(speelplek_viewset.get_url_name(naam), args=args)


def formulier(buurt, **velden) -> dict:
    """What the add/edit form posts for a play space at a point inside ``buurt``."""
    lat, lon = punt_in_buurt(buurt)
    return {
        "naam": "Testspeelplek uit het formulier",
        "soort": "speeltuin",
        "status": "open",
        "omschrijving": "",
        "lat": str(lat),
        "lon": str(lon),
        "voor_0_4": "on",
        "toestellen": "schommel",
        "beheerder": "Gemeente Delft",
        **velden,
    }


# --- The listing -----------------------------------------------------------------------------


def test_a_coordinator_lists_only_the_play_spaces_of_their_district(
    client, coordinator_tanthof, wachtwoord, plek_tanthof, plek_buitenhof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    for naam in ("index", "index_results"):
        response = client.get(url(naam))
        assert response.status_code == 200
        html = response.content.decode()
        assert TANTHOF_NAAM in html
        assert BUITENHOF_NAAM not in html
    # Filtering by another district does not open it either.
    response = client.get(url("index_results"), {"wijk": plek_buitenhof.wijk_id})
    assert BUITENHOF_NAAM not in response.content.decode()


def test_the_listing_filters_and_searches(
    client, beheerder, wachtwoord, plek_tanthof, plek_buitenhof
):
    inloggen(client, beheerder, wachtwoord)
    html = client.get(url("index_results"), {"wijk": plek_tanthof.wijk_id}).content.decode()
    assert TANTHOF_NAAM in html and BUITENHOF_NAAM not in html
    html = client.get(url("index_results"), {"q": "Geheime-Buitenhof"}).content.decode()
    assert BUITENHOF_NAAM in html and TANTHOF_NAAM not in html
    Speelplek.objects.filter(pk=plek_tanthof.pk).update(soort="skatebaan", status="gepland")
    html = client.get(url("index_results"), {"soort": "skatebaan"}).content.decode()
    assert TANTHOF_NAAM in html and BUITENHOF_NAAM not in html
    html = client.get(url("index_results"), {"status": "open"}).content.decode()
    assert BUITENHOF_NAAM in html and TANTHOF_NAAM not in html


def test_an_administrator_lists_every_district(
    client, beheerder, wachtwoord, plek_tanthof, plek_buitenhof
):
    inloggen(client, beheerder, wachtwoord)
    html = client.get(url("index")).content.decode()
    assert TANTHOF_NAAM in html and BUITENHOF_NAAM in html


# --- Another district's play space, by its id ------------------------------------------------


def _object_urls(pk):
    """Every URL of the viewset that names a play space, from its own patterns."""
    urls = []
    for patroon in speelplek_viewset.get_urlpatterns():
        if "pk" in patroon.pattern.converters:
            urls.append(
                (patroon.name, reverse(speelplek_viewset.get_url_name(patroon.name), args=[pk]))
            )
    return urls


def test_the_walk_covers_edit_delete_and_history():
    namen = {naam for naam, _url in _object_urls(1)}
    assert {"edit", "delete", "history", "history_results", "usage"} <= namen


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_coordinator_cannot_reach_another_districts_play_space(
    client, coordinator_tanthof, wachtwoord, plek_buitenhof, methode
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    client.raise_request_exception = False
    data = formulier(plek_buitenhof.buurt, naam="Overgenomen")
    for naam, pad in _object_urls(plek_buitenhof.pk):
        response = getattr(client, methode)(pad, data) if methode == "post" else client.get(pad)
        assert response.status_code in (403, 404), (naam, response.status_code)
        assert BUITENHOF_NAAM not in response.content.decode(), naam
    assert Speelplek.objects.filter(pk=plek_buitenhof.pk, naam=BUITENHOF_NAAM).exists()


def test_another_districts_edit_url_answers_404_like_a_missing_id(
    client, coordinator_tanthof, wachtwoord, plek_buitenhof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert client.get(url("edit", plek_buitenhof.pk)).status_code == 404
    assert client.get(url("edit", 999_999_999)).status_code == 404


# --- Editing and adding ----------------------------------------------------------------------


def test_a_coordinator_edits_a_play_space_of_their_district(
    client, coordinator_tanthof, wachtwoord, plek_tanthof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    pagina = client.get(url("edit", plek_tanthof.pk))
    assert pagina.status_code == 200

    response = client.post(
        url("edit", plek_tanthof.pk), formulier(plek_tanthof.buurt, naam="Nieuwe naam")
    )

    assert response.status_code == 302
    plek_tanthof.refresh_from_db()
    assert plek_tanthof.naam == "Nieuwe naam"
    assert plek_tanthof.slug == "tanthof-test"  # kept: the public URL stays
    assert plek_tanthof.voor_0_4 and not plek_tanthof.voor_4_8


def test_a_coordinator_cannot_move_a_play_space_into_another_district(
    client, coordinator_tanthof, wachtwoord, plek_tanthof, buitenhof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    buurt = buurt_van(buitenhof)

    response = client.post(url("edit", plek_tanthof.pk), formulier(buurt))

    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert "lat" in fouten
    assert buurt.naam in fouten["lat"][0] and "Buitenhof" in fouten["lat"][0]
    plek_tanthof.refresh_from_db()
    assert plek_tanthof.wijk.slug == "tanthof"


def test_a_coordinator_adds_a_play_space_in_their_district_but_not_elsewhere(
    client, coordinator_tanthof, wachtwoord, tanthof, buitenhof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert client.get(url("add")).status_code == 200

    response = client.post(url("add"), formulier(buurt_van(buitenhof), naam="Buiten mijn wijk"))
    assert response.status_code == 200
    assert "lat" in response.context["form"].errors
    assert not Speelplek.objects.filter(naam="Buiten mijn wijk").exists()

    response = client.post(url("add"), formulier(buurt_van(tanthof), naam="Speeltuin Tanthof"))
    assert response.status_code == 302
    plek = Speelplek.objects.get(naam="Speeltuin Tanthof")
    assert (plek.wijk, plek.slug, plek.bron) == (tanthof, "speeltuin-tanthof", "handmatig")


def test_a_point_outside_delft_is_refused_once(client, beheerder, wachtwoord, plek_tanthof):
    inloggen(client, beheerder, wachtwoord)
    data = formulier(plek_tanthof.buurt, lat="51.922500", lon="4.479170")

    response = client.post(url("edit", plek_tanthof.pk), data)

    assert response.status_code == 200
    assert response.context["form"].errors["lat"] == [
        "Deze locatie ligt buiten de gemeente Delft. Kies een plek in Delft."
    ]


def test_a_coordinator_may_not_delete(client, coordinator_tanthof, wachtwoord, plek_tanthof):
    """The role has no delete permission: Wagtail refuses with its "no permission" redirect to
    the dashboard (its admin views turn PermissionDenied into that)."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    for methode in (client.get, client.post):
        response = methode(url("delete", plek_tanthof.pk))
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert Speelplek.objects.filter(pk=plek_tanthof.pk).exists()


def test_an_administrator_edits_and_deletes_in_any_district(
    client, beheerder, wachtwoord, plek_buitenhof, tanthof
):
    inloggen(client, beheerder, wachtwoord)
    # Moving a play space to another district is fine for those who act for every district.
    response = client.post(url("edit", plek_buitenhof.pk), formulier(buurt_van(tanthof)))
    assert response.status_code == 302
    plek_buitenhof.refresh_from_db()
    assert plek_buitenhof.wijk == tanthof

    assert client.post(url("delete", plek_buitenhof.pk)).status_code == 302
    assert not Speelplek.objects.filter(pk=plek_buitenhof.pk).exists()


# --- Other roles -----------------------------------------------------------------------------


def test_an_editor_is_refused(client, redacteur, wachtwoord, plek_tanthof):
    inloggen(client, redacteur, wachtwoord)
    for pad in (url("index"), url("add"), url("edit", plek_tanthof.pk)):
        assert client.get(pad).status_code == 403, pad
    assert (
        client.post(url("edit", plek_tanthof.pk), formulier(plek_tanthof.buurt)).status_code == 403
    )
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_anonymous_visitors_go_to_the_login(client, plek_tanthof):
    for pad in (url("index"), url("edit", plek_tanthof.pk)):
        response = client.get(pad)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# --- The form's location picker and photos ---------------------------------------------------


def test_the_form_has_the_location_picker_on_the_coordinators_districts(
    client, coordinator_tanthof, wachtwoord, plek_tanthof
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    html = client.get(url("edit", plek_tanthof.pk)).content.decode()

    assert "data-locatiekiezer" in html
    assert 'data-lat-input="id_lat" data-lon-input="id_lon"' in html
    assert 'data-wijken="tanthof"' in html
    assert "js/locatiekiezer" in html and "leaflet/leaflet" in html
    assert "data-marker-icon=" in html  # leaflet-nl.js finds the hashed marker images
    # The saved point's neighbourhood is named without a request.
    assert f"buurt {plek_tanthof.buurt.naam} (wijk Tanthof)" in html


def test_without_image_rights_the_photos_are_not_offered_and_stay(
    client, coordinator_tanthof, wachtwoord, plek_tanthof, settings, tmp_path
):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    beeld = get_image_model().objects.create(
        title="Testfoto", file=ImageFile(buffer, name="testfoto.png")
    )
    SpeelplekFoto.objects.create(speelplek=plek_tanthof, afbeelding=beeld, alt_tekst="Een schommel")
    inloggen(client, coordinator_tanthof, wachtwoord)

    html = client.get(url("edit", plek_tanthof.pk)).content.decode()
    assert "fotos-TOTAL_FORMS" not in html
    response = client.post(url("edit", plek_tanthof.pk), formulier(plek_tanthof.buurt))

    assert response.status_code == 302
    assert plek_tanthof.fotos.count() == 1


def test_with_image_rights_the_photos_need_an_alt_text(
    client, coordinator_tanthof, wachtwoord, plek_tanthof
):
    coordinator_tanthof.is_superuser = True  # has the image chooser
    coordinator_tanthof.save(update_fields=["is_superuser"])
    inloggen(client, coordinator_tanthof, wachtwoord)
    assert "fotos-TOTAL_FORMS" in client.get(url("edit", plek_tanthof.pk)).content.decode()

    data = formulier(plek_tanthof.buurt)
    data.update(
        {
            "fotos-TOTAL_FORMS": "1",
            "fotos-INITIAL_FORMS": "0",
            "fotos-MIN_NUM_FORMS": "0",
            "fotos-MAX_NUM_FORMS": "1000",
            "fotos-0-afbeelding": "",
            "fotos-0-alt_tekst": "",
            "fotos-0-ORDER": "1",
        }
    )
    response = client.post(url("edit", plek_tanthof.pk), data)

    assert response.status_code == 200
    fotoformulier = response.context["form"].formsets["fotos"].forms[0]
    assert "alt_tekst" in fotoformulier.errors


def test_decimal_points_round_trip_through_the_form(client, beheerder, wachtwoord, plek_tanthof):
    inloggen(client, beheerder, wachtwoord)
    lat, lon = punt_in_buurt(plek_tanthof.buurt)
    client.post(url("edit", plek_tanthof.pk), formulier(plek_tanthof.buurt))
    plek_tanthof.refresh_from_db()
    assert (plek_tanthof.lat, plek_tanthof.lon) == (Decimal(lat), Decimal(lon))
