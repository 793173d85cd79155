"""Every change to a rating, comment, defect report, wish or support: the resident's actions and
the reviewers' decisions, each in one transaction.

Statuses change only through ``statemachine.wijzig_status`` (the kind's transition table decides
what is possible from where, and an ``Overgang`` row records it). Who may decide is asked of the
access policy (``rechten``): a coordinator of the item's district or an administrator; anyone
else gets ``GeenBevoegdheid`` whatever the entry point (admin view, management command, shell).
A report's or wish's resident gets an e-mail per public status change, put into the outbox in
the same transaction and keyed per transition, so planning it twice sends one message.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from participatie.wachtrij.models import Overgang
from portal.bijlagen import GecontroleerdBestand
from portal.core.urls import publieke_url
from portal.mail.tasks import plan_email

from .constants import CRITERIA, MeldingStatus, OpmerkingStatus, WensStatus
from .models import Melding, Speelplek, Waardering, Wens, WensSteun
from .rechten import MeldingPermissionPolicy, OpmerkingPermissionPolicy, WensPermissionPolicy
from .statemachine import STEUNBARE_WENSEN, statusveld, wijzig_status

M, OPM, W = MeldingStatus, OpmerkingStatus, WensStatus


class BesluitFout(ValidationError):
    """A change that cannot be made; the message says why, in Dutch."""


class GeenBevoegdheid(BesluitFout):
    pass


# --- Residents ----------------------------------------------------------------------------


def _eigen_waardering(speelplek, bewoner) -> Waardering | None:
    return (
        Waardering.objects.select_for_update().filter(speelplek=speelplek, bewoner=bewoner).first()
    )


def bewaar_waardering(speelplek: Speelplek, bewoner, *, scores: dict, opmerking: str):
    """Rate a play space, or change the resident's rating of it: one per resident per play
    space. The scores count at once (the play space's averages are recomputed in the same
    transaction); a new or changed comment waits for moderation, an emptied one is gone.

    Race-safe: the play space's row is locked first, so ratings of one play space are saved one
    after the other and each recomputation sees the ratings saved before it (two residents
    rating at once would otherwise each store an average without the other's scores). Should two
    submits of one resident still both find no rating (a database without row locks), the unique
    constraint lets one insert win and the other updates that row instead.
    """
    opmerking = opmerking.strip()
    velden = {veld: scores[veld] for veld in CRITERIA}
    with transaction.atomic():
        Speelplek.objects.select_for_update().filter(pk=speelplek.pk).values_list("pk").get()
        waardering = _eigen_waardering(speelplek, bewoner)
        vorige = None
        if waardering is None:
            try:
                with transaction.atomic():  # a savepoint: the outer transaction survives
                    waardering = Waardering.objects.create(
                        speelplek=speelplek, bewoner=bewoner, opmerking=opmerking, **velden
                    )
            except IntegrityError:
                waardering = _eigen_waardering(speelplek, bewoner)
                if waardering is None:  # not the unique constraint after all
                    raise
        if waardering.opmerking != opmerking or any(
            getattr(waardering, veld) != waarde for veld, waarde in velden.items()
        ):
            vorige = waardering.opmerking
            for veld, waarde in velden.items():
                setattr(waardering, veld, waarde)
            waardering.opmerking = opmerking
            waardering.save(update_fields=[*velden, "opmerking", "gewijzigd"])
        _volg_opmerking(waardering, vorige, door=bewoner)
        speelplek.herbereken_waarderingen()
    return waardering


def _volg_opmerking(waardering: Waardering, vorige: str | None, *, door) -> None:
    """The comment's moderation status after the resident saved (``vorige``: the text before,
    None when unchanged or new)."""
    status = waardering.opmerking_status
    if not waardering.opmerking:
        if status != OPM.GEEN:
            wijzig_status(waardering, OPM.GEEN, door=door)
    elif (vorige is not None and vorige != waardering.opmerking) or status == OPM.GEEN:
        if status != OPM.WACHT:  # an edited comment is read again
            wijzig_status(waardering, OPM.WACHT, door=door)


def dien_melding_in(
    speelplek: Speelplek,
    bewoner,
    *,
    categorie: str,
    tekst: str,
    foto: GecontroleerdBestand | None = None,
) -> Melding:
    """A defect report for the district's queue; ``foto`` as checked by portal.bijlagen (only
    the re-encoded copy is stored, never the upload)."""
    melding = Melding(speelplek=speelplek, bewoner=bewoner, categorie=categorie, tekst=tekst)
    if foto is not None:
        bestand = foto.als_contentfile()
        melding.foto_mime = foto.mime
        melding.foto.save(bestand.name, bestand, save=False)
    melding.save()
    return melding


def dien_wens_in(
    bewoner,
    *,
    soort: str,
    titel: str,
    tekst: str,
    speelplek: Speelplek | None = None,
    buurt=None,
    lat=None,
    lon=None,
) -> Wens:
    """A wish for the district's queue: an improvement to ``speelplek``, or a new play space in
    ``buurt`` (at the point ``lat``/``lon`` when given). Public only once published."""
    if speelplek is not None:
        buurt, lat, lon = speelplek.buurt, None, None  # Wens.save takes the play space's point
    return Wens.objects.create(
        soort=soort,
        speelplek=speelplek,
        buurt=buurt,
        lat=lat,
        lon=lon,
        titel=titel,
        tekst=tekst,
        bewoner=bewoner,
    )


def steun_wens(wens: Wens, bewoner) -> bool:
    """Support a published wish once; False when this resident already supports it. The count
    is raised in the database (``F``), so parallel supports are all counted."""
    if wens.status not in STEUNBARE_WENSEN:
        raise BesluitFout(_("This wish cannot be supported."))
    if wens.bewoner_id == bewoner.pk:
        raise BesluitFout(_("You proposed this wish yourself."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                WensSteun.objects.create(wens=wens, bewoner=bewoner)
        except IntegrityError:
            return False
        Wens.objects.filter(pk=wens.pk).update(aantal_steun=F("aantal_steun") + 1)
    return True


# --- Reviewers ----------------------------------------------------------------------------


def _vergrendel(item):
    return type(item).objects.select_for_update(of=("self",)).get(pk=item.pk)


def _controleer_bevoegd(policy, door, item) -> None:
    if not policy.user_has_permission_for_instance(door, "change", item):
        raise GeenBevoegdheid(_("You may not decide on items of this district."))


def _verplichte_motivatie(motivatie: str) -> str:
    motivatie = (motivatie or "").strip()
    if not motivatie:
        raise BesluitFout(_("Give the reason; the resident sees it."))
    return motivatie


def _status_label(item, status) -> str:
    veld = item._meta.get_field("status")
    return dict(veld.flatchoices).get(status, status)


def meld_bewoner(item: Melding | Wens, wijziging: Overgang) -> list[int]:
    """The resident's e-mail about a status change of their report or wish, with the public
    motivation only, linking to "Mijn meldingen" at the public address. Keyed per transition:
    planned twice (a retried task, a repeated call), it is one e-mail."""
    if item.bewoner_id is None:  # anonymised
        return []
    soort = item._meta.model_name
    return plan_email(
        item.bewoner.email,
        f"speelkaart_{soort}_status",
        {
            "item": item,
            "speelplek": item.speelplek.naam if item.speelplek_id else "",
            "status": _status_label(item, wijziging.naar),
            "motivatie": wijziging.motivatie,
            "mijn_meldingen_url": publieke_url(reverse("speelkaart:mijn_meldingen")),
        },
        sleutel=f"speelkaart-{soort}-status:{wijziging.pk}",
    )


def _beslis(policy, item, naar, *, door, motivatie="", notitie="", mail=True, **velden):
    with transaction.atomic():
        vers = _vergrendel(item)
        _controleer_bevoegd(policy, door, vers)
        if velden:
            type(vers).objects.filter(pk=vers.pk).update(**velden)
            for veld, waarde in velden.items():
                setattr(vers, veld, waarde)
                setattr(item, veld, waarde)
        wijziging = wijzig_status(vers, naar, door=door, motivatie=motivatie, notitie=notitie)
        setattr(item, statusveld(item), naar)
        if mail:
            meld_bewoner(vers, wijziging)
        return wijziging


# Comments (a rating's ``opmerking``): no e-mail; the resident sees the status in
# "Mijn meldingen".


def opmerking_publiceren(waardering, *, door, motivatie="", notitie="") -> Overgang:
    return _beslis(
        OpmerkingPermissionPolicy(),
        waardering,
        OPM.GEPUBLICEERD,
        door=door,
        motivatie=motivatie,
        notitie=notitie,
        mail=False,
    )


def opmerking_afwijzen(waardering, *, door, motivatie: str, notitie="") -> Overgang:
    return _beslis(
        OpmerkingPermissionPolicy(),
        waardering,
        OPM.AFGEWEZEN,
        door=door,
        motivatie=_verplichte_motivatie(motivatie),
        notitie=notitie,
        mail=False,
    )


# Defect reports.


def melding_in_behandeling(
    melding, *, door, behandelaar=None, motivatie="", notitie=""
) -> Overgang:
    """Take into handling, assigned to ``door`` or a colleague of the same district."""
    behandelaar = behandelaar or door
    policy = MeldingPermissionPolicy()
    if not policy.user_has_permission_for_instance(behandelaar, "change", melding):
        raise GeenBevoegdheid(_("Assign the report to a coordinator of its district."))
    return _beslis(
        policy,
        melding,
        M.IN_BEHANDELING,
        door=door,
        motivatie=motivatie,
        notitie=notitie,
        behandelaar=behandelaar,
    )


def melding_oplossen(melding, *, door, motivatie="", notitie="") -> Overgang:
    return _beslis(
        MeldingPermissionPolicy(),
        melding,
        M.OPGELOST,
        door=door,
        motivatie=motivatie.strip(),
        notitie=notitie,
    )


def melding_afwijzen(melding, *, door, motivatie: str, notitie="") -> Overgang:
    return _beslis(
        MeldingPermissionPolicy(),
        melding,
        M.AFGEWEZEN,
        door=door,
        motivatie=_verplichte_motivatie(motivatie),
        notitie=notitie,
    )


# Wishes.


def wens_publiceren(wens, *, door, motivatie="", notitie="") -> Overgang:
    return _beslis(
        WensPermissionPolicy(),
        wens,
        W.GEPUBLICEERD,
        door=door,
        motivatie=motivatie.strip(),
        notitie=notitie,
    )


def wens_afwijzen(wens, *, door, motivatie: str, notitie="") -> Overgang:
    return _beslis(
        WensPermissionPolicy(),
        wens,
        W.AFGEWEZEN,
        door=door,
        motivatie=_verplichte_motivatie(motivatie),
        notitie=notitie,
    )


def wens_in_behandeling(wens, *, door, motivatie="", notitie="") -> Overgang:
    return _beslis(
        WensPermissionPolicy(),
        wens,
        W.IN_BEHANDELING,
        door=door,
        motivatie=motivatie.strip(),
        notitie=notitie,
    )


def wens_gerealiseerd(wens, *, door, motivatie="", notitie="") -> Overgang:
    return _beslis(
        WensPermissionPolicy(),
        wens,
        W.GEREALISEERD,
        door=door,
        motivatie=motivatie.strip(),
        notitie=notitie,
    )
