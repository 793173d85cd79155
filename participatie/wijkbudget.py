"""The district budget ledger (wijkbudget): a budget per budget holder per year, and immutable
entries against it.

A budget covers one or more districts (the policy note's "Hof van Delft/Voordijkshoorn" shares
one line). Approving an application *reserves* its amount, paying *books* it, and withdrawal or
a lower final amount *releases* the difference. Every entry is linked to the status change that
caused it and is never changed or deleted afterwards: the position is always the sum of the
entries. Entries are written only by ``participatie.besluiten`` while it holds a row lock on the
budget (``select_for_update``), so two approvals can never both spend the last euro.

    remaining = amount - reserved + released      (payments turn a reservation into paid)
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.gebieden.models import Wijk

from .constants import BoekingSoort

NUL = Decimal("0.00")


@dataclass(frozen=True)
class Positie:
    budget: Decimal
    gereserveerd: Decimal  # reserved and not yet paid or released
    betaald: Decimal
    resterend: Decimal


class Wijkbudget(models.Model):
    naam = models.CharField(_("budget holder"), max_length=120)
    jaar = models.PositiveSmallIntegerField(_("year"))
    bedrag = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    wijken = models.ManyToManyField(
        Wijk,
        verbose_name=_("districts"),
        related_name="budgetten",
        blank=True,
        help_text=_(
            "The districts this budget pays for; one budget may cover several. Empty for a "
            "line without a district of its own (e.g. a general district budget)."
        ),
    )
    is_voorbeeld = models.BooleanField(
        _("example"), default=False, help_text=_("Demo content, not the municipality's figures.")
    )

    class Meta:
        verbose_name = _("district budget")
        verbose_name_plural = _("district budgets")
        ordering = ["-jaar", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["naam", "jaar"], name="een_budget_per_houder_per_jaar")
        ]

    def __str__(self):
        return f"{self.naam} {self.jaar}"

    def positie(self) -> Positie:
        sommen = self.boekingen.aggregate(
            reservering=Sum("bedrag", filter=Q(soort=BoekingSoort.RESERVERING), default=NUL),
            vrijgave=Sum("bedrag", filter=Q(soort=BoekingSoort.VRIJGAVE), default=NUL),
            betaling=Sum("bedrag", filter=Q(soort=BoekingSoort.BETALING), default=NUL),
        )
        gereserveerd = sommen["reservering"] - sommen["vrijgave"] - sommen["betaling"]
        return Positie(
            budget=self.bedrag,
            gereserveerd=gereserveerd,
            betaald=sommen["betaling"],
            resterend=self.bedrag - sommen["reservering"] + sommen["vrijgave"],
        )

    @classmethod
    def voor(cls, wijk_id: int | None, jaar: int) -> "Wijkbudget | None":
        if wijk_id is None:
            return None
        return cls.objects.filter(wijken=wijk_id, jaar=jaar).order_by("pk").first()


class Boeking(models.Model):
    """One immutable ledger entry, linked to the transition that caused it."""

    budget = models.ForeignKey(Wijkbudget, on_delete=models.PROTECT, related_name="boekingen")
    aanvraag = models.ForeignKey(
        "participatie.Aanvraag", on_delete=models.PROTECT, related_name="boekingen"
    )
    wijziging = models.ForeignKey(
        "participatie.StatusWijziging",
        on_delete=models.PROTECT,
        related_name="boekingen",
        null=True,
    )
    soort = models.CharField(_("kind"), max_length=12, choices=BoekingSoort.choices)
    bedrag = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)
    overschrijding = models.TextField(
        _("motivation for exceeding the budget"),
        blank=True,
        help_text=_("Only an administrator may approve beyond the budget, with a motivation."),
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["op", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="boeking_bedrag_positief")
        ]

    def __str__(self):
        return f"{self.get_soort_display()} € {self.bedrag} ({self.aanvraag})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Ledger entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger entries cannot be deleted."))
