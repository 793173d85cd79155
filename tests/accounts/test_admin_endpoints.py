"""Wagtail admin endpoints are reachable only for the roles that need them (finding 5).

A coordinator has only ``wagtailadmin.access_admin``: the dashboard yes, but no page chooser
(page titles), no image/document listings, no site history, no workflow task chooser. Editors
keep the choosers they edit pages with. The rules live in ``portal.accounts.adminrechten``.
"""

from fnmatch import fnmatchcase
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

import pytest
from PIL import Image as PILImage

from cms.models import ContentPage, RegelingPage
from portal.accounts.adminrechten import REGELS

from .helpers import inloggen

pytestmark = pytest.mark.django_db

GEHEIM_BEELD = "Beeld-titel-voor-de-rechtentest"
GEHEIM_DOCUMENT = "Document-titel-voor-de-rechtentest"


@pytest.fixture
def media(settings, tmp_path):
    """One image and one document in the root collection, so listings have something to leak."""
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    collectie = Collection.get_first_root_node()
    beeld = get_image_model().objects.create(
        title=GEHEIM_BEELD, file=ImageFile(buffer, name="rechtentest.png"), collection=collectie
    )
    document = get_document_model().objects.create(
        title=GEHEIM_DOCUMENT,
        file=ContentFile(b"%PDF-1.4\n", name="rechtentest.pdf"),
        collection=collectie,
    )
    return beeld, document


def _home():
    return Page.objects.get(depth=2)


# id → (URL name, function giving the URL arguments or None, query string)
ENDPOINTS = {
    "page_chooser": ("wagtailadmin_choose_page", None, ""),
    "page_chooser_child": ("wagtailadmin_choose_page_child", lambda: [_home().pk], ""),
    "page_chooser_search": ("wagtailadmin_choose_page_search", None, "?q=verklaring"),
    "page_chooser_external_link": ("wagtailadmin_choose_page_external_link", None, ""),
    "page_chooser_email_link": ("wagtailadmin_choose_page_email_link", None, ""),
    "page_chooser_phone_link": ("wagtailadmin_choose_page_phone_link", None, ""),
    "page_chooser_anchor_link": ("wagtailadmin_choose_page_anchor_link", None, ""),
    "api_pages": ("wagtailadmin_api:pages:listing", None, ""),
    "api_page_detail": ("wagtailadmin_api:pages:detail", lambda: [_home().pk], ""),
    "api_images": ("wagtailadmin_api:images:listing", None, ""),
    "api_documents": ("wagtailadmin_api:documents:listing", None, ""),
    "image_chooser": ("wagtailimages_chooser:choose", None, ""),
    "image_chooser_results": ("wagtailimages_chooser:choose_results", None, "?q=rechtentest"),
    "document_chooser": ("wagtaildocs_chooser:choose", None, ""),
    "document_chooser_results": ("wagtaildocs_chooser:choose_results", None, "?q=rechtentest"),
    "scheme_chooser": ("wagtailsnippetchoosers_participatie_regeling:choose", None, ""),
    "district_chooser": ("wagtailsnippetchoosers_gebieden_wijk:choose", None, ""),
    "tag_autocomplete": ("wagtailadmin_tag_autocomplete", None, "?term=a"),
    "embed_chooser": ("wagtailembeds:chooser", None, ""),
    "site_history": ("wagtailadmin_reports:site_history", None, ""),
    "site_history_results": ("wagtailadmin_reports:site_history_results", None, ""),
    "workflow_report": ("wagtailadmin_reports:workflow", None, ""),
    "workflow_tasks_report": ("wagtailadmin_reports:workflow_tasks", None, ""),
    "task_chooser": ("wagtailadmin_workflows:task_chooser", None, ""),
    "task_chooser_results": ("wagtailadmin_workflows:task_chooser_results", None, ""),
    "page_explorer": ("wagtailadmin_explore_root", None, ""),
}

# What an editor (Redacteur) needs to edit pages and media: 200. The rest of ENDPOINTS (site
# history, the workflow task chooser): 403.
NODIG_VOOR_REDACTEUR = {
    "page_chooser",
    "page_chooser_child",
    "page_chooser_search",
    "page_chooser_external_link",
    "page_chooser_email_link",
    "page_chooser_phone_link",
    "page_chooser_anchor_link",
    "api_pages",
    "api_page_detail",
    "api_images",
    "api_documents",
    "image_chooser",
    "image_chooser_results",
    "document_chooser",
    "document_chooser_results",
    "scheme_chooser",
    "district_chooser",
    "tag_autocomplete",
    "embed_chooser",
    "workflow_report",
    "workflow_tasks_report",
    "page_explorer",
}


def url_van(sleutel):
    naam, args, query = ENDPOINTS[sleutel]
    return reverse(naam, args=args() if args else None) + query


def is_projectfoutpagina(response):
    return response.status_code == 403 and any(t.name == "403.html" for t in response.templates)


@pytest.mark.parametrize("sleutel", sorted(ENDPOINTS))
def test_coordinator_is_refused_restricted_endpoint(
    client, coordinator_tanthof, wachtwoord, media, sleutel
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.get(url_van(sleutel))
    assert is_projectfoutpagina(response), response.status_code
    inhoud = response.content.decode()
    assert GEHEIM_BEELD not in inhoud
    assert GEHEIM_DOCUMENT not in inhoud


def test_coordinator_cannot_post_to_a_link_chooser_either(client, coordinator_tanthof, wachtwoord):
    """The external-link chooser answers a posted URL with the page it belongs to."""
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.post(
        url_van("page_chooser_external_link"),
        {"external-link-chooser-url": "http://testserver/toegankelijkheid/"},
    )
    assert is_projectfoutpagina(response)


@pytest.mark.parametrize("sleutel", sorted(ENDPOINTS))
def test_editor_reaches_only_the_endpoints_editing_needs(
    client, redacteur, wachtwoord, media, sleutel
):
    inloggen(client, redacteur, wachtwoord)
    response = client.get(url_van(sleutel))
    if sleutel in NODIG_VOOR_REDACTEUR:
        assert response.status_code == 200
    else:
        assert is_projectfoutpagina(response), response.status_code


def test_editor_sees_the_media_in_the_choosers(client, redacteur, wachtwoord, media):
    inloggen(client, redacteur, wachtwoord)
    assert GEHEIM_BEELD in client.get(url_van("image_chooser_results")).content.decode()
    assert GEHEIM_DOCUMENT in client.get(url_van("document_chooser_results")).content.decode()
    titels = [p["title"] for p in client.get(url_van("api_pages")).json()["items"]]
    assert titels


def test_coordinator_still_reaches_the_dashboard(client, coordinator_tanthof, wachtwoord):
    inloggen(client, coordinator_tanthof, wachtwoord)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Tanthof" in response.content.decode()


@pytest.mark.parametrize("rol", ["eindredacteur", "beheerder"])
def test_publishers_and_administrators_see_site_history(client, request, wachtwoord, rol):
    inloggen(client, request.getfixturevalue(rol), wachtwoord)
    assert client.get(reverse("wagtailadmin_reports:site_history")).status_code == 200


def test_editor_is_not_offered_the_site_history_report(
    client, redacteur, eindredacteur, wachtwoord
):
    site_history = reverse("wagtailadmin_reports:site_history")
    inloggen(client, redacteur, wachtwoord)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:workflow") in html  # the reports menu is there
    assert site_history not in html

    client.logout()
    inloggen(client, eindredacteur, wachtwoord)
    assert site_history in client.get(reverse("wagtailadmin_home")).content.decode()


def test_administrator_links_pages_in_scheme_text_but_gets_no_media(
    client, beheerder, wachtwoord, media
):
    """A scheme's explanation is rich text: the Beheerder needs the link choosers."""
    inloggen(client, beheerder, wachtwoord)
    assert client.get(url_van("page_chooser")).status_code == 200
    assert client.get(url_van("page_chooser_external_link")).status_code == 200
    assert is_projectfoutpagina(client.get(url_van("image_chooser")))
    assert is_projectfoutpagina(client.get(url_van("api_documents")))
    assert is_projectfoutpagina(client.get(url_van("task_chooser")))


def test_superuser_passes_every_rule(client, coordinator_tanthof, wachtwoord, media):
    coordinator_tanthof.is_superuser = True
    coordinator_tanthof.save(update_fields=["is_superuser"])
    inloggen(client, coordinator_tanthof, wachtwoord)
    for sleutel in ("page_chooser", "api_images", "site_history", "task_chooser"):
        assert client.get(url_van(sleutel)).status_code == 200, sleutel


def test_anonymous_and_residents_still_go_to_the_login(client, bewoner, wachtwoord):
    url = url_van("page_chooser")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.post(reverse("account_login"), {"login": bewoner.email, "password": wachtwoord})
    assert client.get(url).status_code == 302


# --- The walk: every admin URL without parameters, requested as a coordinator. ---

# Endpoints a coordinator may open and that answer 200. Anything else that answers 200 fails the
# walk: decide whether coordinators need it (add it here) or not (add a rule to REGELS).
TOEGESTAAN_200_VOOR_COORDINATOR = {
    "wagtailadmin_home",  # the dashboard with their districts
    "wagtailadmin_account",  # own name, language, notification settings
    "wagtailadmin_dismissibles",  # remembers closed hints
    "wagtailadmin_sprite",  # icons
    "wagtailadmin_javascript_catalog",  # translations for the admin's scripts
    "admin/test404/",  # Wagtail's static "page not found" template, no data
    "aanvragen:index",  # the review queue: their own districts' applications only
    "aanvragen:index_results",  # (scoping walk: tests/participatie/test_wachtrij_urls.py)
    "speelplekken:index",  # play spaces: their own districts' only, and a form to add one
    "speelplekken:index_results",  # (scoping: tests/speelkaart/test_admin_speelplekken.py)
    "speelplekken:add",
    # The play map's review items: their own districts' only (speelkaart/rechten.py; walk:
    # tests/speelkaart/test_wachtrij_speelkaart.py).
    *(
        f"speelkaart_{soort}:{view}"
        for soort in ("opmerkingen", "meldingen", "wensen")
        for view in ("index", "index_results")
    ),
    # Consultations: their own districts' only (participatie/raadplegingen/rechten.py; walk:
    # tests/participatie/raadplegingen/test_wachtrij_urls.py), the list of Wmo topics to read;
    # quotes and signals of their own districts only (walks in the same test packages).
    "raadplegingen_beheer:index",
    "raadplegingen_beheer:index_results",
    "raadplegingen_beheer:add",
    "wagtailsnippets_participatie_wmothema:list",
    "wagtailsnippets_participatie_wmothema:list_results",
    *(
        f"{wachtrij}:{view}"
        for wachtrij in ("raadpleging_antwoorden", "signalen_wachtrij")
        for view in ("index", "index_results")
    ),
    "participatie_verantwoording",  # accountability report: own districts only
    "participatie_verantwoording_results",
}

# Admin URL names without a row in REGELS, each left to Wagtail's own permission check (or
# harmless). A new admin URL name must be in REGELS or here: a Wagtail upgrade that adds one
# fails test_every_admin_url_has_a_rule_or_is_known_open until someone has looked at it.
OPEN_VOOR_ADMINGEBRUIKERS = (
    "admin_login*",  # ours: to the allauth login
    "wagtailadmin_home",
    "wagtailadmin_account",
    "wagtailadmin_dismissibles",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset*",  # switched off (WAGTAIL_PASSWORD_RESET_ENABLED)
    "wagtailadmin_editing_sessions:*",  # checks the object's edit permission
    "wagtail_bulk_action",  # checks per object
    "wagtailadmin_collections:*",  # collection management permissions
    "wagtailredirects:*",  # redirect permissions
    "wagtailsettings:*",  # settings permissions
    "wagtailsnippets:*",  # snippet permissions
    "wagtailsnippets_*:*",  # snippet permissions (per model)
    "wagtailsites:*",  # site permissions
    "wagtailusers_users:*",  # user permissions
    "wagtailusers_groups:*",  # group permissions
    "admin/test404/",
    "admin/logout/",
    "admin/^.*/$",  # catch-all 404
)


def _admin_urls():
    """(route, name, all parts free of parameters) for every URL pattern under admin/."""

    def wandel(patronen, route, ns, vrij):
        for patroon in patronen:
            deel_vrij = vrij and patroon.pattern.regex.groups == 0
            if isinstance(patroon, URLResolver):
                naam_ns = f"{ns}{patroon.namespace}:" if patroon.namespace else ns
                yield from wandel(
                    patroon.url_patterns, route + str(patroon.pattern), naam_ns, deel_vrij
                )
            else:
                naam = f"{ns}{patroon.name}" if patroon.name else None
                yield route + str(patroon.pattern), naam, deel_vrij

    for route, naam, vrij in wandel(get_resolver().url_patterns, "", "", True):
        if route.startswith("admin/"):
            yield route, naam or route, vrij


def _pad(route):
    pad = "/" + route.replace("^", "").replace("$", "")
    if any(teken in pad for teken in ".*+?()[]|\\"):
        return None
    return pad


def test_every_admin_url_has_a_rule_or_is_known_open():
    onbekend = sorted(
        naam
        for _route, naam, _vrij in _admin_urls()
        if not any(fnmatchcase(naam, patroon) for patroon, _ in REGELS)
        and not any(fnmatchcase(naam, patroon) for patroon in OPEN_VOOR_ADMINGEBRUIKERS)
    )
    assert onbekend == []


def test_every_rule_matches_an_admin_url():
    namen = [naam for _route, naam, _vrij in _admin_urls()]
    ongebruikt = [p for p, _ in REGELS if not any(fnmatchcase(n, p) for n in namen)]
    assert ongebruikt == []


def test_walk_coordinator_gets_no_listing_from_any_admin_url(
    client, coordinator_tanthof, wachtwoord, media
):
    inloggen(client, coordinator_tanthof, wachtwoord)
    client.raise_request_exception = False
    geheimen = [GEHEIM_BEELD, GEHEIM_DOCUMENT]
    geheimen += ContentPage.objects.values_list("title", flat=True)
    geheimen += RegelingPage.objects.values_list("title", flat=True)
    assert len(geheimen) > 3

    bezocht, fouten, onverwacht_200, lekken = set(), [], [], []
    for route, naam, vrij in _admin_urls():
        pad = _pad(route) if vrij else None
        if pad is None or pad in bezocht:
            continue
        bezocht.add(pad)
        response = client.get(pad)
        if response.status_code >= 500:
            fouten.append((pad, response.status_code))
        if response.status_code == 200:
            if naam not in TOEGESTAAN_200_VOOR_COORDINATOR:
                onverwacht_200.append((pad, naam))
            inhoud = response.content.decode(errors="replace")
            lekken += [(pad, titel) for titel in geheimen if titel in inhoud]

    assert len(bezocht) > 50  # the walk really walked
    assert {"5xx": fouten, "unexpected 200": onverwacht_200, "leaks": lekken} == {
        "5xx": [],
        "unexpected 200": [],
        "leaks": [],
    }
