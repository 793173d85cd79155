"""District editors: a group per district page whose members edit only that district's pages.

The Redacteur and Eindredacteur roles (portal/accounts/roles.py) work on the whole tree. A
district editor ("Redacteur <wijk>") gets the Redacteur's model permissions (admin access,
images and documents) and the page permissions add/change on the district page only, so
Wagtail lets them draft pages under that district and nowhere else; they submit to the same
workflow as every editor (the Eindredacteur publishes). An administrator makes someone a
district editor by adding them to that group.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from portal.accounts.roles import REDACTEUR, rolrechten

PAGINA_PERMISSIES = ["add_page", "change_page"]


def groepsnaam(wijkpagina) -> str:
    return f"{REDACTEUR} {wijkpagina.wijk.naam}"


def _permissie(codenaam: str) -> Permission:
    app_label, codename = codenaam.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def zorg_voor_wijkredactie(wijkpagina) -> Group:
    """The district editors' group of ``wijkpagina`` (idempotent)."""
    from wagtail.models import Collection

    groep, _ = Group.objects.get_or_create(name=groepsnaam(wijkpagina))
    model_permissies = [_permissie(p) for p in rolrechten()[REDACTEUR]]
    groep.permissions.set(model_permissies)
    for codenaam in PAGINA_PERMISSIES:
        GroupPagePermission.objects.get_or_create(
            group=groep, page=wijkpagina, permission=_permissie(f"wagtailcore.{codenaam}")
        )
    collectie = Collection.get_first_root_node()
    if collectie is not None:
        for permissie in model_permissies:
            if permissie.content_type.app_label in ("wagtailimages", "wagtaildocs"):
                GroupCollectionPermission.objects.get_or_create(
                    group=groep, collection=collectie, permission=permissie
                )
    return groep


def zorg_voor_alle_wijkredacties() -> list[Group]:
    from .models import WijkPage

    return [zorg_voor_wijkredactie(p) for p in WijkPage.objects.select_related("wijk")]
