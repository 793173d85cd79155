"""The filters of the applications' listing in the review queue."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

import django_filters

from portal.accounts.scoping import beperk_tot_wijken
from portal.gebieden.models import Buurt

from ..constants import Status
from ..models import Aanvraag, Regeling
from ..rechten import AanvraagPermissionPolicy

S = Status

WACHTTIJD_KEUZES = [
    ("boven_norm", _("Longer than the service level")),
    ("binnen_norm", _("Within the service level")),
]
TOEGEWEZEN_KEUZES = [("mij", _("To me")), ("niemand", _("To nobody"))]


def _jaar_keuzes():
    jaar = timezone.localdate().year
    return [(str(j), str(j)) for j in range(jaar, jaar - 6, -1)]


def _boven_norm() -> Q:
    """Waiting (since the last submission) longer than the scheme's service level.

    One condition per distinct service level, so it works on SQLite and PostgreSQL alike.
    """
    nu = timezone.now()
    voorwaarde = Q(pk__in=[])
    for dagen in Regeling.objects.values_list("servicenorm_dagen", flat=True).distinct():
        voorwaarde |= Q(
            regeling__servicenorm_dagen=dagen, ingediend_op__lt=nu - timedelta(days=dagen)
        )
    return voorwaarde


class AanvraagFilterSet(WagtailFilterSet):
    regeling = django_filters.ModelChoiceFilter(label=_("Scheme"), queryset=Regeling.objects.none())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(k, v) for k, v in Status.choices if k != S.CONCEPT]
    )
    buurt = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"), queryset=Buurt.objects.none()
    )
    wachttijd = django_filters.ChoiceFilter(
        label=_("Waiting time"), choices=WACHTTIJD_KEUZES, method="filter_wachttijd"
    )
    toegewezen = django_filters.ChoiceFilter(
        label=_("Assigned"), choices=TOEGEWEZEN_KEUZES, method="filter_toegewezen"
    )
    jaar = django_filters.ChoiceFilter(
        label=_("Year submitted"), choices=_jaar_keuzes, field_name="ingediend_op__year"
    )

    class Meta:
        model = Aanvraag
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buurten = Buurt.objects.defer("grens").order_by("naam")
        regelingen = Regeling.objects.none()
        if self.request is not None:
            buurten = beperk_tot_wijken(buurten, self.request.user)
            # Only the schemes the user's queue has applications of.
            zichtbaar = AanvraagPermissionPolicy().instances_user_has_any_permission_for(
                self.request.user, ["view", "change"]
            )
            regelingen = Regeling.objects.filter(
                pk__in=zichtbaar.order_by().values("regeling_id")
            ).order_by("titel")
        self.filters["buurt"].queryset = buurten
        self.filters["regeling"].queryset = regelingen

    def filter_wachttijd(self, queryset, name, value):
        from .viewset import AanvraagViewSet  # the viewset imports this module

        wachtend = queryset.filter(status__in=AanvraagViewSet.urgente_statussen)
        if value == "boven_norm":
            return wachtend.filter(_boven_norm())
        if value == "binnen_norm":
            return wachtend.exclude(_boven_norm())
        return queryset

    def filter_toegewezen(self, queryset, name, value):
        if value == "mij":
            return queryset.filter(behandelaar=self.request.user)
        if value == "niemand":
            return queryset.filter(behandelaar__isnull=True)
        return queryset
