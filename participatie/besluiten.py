"""Decisions on applications: the coordinators' transitions, the four-eyes rule and the budget
ledger, each in one transaction.

Every function here changes the status only through ``Aanvraag.wijzig_status`` (the transition
table decides what is possible from where), writes its ledger entries linked to that transition,
and puts the resident's e-mail into the outbox in the same transaction: one e-mail per
(transition, recipient), keyed, so a retried task never sends twice. Who may decide is asked of
the access policy (``rechten``): a coordinator of the application's district or an
administrator; anyone else gets ``GeenBevoegdheid`` whatever the entry point (admin view,
management command, shell).

Budget safety: the budget row is locked (``select_for_update``) before its position is read, so
concurrent approvals against one budget are serialised and the ledger never goes below zero
unless an administrator overrides with a motivation (logged on the entry).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.scoping import heeft_alle_wijken, mag_handelen

from .constants import BoekingSoort, Rol, Status
from .models import Aanvraag, Boeking, StatusWijziging, Wijkbudget
from .statemachine import OngeldigeOvergang, mag_overgaan


class BesluitFout(ValidationError):
    """A decision that cannot be taken; the message says why, in Dutch."""


class GeenBevoegdheid(BesluitFout):
    pass


class BudgetOntoereikend(BesluitFout):
    pass


def _vergrendel(aanvraag: Aanvraag) -> Aanvraag:
    return (
        Aanvraag.objects.select_for_update(of=("self",))
        .select_related("regeling", "aanvrager")
        .get(pk=aanvraag.pk)
    )


def _controleer_bevoegd(door, aanvraag: Aanvraag) -> None:
    if not mag_handelen(door, aanvraag):
        raise GeenBevoegdheid(_("You may not decide on applications of this district."))


def _meld_bewoner(aanvraag: Aanvraag, wijziging: StatusWijziging) -> None:
    """The resident's e-mail about a public status change (public motivation only)."""
    aanvraag.mail_aanvrager(
        "status_gewijzigd", sleutel=f"statuswijziging:{wijziging.pk}", wijziging=wijziging
    )


def _overgang(aanvraag, naar, *, door, rol=Rol.COORDINATOR, motivatie="", notitie="", meld=True):
    wijziging = aanvraag.wijzig_status(
        naar, door=door, rol=rol, motivatie=motivatie, notitie=notitie
    )
    if meld:
        _meld_bewoner(aanvraag, wijziging)
    return wijziging


def in_behandeling_nemen(aanvraag, *, door, behandelaar=None, notitie="") -> StatusWijziging:
    """Take into assessment, assigned to ``door`` or a colleague of the same district."""
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        behandelaar = behandelaar or door
        if not mag_handelen(behandelaar, aanvraag):
            raise GeenBevoegdheid(_("Assign the application to a coordinator of its district."))
        Aanvraag.objects.filter(pk=aanvraag.pk).update(behandelaar=behandelaar)
        aanvraag.behandelaar = behandelaar
        return _overgang(aanvraag, Status.IN_BEHANDELING, door=door, notitie=notitie)


def aanpassing_vragen(aanvraag, *, door, bericht: str, notitie="") -> StatusWijziging:
    if not bericht.strip():
        raise BesluitFout(_("Tell the resident what to change."))
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        return _overgang(
            aanvraag, Status.AANPASSING_GEVRAAGD, door=door, motivatie=bericht, notitie=notitie
        )


def afwijzen(aanvraag, *, door, motivatie: str, notitie="") -> StatusWijziging:
    if not motivatie.strip():
        raise BesluitFout(
            _("Give the reason for the rejection, with the scheme rule it is based on.")
        )
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        return _overgang(
            aanvraag, Status.AFGEWEZEN, door=door, motivatie=motivatie, notitie=notitie
        )


def _eerste_akkoord(aanvraag) -> StatusWijziging | None:
    return aanvraag.wijzigingen.filter(naar=Status.TWEEDE_AKKOORD).order_by("-op", "-pk").first()


def goedkeuren(
    aanvraag,
    *,
    door,
    bedrag: Decimal | None = None,
    motivatie: str = "",
    notitie: str = "",
    overschrijding: str = "",
) -> StatusWijziging:
    """Approve, possibly for less than asked. Above the scheme's four-eyes threshold the first
    approval waits for a second person; the final approval reserves the amount in the district
    budget of this year, refused when it would overspend unless an administrator overrides
    with a motivation (``overschrijding``)."""
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        if not any(
            mag_overgaan(aanvraag.status, naar, Rol.COORDINATOR)
            for naar in (Status.GOEDGEKEURD, Status.TWEEDE_AKKOORD)
        ):
            raise OngeldigeOvergang(aanvraag.status, Status.GOEDGEKEURD, Rol.COORDINATOR)
        regeling = aanvraag.regeling
        if aanvraag.status == Status.TWEEDE_AKKOORD:
            eerste = _eerste_akkoord(aanvraag)
            if eerste is not None and eerste.door_id == door.pk:
                raise BesluitFout(_("The second approval must come from another person."))
            bedrag = aanvraag.toegekend_bedrag
        else:
            bedrag = _toe_te_kennen(aanvraag, bedrag)
            drempel = regeling.vier_ogen_vanaf
            if drempel is not None and bedrag > drempel:
                Aanvraag.objects.filter(pk=aanvraag.pk).update(toegekend_bedrag=bedrag)
                aanvraag.toegekend_bedrag = bedrag
                return _overgang(
                    aanvraag,
                    Status.TWEEDE_AKKOORD,
                    door=door,
                    motivatie=motivatie,
                    notitie=notitie,
                    meld=False,  # internal step: the resident hears of the decision itself
                )
        Aanvraag.objects.filter(pk=aanvraag.pk).update(toegekend_bedrag=bedrag)
        aanvraag.toegekend_bedrag = bedrag
        budget, over = None, False
        if regeling.uit_wijkbudget and bedrag > 0:
            budget = _vergrendel_budget(aanvraag)
            positie = budget.positie()
            over = bedrag > positie.resterend
            if over:
                if not (overschrijding.strip() and heeft_alle_wijken(door)):
                    raise BudgetOntoereikend(
                        _(
                            "Not enough budget left: € %(rest)s remains in %(budget)s, this "
                            "approval needs € %(bedrag)s. Only an administrator can approve "
                            "beyond the budget, with a motivation."
                        )
                        % {"rest": positie.resterend, "budget": budget, "bedrag": bedrag}
                    )
        wijziging = _overgang(
            aanvraag, Status.GOEDGEKEURD, door=door, motivatie=motivatie, notitie=notitie
        )
        if budget is not None:
            Boeking.objects.create(
                budget=budget,
                aanvraag=aanvraag,
                wijziging=wijziging,
                soort=BoekingSoort.RESERVERING,
                bedrag=bedrag,
                door=door,
                overschrijding=overschrijding.strip() if over else "",
            )
        return wijziging


def _toe_te_kennen(aanvraag, bedrag) -> Decimal:
    regeling = aanvraag.regeling
    if regeling.heeft_vast_bedrag:
        return regeling.bedrag
    gevraagd = aanvraag.gevraagd_bedrag or Decimal("0.00")
    bedrag = gevraagd if bedrag is None else Decimal(bedrag)
    if bedrag < 0 or bedrag > gevraagd:
        raise BesluitFout(_("The granted amount must be between € 0 and the amount requested."))
    return bedrag


def _vergrendel_budget(aanvraag) -> Wijkbudget:
    jaar = timezone.localdate().year
    budget = Wijkbudget.voor(aanvraag.wijk_id, jaar)
    if budget is None:
        raise BudgetOntoereikend(
            _("There is no district budget for %(jaar)s yet: an administrator enters it first.")
            % {"jaar": jaar}
        )
    return Wijkbudget.objects.select_for_update().get(pk=budget.pk)


def _open_reservering(aanvraag) -> tuple[Wijkbudget | None, Decimal]:
    boekingen = list(aanvraag.boekingen.select_related("budget"))
    open_bedrag = Decimal("0.00")
    budget = None
    for boeking in boekingen:
        budget = boeking.budget
        if boeking.soort == BoekingSoort.RESERVERING:
            open_bedrag += boeking.bedrag
        else:
            open_bedrag -= boeking.bedrag
    return budget, open_bedrag


def _boek(aanvraag, budget, wijziging, soort, bedrag, door):
    if bedrag > 0:
        Boeking.objects.create(
            budget=budget,
            aanvraag=aanvraag,
            wijziging=wijziging,
            soort=soort,
            bedrag=bedrag,
            door=door,
        )


def uitbetalen(aanvraag, *, door, bedrag: Decimal | None = None, datum=None, kenmerk: str = ""):
    """Mark paid: books the payment against the reservation and releases any difference."""
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        budget, open_bedrag = _open_reservering(aanvraag)
        bedrag = open_bedrag if bedrag is None else Decimal(bedrag)
        if budget is not None:
            Wijkbudget.objects.select_for_update().get(pk=budget.pk)
            if bedrag > open_bedrag:
                raise BesluitFout(_("The payment cannot exceed the approved amount."))
        notitie = _("Paid on %(datum)s, reference %(kenmerk)s") % {
            "datum": datum or timezone.localdate(),
            "kenmerk": kenmerk or "—",
        }
        wijziging = _overgang(aanvraag, Status.UITBETAALD, door=door, notitie=notitie)
        if budget is not None:
            _boek(aanvraag, budget, wijziging, BoekingSoort.BETALING, bedrag, door)
            _boek(aanvraag, budget, wijziging, BoekingSoort.VRIJGAVE, open_bedrag - bedrag, door)
        return wijziging


def intrekken(aanvraag, *, door, reden: str = "") -> StatusWijziging:
    """The resident withdraws; an approval's reservation is released."""
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        wijziging = aanvraag.wijzig_status(
            Status.INGETROKKEN, door=door, rol=Rol.AANVRAGER, motivatie=reden
        )
        budget, open_bedrag = _open_reservering(aanvraag)
        if budget is not None and open_bedrag > 0:
            Wijkbudget.objects.select_for_update().get(pk=budget.pk)
            _boek(aanvraag, budget, wijziging, BoekingSoort.VRIJGAVE, open_bedrag, door)
        return wijziging


def sluiten(aanvraag, *, door, notitie: str = "") -> StatusWijziging:
    with transaction.atomic():
        aanvraag = _vergrendel(aanvraag)
        _controleer_bevoegd(door, aanvraag)
        return _overgang(aanvraag, Status.AFGESLOTEN, door=door, notitie=notitie, meld=False)
