"""The one object-scoping rule: may this user act on this object of this wijk?

Every admin and public view that loads a single district-bound object asks this module, never a
hand-written filter, so that a coordinator of Tanthof can never reach an item of Buitenhof by
guessing its URL.

- Superusers and members of the Beheerder role act on every district.
- A coordinator acts on the districts they are linked to (``Wijk.coordinatoren``).
- Anyone else acts on none.

The set of district ids is computed once per user object (so once per request).
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from .roles import BEHEERDER, WIJKCOORDINATOR

ALLE_WIJKEN = object()  # sentinel: no restriction
_CACHE_ATTR = "_wijkscope_cache"


def _scope(user):
    """ALLE_WIJKEN, or the frozenset of district ids this user may act on."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    groepen = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or BEHEERDER in groepen:
        scope = ALLE_WIJKEN
    elif WIJKCOORDINATOR in groepen:
        scope = frozenset(user.coordinator_van.values_list("pk", flat=True))
    else:
        scope = frozenset()
    setattr(user, _CACHE_ATTR, scope)
    return scope


def vergeet_scope(user) -> None:
    """Drop the cached scope, e.g. after changing a user's districts or groups."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def heeft_alle_wijken(user) -> bool:
    return _scope(user) is ALLE_WIJKEN


def wijk_ids_van(user) -> frozenset[int] | None:
    """District ids the user may act on; None means all districts."""
    scope = _scope(user)
    return None if scope is ALLE_WIJKEN else scope


def mag_handelen_in_wijk(user, wijk) -> bool:
    """May ``user`` act in ``wijk`` (a Wijk, its id, or None for "no district")?"""
    scope = _scope(user)
    if scope is ALLE_WIJKEN:
        return True
    wijk_id = wijk.pk if isinstance(wijk, Model) else wijk
    return wijk_id is not None and wijk_id in scope


def wijk_id_van(obj) -> int | None:
    """The district of an object: ``obj.get_wijk_id()``, ``obj.wijk_id``, or a Wijk itself."""
    from portal.gebieden.models import Wijk

    if isinstance(obj, Wijk):
        return obj.pk
    if hasattr(obj, "get_wijk_id"):
        return obj.get_wijk_id()
    return getattr(obj, "wijk_id", None)


def mag_handelen(user, obj) -> bool:
    """May ``user`` act on ``obj``, an object that belongs to a district?"""
    return mag_handelen_in_wijk(user, wijk_id_van(obj))


def beperk_tot_wijken(queryset: QuerySet, user, wijk_veld: str = "wijk") -> QuerySet:
    """Limit a queryset to the objects in the user's districts."""
    scope = _scope(user)
    if scope is ALLE_WIJKEN:
        return queryset
    if not scope:
        return queryset.none()
    return queryset.filter(**{f"{wijk_veld}__in": scope})


def get_object_in_wijk_or_404(user, queryset: QuerySet, wijk_veld: str = "wijk", **lookup):
    """Load one object and check it against the user's districts.

    Out-of-scope objects answer 404, like missing ones, so ids of other districts leak nothing.
    """
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    wijk = wijk_id_van(obj) if wijk_veld == "wijk" else _volg(obj, wijk_veld)
    if not mag_handelen_in_wijk(user, wijk):
        raise Http404
    return obj


def _volg(obj, pad: str):
    """Follow a lookup path such as ``aanvraag__wijk`` on an instance."""
    for deel in pad.split("__"):
        obj = getattr(obj, deel, None)
        if obj is None:
            return None
    return obj
