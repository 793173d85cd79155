"""The editorial workflow on every page type: a Redacteur drafts and submits, the Eindredacteur
approves (publishes); a district editor edits only their own district's pages."""

from django.urls import reverse
from wagtail.models import Page

import pytest

from cms.models import (
    AgendaPage,
    BarometerPage,
    ContentPage,
    NieuwsPage,
    WijkPage,
    WijkprogrammaPage,
    WijkverslagPage,
)
from tests.accounts.helpers import inloggen
from tests.factories import WijkredacteurFactory

pytestmark = pytest.mark.django_db


def concept(ouder, pagina):
    """A draft (never published) under ``ouder``."""
    pagina.live = False
    ouder.add_child(instance=pagina)
    pagina.save_revision()
    return Page.objects.get(pk=pagina.pk).specific


@pytest.fixture
def tanthof_pagina(tanthof):
    return WijkPage.objects.get(wijk=tanthof)


@pytest.fixture
def buitenhof_pagina(buitenhof):
    return WijkPage.objects.get(wijk=buitenhof)


@pytest.mark.parametrize(
    "model", [NieuwsPage, AgendaPage, WijkprogrammaPage, WijkverslagPage, ContentPage]
)
def test_every_page_type_under_a_district_goes_through_the_approval_workflow(tanthof_pagina, model):
    assert tanthof_pagina.get_workflow() is not None
    assert model in tanthof_pagina.specific_class.allowed_subpage_models()


def test_every_page_type_is_covered_by_the_workflow_on_the_root():
    home = Page.objects.get(depth=2)
    assert home.get_workflow() is not None
    assert BarometerPage in home.specific_class.allowed_subpage_models()


def test_a_redacteur_submits_and_the_eindredacteur_approves(
    tanthof_pagina, redacteur, eindredacteur
):
    pagina = concept(tanthof_pagina, NieuwsPage(title="Nieuwe speeltuin", samenvatting="x"))
    rechten = pagina.permissions_for_user(redacteur)
    assert rechten.can_edit() and not rechten.can_publish()
    assert pagina.permissions_for_user(eindredacteur).can_publish()

    workflow = pagina.get_workflow()
    workflow.start(pagina, redacteur)
    pagina.refresh_from_db()
    taakstatus = pagina.current_workflow_task_state
    assert not pagina.live and taakstatus is not None
    assert taakstatus.task.specific.get_actions(pagina, redacteur) == []  # cannot approve
    acties = [naam for naam, *_ in taakstatus.task.specific.get_actions(pagina, eindredacteur)]
    assert "approve" in acties
    taakstatus.task.specific.on_action(taakstatus, eindredacteur, "approve")
    pagina.refresh_from_db()
    assert pagina.live


def test_a_district_editor_edits_only_their_own_districts_pages(tanthof_pagina, buitenhof_pagina):
    wijkredacteur = WijkredacteurFactory(wijk=tanthof_pagina.wijk)
    eigen = concept(tanthof_pagina, NieuwsPage(title="Tanthof-nieuws", samenvatting="x"))
    ander = concept(buitenhof_pagina, NieuwsPage(title="Buitenhof-nieuws", samenvatting="x"))
    assert eigen.permissions_for_user(wijkredacteur).can_edit()
    assert tanthof_pagina.permissions_for_user(wijkredacteur).can_add_subpage()
    assert not eigen.permissions_for_user(wijkredacteur).can_publish()
    assert not ander.permissions_for_user(wijkredacteur).can_edit()
    assert not buitenhof_pagina.permissions_for_user(wijkredacteur).can_add_subpage()


def test_in_the_admin_a_district_editor_is_refused_another_districts_page(
    client, wachtwoord, tanthof_pagina, buitenhof_pagina
):
    wijkredacteur = WijkredacteurFactory(wijk=tanthof_pagina.wijk)
    eigen = concept(tanthof_pagina, NieuwsPage(title="Tanthof-nieuws", samenvatting="x"))
    ander = concept(buitenhof_pagina, NieuwsPage(title="Buitenhof-nieuws", samenvatting="x"))
    inloggen(client, wijkredacteur, wachtwoord)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[eigen.pk])).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:edit", args=[ander.pk]))
    assert response.status_code in (302, 403)
    assert "Buitenhof-nieuws" not in response.content.decode()
    aanmaken = reverse("wagtailadmin_pages:add", args=["cms", "nieuwspage", buitenhof_pagina.pk])
    assert client.get(aanmaken).status_code in (302, 403)


def test_the_editors_accessibility_checker_runs_axes_full_rule_set(rf, redacteur):
    from wagtail import hooks
    from wagtail.admin.userbar import AdminItem, ContentCheckerItem

    beheer = AdminItem()
    items = [beheer, ContentCheckerItem(in_editor=True)]
    for functie in hooks.get_hooks("construct_wagtail_userbar"):
        functie(rf.get("/"), items, None)
    assert items[0] is beheer
    controle = items[1]
    assert type(controle) is not ContentCheckerItem and controle.in_editor
    request = rf.get("/")
    request.user = redacteur
    # Without runOnly axe runs every non-experimental rule; Wagtail's default is a selection.
    assert "runOnly" not in controle.get_axe_options(request)
    assert "runOnly" in ContentCheckerItem().get_axe_options(request)
