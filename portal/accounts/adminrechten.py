"""Which Wagtail admin endpoints each role may reach.

Wagtail opens several admin endpoints to every user with ``wagtailadmin.access_admin``, whatever
else they may do: the page chooser and its search (page titles), the admin API listings of pages,
images and documents, the site-history report, the workflow task chooser, the embed chooser. A
coordinator (only ``access_admin``) needs none of them.

``REGELS`` says, per admin URL name, who may reach it: a ``fnmatch`` pattern on
``request.resolver_match.view_name`` and a predicate on the user. The first matching row wins;
``AdminRechtenMiddleware`` answers a failed predicate with ``PermissionDenied`` (the portal's own
403 page). Superusers pass everything. An endpoint without a row stays open to every admin user
(the dashboard, account settings, the icon sprite, ...), and Wagtail's own permission checks
still apply on top of this table.

Site history (``wagtailadmin_reports:site_history``) lists changes across the whole site: it is
for superusers, those who may publish pages (Eindredacteur) and those who act on every district
(Beheerder, see ``scoping.heeft_alle_wijken``), not for editors who only draft.

``tests/accounts/test_admin_endpoints.py`` walks every admin URL as a coordinator, so an endpoint
that a Wagtail upgrade adds fails that test until someone has given it a row here or put it on
the test's allow-list.
"""

from collections.abc import Callable
from fnmatch import fnmatchcase
from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, Resolver404, resolve
from wagtail import hooks
from wagtail.documents import permissions as document_permissions
from wagtail.images import permissions as image_permissions
from wagtail.permissions import (
    page_permission_policy,
    task_permission_policy,
    workflow_permission_policy,
)

from .scoping import heeft_alle_wijken, wijk_ids_van

_PAGINA_ACTIES = {"add", "change", "publish", "bulk_delete", "lock", "unlock"}
_MEDIA_ACTIES = {"add", "change", "delete", "choose"}
_BEHEER_ACTIES = {"add", "change", "delete"}

# Models outside the page tree whose admin form has a rich-text field (links to pages and
# documents, embeds): whoever may edit them needs the link choosers as page editors do.
# Consultations (participatie.raadpleging) have rich text too, but coordinators edit them: the
# choosers stay closed to coordinators, so a consultation's rich text has no link feature.
RIJKE_TEKST_BUITEN_PAGINAS = ("participatie.add_regeling", "participatie.change_regeling")


def heeft_paginarechten(user) -> bool:
    """Any page permission (Redacteur, Eindredacteur)."""
    return page_permission_policy.user_has_any_permission(user, _PAGINA_ACTIES)


def mag_publiceren(user) -> bool:
    return page_permission_policy.user_has_permission(user, "publish")


def heeft_afbeeldingrechten(user) -> bool:
    # The policy is looked up per call: Wagtail replaces it when the image model setting changes.
    return image_permissions.permission_policy.user_has_any_permission(user, _MEDIA_ACTIES)


def heeft_documentrechten(user) -> bool:
    return document_permissions.permission_policy.user_has_any_permission(user, _MEDIA_ACTIES)


def bewerkt_inhoud(user) -> bool:
    """Edits pages, or another model with rich text (Beheerder: a scheme's explanation)."""
    return heeft_paginarechten(user) or any(user.has_perm(p) for p in RIJKE_TEKST_BUITEN_PAGINAS)


def bewerkt_inhoud_of_media(user) -> bool:
    return bewerkt_inhoud(user) or heeft_afbeeldingrechten(user) or heeft_documentrechten(user)


def mag_workflows_beheren(user) -> bool:
    return workflow_permission_policy.user_has_any_permission(
        user, _BEHEER_ACTIES
    ) or task_permission_policy.user_has_any_permission(user, _BEHEER_ACTIES)


def ziet_sitegeschiedenis(user) -> bool:
    return mag_publiceren(user) or heeft_alle_wijken(user)


def behandelt_aanvragen(user) -> bool:
    """The review queue of applications (``participatie.admin_aanvragen``): coordinators and
    administrators; the views narrow it to the user's districts through the permission policy."""
    return user.has_perm("participatie.view_aanvraag") or user.has_perm(
        "participatie.change_aanvraag"
    )


def behandelt(model_label: str) -> Callable[..., bool]:
    """A review queue of another item type (e.g. ``speelkaart.melding``): whoever may view or
    change the model; the queue's views narrow it to the user's districts through the item
    type's permission policy."""
    app_label, model = model_label.split(".")

    def predicaat(user) -> bool:
        return user.has_perm(f"{app_label}.view_{model}") or user.has_perm(
            f"{app_label}.change_{model}"
        )

    return predicaat


def beheert_speelplekken(user) -> bool:
    """The play spaces (``speelkaart.admin_speelplekken``): coordinators and administrators; the
    views narrow them to the user's districts through the permission policy."""
    return user.has_perm("speelkaart.view_speelplek") or user.has_perm(
        "speelkaart.change_speelplek"
    )


def ziet_verantwoording_per_wijk(user) -> bool:
    """Administrators (every district) and coordinators (their own districts only: the report
    limits its rows with ``scoping.beperk_tot_wijken``)."""
    return heeft_alle_wijken(user) or bool(wijk_ids_van(user))


def alleen_superuser(user) -> bool:
    return False  # superusers never reach a predicate


REGELS: tuple[tuple[str, Callable[..., bool]], ...] = (
    # The page tree: explorer, editing, page reports, form submissions, the pages API.
    ("wagtailadmin_explore*", heeft_paginarechten),
    ("wagtailadmin_pages:*", heeft_paginarechten),
    ("wagtailadmin_api:pages:*", heeft_paginarechten),
    ("wagtailforms:*", heeft_paginarechten),
    ("wagtailadmin_reports:locked_pages*", heeft_paginarechten),
    ("wagtailadmin_reports:aging_pages*", heeft_paginarechten),
    ("wagtailadmin_reports:page_types_usage*", heeft_paginarechten),
    ("wagtailadmin_reports:workflow*", heeft_paginarechten),
    ("wagtailadmin_reports:site_history*", ziet_sitegeschiedenis),
    # Choosers used while editing pages or rich text: page and link choosers (they list page
    # titles), snippet choosers, embeds (fetched by the server), block previews, tags.
    ("wagtailadmin_choose_page*", bewerkt_inhoud),
    ("wagtailsnippetchoosers_*", bewerkt_inhoud),
    ("wagtailembeds:*", bewerkt_inhoud),
    ("wagtailadmin_block_preview", bewerkt_inhoud),
    ("wagtailadmin_tag_*autocomplete", bewerkt_inhoud_of_media),
    # Images and documents: admin views, choosers and API listings.
    ("wagtailimages:*", heeft_afbeeldingrechten),
    ("wagtailimages_chooser:*", heeft_afbeeldingrechten),
    ("wagtailadmin_api:images:*", heeft_afbeeldingrechten),
    ("wagtaildocs:*", heeft_documentrechten),
    ("wagtaildocs_chooser:*", heeft_documentrechten),
    ("wagtailadmin_api:documents:*", heeft_documentrechten),
    # Workflows, their tasks and the task chooser.
    ("wagtailadmin_workflows:*", mag_workflows_beheren),
    # Wagtail's deliberate server error, for testing error reporting.
    ("wagtailadmin_error_test", alleen_superuser),
    # The review queue of applications: listing, detail, decisions, notes, export.
    ("aanvragen:*", behandelt_aanvragen),
    # Play spaces: listing, add, edit, delete, history (scoped per district by the policy).
    ("speelplekken:*", beheert_speelplekken),
    # The play-space map's review queues (speelkaart/admin_wachtrij.py).
    ("speelkaart_opmerkingen:*", behandelt("speelkaart.waardering")),
    ("speelkaart_meldingen:*", behandelt("speelkaart.melding")),
    ("speelkaart_wensen:*", behandelt("speelkaart.wens")),
    ("raadplegingen_beheer:*", behandelt("participatie.raadpleging")),
    ("raadpleging_antwoorden:*", behandelt("participatie.antwoord")),
    ("signalen_wachtrij:*", behandelt("participatie.signaal")),
    # Our own reports (the views check their permission policy too).
    ("mail_mislukt*", lambda user: user.has_perm("mail.view_email")),
    ("participatie_verantwoording*", ziet_verantwoording_per_wijk),
    # The barometer's indicators and the CSV import of their values (cms/barometer/admin.py).
    ("barometer_indicatoren:*", lambda user: user.has_perm("cms.change_indicator")),
)


@lru_cache(maxsize=512)
def regel_voor(view_name: str) -> Callable[..., bool] | None:
    """The predicate of the first row matching ``view_name``; None when no row matches."""
    for patroon, predicaat in REGELS:
        if fnmatchcase(view_name, patroon):
            return predicaat
    return None


def mag_bereiken(user, view_name: str) -> bool:
    """May this admin user reach the admin endpoint named ``view_name``?"""
    if user.is_superuser:
        return True
    predicaat = regel_voor(view_name)
    return predicaat is None or bool(predicaat(user))


class AdminRechtenMiddleware:
    """Enforce ``REGELS``; runs after ``StaffMFAMiddleware``, so the session has a second factor.

    Only users who may use the admin at all are checked: everyone else is left to Wagtail,
    which sends them to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        if regel_voor(match.view_name) is None:
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            return None
        if not mag_bereiken(user, match.view_name):
            raise PermissionDenied
        return None


@hooks.register("construct_reports_menu")
def verberg_onbereikbare_rapporten(request, menu_items):
    """Leave out report menu items this table refuses (e.g. site history for a Redacteur).

    Registered when this module is imported, which loading the middleware does at start-up.
    """
    menu_items[:] = [item for item in menu_items if _bereikbaar(request.user, item.url)]


def _bereikbaar(user, url: str) -> bool:
    try:
        view_name = resolve(url).view_name
    except (Resolver404, NoReverseMatch):
        return True
    return mag_bereiken(user, view_name)
