"""Decisions (``Besluit``) and the queue's base forms: decision, internal note, assignment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Besluit:
    """A decision on an item: offered when the state machine allows one of ``naar``."""

    naam: str  # URL segment and URL name
    label: str
    naar: tuple[str, ...]
    form_class: type[forms.Form]
    uitvoeren: Callable  # (item, *, door, data) -> anything; raises ValidationError to refuse
    knop_klasse: str = "button"  # "button no" for a refusal
    uitleg: str = ""

    def is_mogelijk(self, volgende: list[str] | set[str]) -> bool:
        return any(status in volgende for status in self.naar)


class BesluitFormulier(forms.Form):
    """Base of decision forms: gets the item and the user (``item``, ``gebruiker``)."""

    def __init__(self, *args, item, gebruiker, wachtrij, **kwargs):
        self.item = item
        self.gebruiker = gebruiker
        self.wachtrij = wachtrij
        super().__init__(*args, **kwargs)


class NotitieFormulier(BesluitFormulier):
    tekst = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only staff see this note; the resident never does."),
    )


class ToewijzenFormulier(BesluitFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        empty_label=None,
        help_text=_("A coordinator of the district."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        self.fields["behandelaar"].label_from_instance = naam_van
        huidig = getattr(self.item, f"{self.wachtrij.behandelaar_veld}_id", None)
        self.fields["behandelaar"].initial = huidig or self.gebruiker.pk


def naam_van(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


class _KopieBesluit:
    """A decision for one request, with its URL set (the Besluit itself is shared)."""

    def __init__(self, besluit: Besluit):
        self._besluit = besluit
        self.url = ""

    def __getattr__(self, naam):
        return getattr(self._besluit, naam)
