"""The coordinators' review queue: one mechanism for every item type a district reviews.

Applications (``participatie.admin_aanvragen``) are the first item type; play-space comments, defect
reports, wishes, consultation answers and signals plug in the same way. The mechanism gives
each item type, on top of Wagtail's ``ModelViewSet`` machinery:

- a listing (filters, search, sorting, pagination, a formula-safe CSV/XLSX export) of exactly
  the items the item type's *permission policy* grants the user (``instances_user_has_any_
  permission_for``): the district scoping lives in that policy, never in the views;
- a detail screen with every field, the history (status timeline), internal notes and the
  assignment to a colleague of the district;
- one form view per *decision* (``Besluit``), offered only when the item type's state machine
  allows one of its target statuses from the current status; the decision calls the item
  type's domain function, and whatever that function refuses (``ValidationError``, an invalid
  transition) is shown as a form error: nothing changes and nothing answers 500;
- internal notes (``Notitie``), generic by content type;
- an entry in the dashboard panel "Wacht op u" (counts per status, the oldest waiting item).

How a new item type plugs in
----------------------------

1. Give the model a Wagtail permission policy that narrows the model permissions to the user's
   districts (see ``participatie.rechten.AanvraagPermissionPolicy``: ``instances_user_has_any_
   permission_for`` and ``user_has_any_permission_for_instance``, both built on
   ``portal.accounts.scoping``).
2. Subclass ``WachtrijViewSet``: set ``model``, ``name`` (URL prefix and namespace),
   ``permission_policy``, ``list_display``, ``filterset_class``, ``search_fields``,
   ``list_export``, the status groups (``wachtende_statussen``, ``urgente_statussen``,
   ``toewijsbare_statussen``), ``wacht_veld`` (the field the waiting time counts from) and
   ``volgende_statussen`` (the item type's state machine for the reviewing role). An item type on
   the kernel's state machine (``portal.core.toestanden``, history model ``Overgang``) gets its
   status timeline from ``geschiedenis(item)`` as it is; set ``detail_velden`` and
   ``get_detail_extra_context`` / ``detail_extra_template`` for item-specific panels.
3. List the decisions in ``besluiten``: ``Besluit(naam, label, naar, form_class, uitvoeren)``
   where ``uitvoeren(item, door=user, data=cleaned_data)`` calls the domain function. Each
   decision gets the URL ``<pk>/<naam>/`` named ``<name>:<naam>``.
4. In ``wagtail_hooks.py``: ``register_admin_viewset`` hook returning an instance, and
   ``registreer_wachtrij(instance)`` so the dashboard panel counts it.
5. Grant the roles the model permissions (``registreer_rolrechten`` in ``AppConfig.ready``)
   and give the URL namespace a row in ``portal.accounts.adminrechten.REGELS``.
6. Walk every URL with ``tests/wandeling.py`` (as ``tests/participatie/test_wachtrij_urls.py``
   does): it enumerates the viewset's ``get_urlpatterns()``, so a view added later cannot leak.

Layout of this package
----------------------

- ``models``: ``Notitie``, the internal notes, and ``Overgang``, the status history of item
  types on the kernel's state machine (app label ``participatie``).
- ``export``: formula-safe spreadsheets (``ontwapen``, ``VeiligeExportMixin``).
- ``formulieren``: ``Besluit`` and the base forms (``BesluitFormulier``, notes, assignment).
- ``views``: the listing, the detail screen and the form views.
- ``viewset``: ``WachtrijViewSet``, the item type's plug-in point.
- ``register`` and ``paneel``: the registry and the dashboard panel "Wacht op u".
"""

from .export import FORMULE_TEKENS, VeiligeExportMixin, ontwapen
from .formulieren import (
    Besluit,
    BesluitFormulier,
    NotitieFormulier,
    ToewijzenFormulier,
    naam_van,
)
from .models import Notitie, NotitieQuerySet, Overgang
from .paneel import WachtOpUPanel, wacht_op_u_panel
from .register import registreer_wachtrij, wachtrijen
from .views import (
    BesluitView,
    NotitieView,
    ToewijzenView,
    WachtrijDetailView,
    WachtrijFormView,
    WachtrijIndexView,
    WachtrijObjectView,
    WachtrijViewMixin,
)
from .viewset import TijdlijnRegel, WachtrijViewSet

__all__ = [
    "FORMULE_TEKENS",
    "Besluit",
    "BesluitFormulier",
    "BesluitView",
    "Notitie",
    "Overgang",
    "NotitieFormulier",
    "NotitieQuerySet",
    "NotitieView",
    "TijdlijnRegel",
    "ToewijzenFormulier",
    "ToewijzenView",
    "VeiligeExportMixin",
    "WachtOpUPanel",
    "WachtrijDetailView",
    "WachtrijFormView",
    "WachtrijIndexView",
    "WachtrijObjectView",
    "WachtrijViewMixin",
    "WachtrijViewSet",
    "naam_van",
    "ontwapen",
    "registreer_wachtrij",
    "wacht_op_u_panel",
    "wachtrijen",
]
