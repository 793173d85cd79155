"""``WachtrijViewSet``: an item type in a district's review queue (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.viewsets.model import ModelViewSet

from portal.accounts.scoping import mag_handelen, wijk_id_van

from .formulieren import Besluit, _KopieBesluit, naam_van
from .models import Notitie, Overgang
from .views import (
    BesluitView,
    NotitieView,
    ToewijzenView,
    WachtrijDetailView,
    WachtrijIndexView,
)


class _GeenOvergang(Exception):
    """Placeholder for item types whose state machine raises no exception of its own."""


@dataclass
class TijdlijnRegel:
    """One row of an item's history."""

    op: object
    door: str
    van: str
    naar: str
    motivatie: str = ""
    notitie: str = ""
    extra: dict = field(default_factory=dict)


class WachtrijViewSet(ModelViewSet):
    """An item type in a district's review queue. See the package docstring."""

    index_view_class = WachtrijIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    detail_view_class = WachtrijDetailView
    besluit_view_class = BesluitView
    notitie_view_class = NotitieView
    toewijzen_view_class = ToewijzenView

    besluiten: list[Besluit] = []
    # Select / defer for the listing and the detail (constant query count).
    lijst_select_related: tuple[str, ...] = ()
    lijst_defer: tuple[str, ...] = ()
    status_veld = "status"
    behandelaar_veld = "behandelaar"
    wacht_veld = "aangemaakt"  # the waiting time counts from this field
    wachtende_statussen: tuple[str, ...] = ()  # counted on the dashboard
    urgente_statussen: tuple[str, ...] = ()  # the oldest of these is shown on the dashboard
    toewijsbare_statussen: tuple[str, ...] = ()
    detail_velden: list[str] = []  # empty: every concrete field but the ones below
    detail_velden_uitgesloten: tuple[str, ...] = ()
    detail_extra_template = ""
    detail_acties = ["view", "change"]
    # Export columns computed by a function of the item: {"name in list_export": function}.
    export_functies: dict[str, Callable] = {}
    ongeldige_overgang: type[Exception] = _GeenOvergang

    def volgende_statussen(self, item) -> list[str]:
        """The statuses the reviewing role may move ``item`` to (the state machine)."""
        return []

    # -- querysets

    def wachtrij_queryset(self, user):
        """The items this user may review: the permission policy decides, nothing else."""
        queryset = self.permission_policy.instances_user_has_any_permission_for(
            user, self.detail_acties
        )
        if self.lijst_select_related:
            queryset = queryset.select_related(*self.lijst_select_related)
        if self.lijst_defer:
            queryset = queryset.defer(*self.lijst_defer)
        return queryset

    def tellingen(self, user) -> dict:
        """Counts per waiting status and the oldest urgent item, for the dashboard panel."""
        if not self.permission_policy.user_has_any_permission(user, self.detail_acties):
            return {}
        queryset = self.wachtrij_queryset(user)
        per_status = dict(
            queryset.filter(**{f"{self.status_veld}__in": self.wachtende_statussen})
            .order_by()
            .values_list(self.status_veld)
            .annotate(n=Count("pk"))
        )
        oudste = (
            queryset.filter(**{f"{self.status_veld}__in": self.urgente_statussen or ()})
            .exclude(**{f"{self.wacht_veld}__isnull": True})
            .order_by(self.wacht_veld, "pk")
            .first()
        )
        keuzes = dict(self.model._meta.get_field(self.status_veld).flatchoices)
        index = reverse(self.get_url_name("index"))
        return {
            "label": capfirst(self.menu_label),
            "index_url": index,
            "statussen": [
                {
                    "status": status,
                    "label": keuzes.get(status, status),
                    "aantal": per_status.get(status, 0),
                    "url": f"{index}?{self.status_veld}={status}",
                }
                for status in self.wachtende_statussen
            ],
            "oudste": oudste,
            "oudste_url": (
                reverse(self.get_url_name("inspect"), args=[oudste.pk]) if oudste else ""
            ),
            "oudste_sinds": getattr(oudste, self.wacht_veld, None) if oudste else None,
        }

    # -- decisions, assignment, history

    def mogelijke_besluiten(self, item) -> list[Besluit]:
        volgende = self.volgende_statussen(item)
        return [_KopieBesluit(b) for b in self.besluiten if b.is_mogelijk(volgende)]

    def is_toewijsbaar(self, item) -> bool:
        return getattr(item, self.status_veld) in self.toewijsbare_statussen

    def collegas(self, item, user):
        """Who an item can be assigned to: the coordinators of its district, and the user."""
        from portal.accounts.models import User

        wijk_id = wijk_id_van(item)
        return (
            User.objects.filter(is_active=True)
            .filter(models.Q(coordinator_van=wijk_id) | models.Q(pk=user.pk))
            .distinct()
            .order_by("first_name", "last_name", "email")
        )

    def toewijzen(self, item, *, door, behandelaar):
        """Assign to a colleague of the district; recorded as an internal note."""
        if not (mag_handelen(door, item) and mag_handelen(behandelaar, item)):
            raise ValidationError(gettext("Assign the item to a coordinator of its district."))
        with transaction.atomic():
            self.model.objects.select_for_update(of=("self",)).filter(pk=item.pk).update(
                **{self.behandelaar_veld: behandelaar}
            )
            Notitie.objects.create(
                content_type=ContentType.objects.get_for_model(item, for_concrete_model=True),
                object_id=str(item.pk),
                tekst=gettext("Assigned to %(naam)s.") % {"naam": naam_van(behandelaar)},
                door=door,
            )

    def geschiedenis(self, item) -> list[TijdlijnRegel]:
        """The item's ``Overgang`` rows (item types on the kernel's state machine); applications
        override this with their own history. A resident's own change (an edited comment or
        answer) shows as "Resident": reviewers need no name to moderate."""
        labels = dict(self.model._meta.get_field(self.status_veld).flatchoices)
        overgangen = Overgang.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=item.pk
        ).select_related("door")
        return [
            TijdlijnRegel(
                op=o.op,
                door=self._door_in_geschiedenis(o, item),
                van=labels.get(o.van, o.van),
                naar=labels.get(o.naar, o.naar),
                motivatie=o.motivatie,
                notitie=o.notitie,
            )
            for o in overgangen
        ]

    @staticmethod
    def _door_in_geschiedenis(overgang, item) -> str:
        if overgang.door_id is None:
            return "—"
        if overgang.door_id == getattr(item, "bewoner_id", None) or not overgang.door.is_staff:
            return gettext("Resident")
        return naam_van(overgang.door)

    # -- detail

    def get_detail_velden(self) -> list[str]:
        """``detail_velden``, or every concrete field but ``detail_velden_uitgesloten`` (so a
        field added to the model later shows up without a change here)."""
        if self.detail_velden:
            return list(self.detail_velden)
        return [
            veld.name
            for veld in self.model._meta.concrete_fields
            if not veld.primary_key and veld.name not in self.detail_velden_uitgesloten
        ]

    def detail_velden_context(self, item) -> list[dict]:
        return [
            {"label": self.veld_label(naam), "waarde": self.veld_waarde(item, naam)}
            for naam in self.get_detail_velden()
        ]

    def veld_label(self, naam):
        try:
            return capfirst(self.model._meta.get_field(naam).verbose_name)
        except Exception:  # noqa: BLE001 - a property or method listed as a field
            return capfirst(naam.replace("_", " "))

    def veld_waarde(self, item, naam):
        weergave = getattr(item, f"get_{naam}_display", None)
        waarde = weergave() if callable(weergave) else getattr(item, naam)
        if callable(waarde):
            waarde = waarde()
        if waarde is None or waarde == "":
            return "—"
        if isinstance(waarde, bool):
            return gettext("Yes") if waarde else gettext("No")
        if isinstance(waarde, models.Model):
            return str(waarde)
        return localize(waarde)

    def get_detail_extra_context(self, item, request) -> dict:
        return {}

    # -- views and URLs

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # Only the queue's own views exist: no add, edit, delete, copy, history or usage.
        for naam in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "copy_url_name",
            "history_url_name",
            "usage_url_name",
        ):
            view_kwargs[naam] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(wachtrij=self, **kwargs)

    def _object_view_kwargs(self):
        return {
            "wachtrij": self,
            "permission_policy": self.permission_policy,
            "header_icon": self.icon,
        }

    @property
    def detail_view(self):
        return self.detail_view_class.as_view(**self._object_view_kwargs())

    @property
    def inspect_view(self):
        return self.detail_view

    def besluit_view(self, besluit):
        return self.besluit_view_class.as_view(besluit=besluit, **self._object_view_kwargs())

    @property
    def notitie_view(self):
        return self.notitie_view_class.as_view(**self._object_view_kwargs())

    @property
    def toewijzen_view(self):
        return self.toewijzen_view_class.as_view(**self._object_view_kwargs())

    @property
    def url_finder_class(self):
        # Links from elsewhere in the admin (logs, search) go to the detail screen.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        patronen = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"<{conv}:pk>/", self.detail_view, name="inspect"),
            path(f"<{conv}:pk>/notitie/", self.notitie_view, name="notitie"),
            path(f"<{conv}:pk>/toewijzen/", self.toewijzen_view, name="toewijzen"),
        ]
        for besluit in self.besluiten:
            patronen.append(
                path(f"<{conv}:pk>/{besluit.naam}/", self.besluit_view(besluit), name=besluit.naam)
            )
        return patronen
