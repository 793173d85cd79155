"""The registry of queue item types that the dashboard panel "Wacht op u" counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .viewset import WachtrijViewSet


_WACHTRIJEN: list[WachtrijViewSet] = []


def registreer_wachtrij(viewset: WachtrijViewSet) -> WachtrijViewSet:
    """Count this item type in the dashboard panel "Wacht op u"; idempotent per name."""
    if all(bestaand.name != viewset.name for bestaand in _WACHTRIJEN):
        _WACHTRIJEN.append(viewset)
    return viewset


def wachtrijen() -> list[WachtrijViewSet]:
    return list(_WACHTRIJEN)
