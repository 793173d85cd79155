"""Staff roles as Wagtail groups with least-privilege permissions.

Roles are data, kept in code so every environment gets the same ones: ``zorg_voor_rollen`` runs
after every ``migrate`` (post_migrate) and is idempotent. A coordinator's districts are not a
group per district but the relation ``Wijk.coordinatoren`` (see ``scoping.py``).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

WIJKCOORDINATOR = "Wijkcoördinator"
REDACTEUR = "Redacteur"
EINDREDACTEUR = "Eindredacteur"
BEHEERDER = "Beheerder"
ROLLEN = (WIJKCOORDINATOR, REDACTEUR, EINDREDACTEUR, BEHEERDER)

_ADMIN = ["wagtailadmin.access_admin"]
_MEDIA_REDACTIE = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

# Model permissions of the kernel's own models per role. Apps add theirs with
# ``registreer_rolrechten`` from their ``AppConfig.ready()`` (the kernel never names an app),
# so ``rolrechten()`` is the one table that says who may do what.
MODEL_PERMISSIES = {
    WIJKCOORDINATOR: _ADMIN,
    REDACTEUR: _ADMIN + _MEDIA_REDACTIE,
    EINDREDACTEUR: _ADMIN
    + _MEDIA_REDACTIE
    + ["wagtailimages.delete_image", "wagtaildocs.delete_document"],
    BEHEERDER: _ADMIN
    + [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "auth.change_group",
        "gebieden.change_wijk",
        "mail.view_email",  # the "failed e-mails" report
    ],
}

_geregistreerd: dict[str, list[str]] = {rol: [] for rol in ROLLEN}


def registreer_rolrechten(rol: str, permissies: list[str]) -> None:
    """An app grants a role its model permissions (``"app_label.codename"``); idempotent."""
    if rol not in _geregistreerd:
        raise ValueError(f"unknown role {rol!r}; roles are {ROLLEN}")
    for permissie in permissies:
        if permissie not in _geregistreerd[rol]:
            _geregistreerd[rol].append(permissie)


def rolrechten() -> dict[str, list[str]]:
    """Every role's model permissions: the kernel's plus what apps registered."""
    return {rol: MODEL_PERMISSIES[rol] + _geregistreerd[rol] for rol in ROLLEN}


# Page permissions on the root page (inherited by the whole tree).
PAGINA_PERMISSIES = {
    REDACTEUR: ["add_page", "change_page"],
    EINDREDACTEUR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Wagtail's default groups; ours replace them. Removed only while nobody is a member.
WAGTAIL_STANDAARDGROEPEN = ("Editors", "Moderators")

WORKFLOW_NAAM = "Publicatie na akkoord eindredactie"
WORKFLOW_TAAK = "Akkoord eindredactie"


def _permissie(codenaam: str) -> Permission:
    app_label, codename = codenaam.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def zorg_voor_rollen() -> dict[str, Group]:
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    rechten = rolrechten()
    groepen = {}
    for rol in ROLLEN:
        groep, _ = Group.objects.get_or_create(name=rol)
        groep.permissions.set([_permissie(p) for p in rechten[rol]])
        groepen[rol] = groep

    Group.objects.filter(name__in=WAGTAIL_STANDAARDGROEPEN, user__isnull=True).delete()

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for rol, codenamen in PAGINA_PERMISSIES.items():
        groep = groepen[rol]
        for codenaam in codenamen:
            GroupPagePermission.objects.get_or_create(
                group=groep, page=root_page, permission=_permissie(f"wagtailcore.{codenaam}")
            )
    if root_collection:
        for rol in (REDACTEUR, EINDREDACTEUR):
            for codenaam in rechten[rol]:
                app_label = codenaam.split(".")[0]
                if app_label in ("wagtailimages", "wagtaildocs"):
                    GroupCollectionPermission.objects.get_or_create(
                        group=groepen[rol],
                        collection=root_collection,
                        permission=_permissie(codenaam),
                    )

    # Editors submit for moderation; the Eindredacteur approves (publishes).
    if root_page:
        taak, _ = GroupApprovalTask.objects.get_or_create(name=WORKFLOW_TAAK)
        taak.groups.set([groepen[EINDREDACTEUR]])
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAAM)
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=taak.task_ptr, defaults={"sort_order": 0}
        )
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
        Workflow.objects.exclude(pk=workflow.pk).filter(name="Moderators approval").update(
            active=False
        )
    return groepen


def post_migrate_rollen(sender, app_config=None, using="default", **kwargs):
    # Permissions are created by auth's own post_migrate handler, which may run after ours;
    # create them first (idempotent) so the roles can refer to them.
    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    zorg_voor_rollen()
