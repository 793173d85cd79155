"""The one way a reviewed item changes status: a transition table per kind and a history row
per change.

An app declares, per model (its ``_meta.label_lower``), the status field and the table
{from: allowed next statuses}, and a history model with the fields ``item`` (generic foreign
key), ``van``, ``naar``, ``door``, ``motivatie`` and ``notitie``::

    machine = Toestandsmachine({"speelkaart.melding": ("status", {...})}, "speelkaart.Wijziging")
    machine.wijzig_status(melding, "opgelost", door=user, motivatie="...")

``wijzig_status`` is then the only code that changes those statuses: it locks the row, checks
the table, saves the status (and ``gewijzigd`` when the model has it) and writes the history
row in the same transaction. E-mails and counters are the callers' business. Applications keep
their own ``Aanvraag.wijzig_status`` (its history row carries more: objection dates, ledger
links); every other kind uses this class.
"""

from django.apps import apps
from django.db import transaction


class OngeldigeOvergang(Exception):  # noqa: N818 (domain name)
    """A transition the kind's table does not allow (shown to staff as a form error)."""


class Toestandsmachine:
    def __init__(self, tabellen: dict[str, tuple[str, dict]], geschiedenis_model: str):
        self.tabellen = tabellen
        self._geschiedenis_model = geschiedenis_model

    def statusveld(self, item) -> str:
        return self.tabellen[item._meta.label_lower][0]

    def volgende(self, item) -> frozenset[str]:
        veld, tabel = self.tabellen[item._meta.label_lower]
        return tabel.get(getattr(item, veld), frozenset())

    def mag_overgaan(self, item, naar: str) -> bool:
        return naar in self.volgende(item)

    def wijzig_status(self, item, naar: str, *, door=None, motivatie: str = "", notitie: str = ""):
        """Move ``item`` to ``naar`` under a row lock; returns the history row written."""
        veld, tabel = self.tabellen[item._meta.label_lower]
        model = type(item)
        with transaction.atomic():
            vers = model._default_manager.select_for_update().get(pk=item.pk)
            van = getattr(vers, veld)
            if naar not in tabel.get(van, frozenset()):
                raise OngeldigeOvergang(f"{item._meta.label}: {van} → {naar} is not allowed")
            setattr(vers, veld, naar)
            velden = [veld]
            if any(f.name == "gewijzigd" for f in model._meta.concrete_fields):
                velden.append("gewijzigd")
            vers.save(update_fields=velden)
            setattr(item, veld, naar)
            return apps.get_model(self._geschiedenis_model).objects.create(
                item=vers, van=van, naar=naar, door=door, motivatie=motivatie, notitie=notitie
            )
