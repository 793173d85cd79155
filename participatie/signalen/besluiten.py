"""Every change to a signal: the resident sends it, the district team triages, forwards, links it
to a programme theme, closes it with a public reply or reopens it; and a logged request to see
who sent it. Each in one transaction.

Statuses change only through ``statemachine.wijzig_status`` (the table decides what is possible
from where; an ``Overgang`` row records it). Who may act is asked of the access policy
(``rechten``): staff of the signal's district; anyone else gets ``GeenBevoegdheid`` whatever the
entry point (admin view, management command, shell). The resident gets an e-mail per public
change, put into the outbox in the same transaction and keyed per transition, so planning it
twice sends one message.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from participatie.wachtrij.formulieren import naam_van
from participatie.wachtrij.models import Notitie
from portal.bijlagen import GecontroleerdBestand
from portal.core.urls import publieke_url
from portal.mail.tasks import plan_email

from .constants import SignaalStatus as S
from .models import IdentiteitInzage, Signaal
from .rechten import mag_beslissen, mag_melder_zien
from .statemachine import OPENSTAANDE_SIGNALEN, wijzig_status


class BesluitFout(ValidationError):
    """A change that cannot be made; the message says why, in Dutch."""


class GeenBevoegdheid(BesluitFout):
    pass


def programmas():
    """Live district programmes (``cms.WijkprogrammaPage``) as wagtailcore Pages, found by their
    content type: participatie never imports cms."""
    return Page.objects.filter(
        content_type__app_label="cms", content_type__model="wijkprogrammapage", live=True
    ).order_by("title", "pk")


# --- The resident -------------------------------------------------------------------------


def dien_in(
    bewoner,
    *,
    categorie,
    tekst: str,
    wijk,
    buurt=None,
    lat=None,
    lon=None,
    foto: GecontroleerdBestand | None = None,
) -> Signaal:
    """A signal for the district's logbook, with the resident's receipt; ``foto`` as checked by
    portal.bijlagen (only the re-encoded copy is stored, never the upload)."""
    signaal = Signaal(
        bewoner=bewoner,
        categorie=categorie,
        tekst=tekst.strip(),
        wijk=wijk,
        buurt=buurt,
        lat=lat,
        lon=lon,
    )
    with transaction.atomic():
        if foto is not None:
            bestand = foto.als_contentfile()
            signaal.foto_mime = foto.mime
            signaal.foto.save(bestand.name, bestand, save=False)
        signaal.save()
        plan_email(
            bewoner.email,
            "signaal_ontvangen",
            {
                "categorie": categorie.naam,
                "url": publieke_url(reverse("signalen:detail", kwargs={"pk": signaal.pk})),
                "mijn_signalen_url": publieke_url(reverse("signalen:mijn")),
            },
            sleutel=f"signaal-ontvangen:{signaal.pk}",
        )
    return signaal


# --- The district team --------------------------------------------------------------------


def _status_label(status) -> str:
    return dict(S.choices).get(status, status)


def meld_bewoner(signaal: Signaal, overgang) -> list[int]:
    """The resident's e-mail about a public change (the new status, the public motivation, the
    partner or the reply), linking to the signal at the public address. Keyed per transition."""
    if signaal.bewoner_id is None:  # anonymised
        return []
    return plan_email(
        signaal.bewoner.email,
        "signaal_status",
        {
            "categorie": signaal.categorie.naam,
            "status": _status_label(overgang.naar),
            "afgesloten": overgang.naar == S.AFGESLOTEN,
            "motivatie": overgang.motivatie,
            "doorgestuurd_naar": signaal.doorgestuurd_naar
            if overgang.naar == S.DOORGESTUURD
            else "",
            "antwoord": signaal.antwoord if overgang.naar == S.AFGESLOTEN else "",
            "url": publieke_url(reverse("signalen:detail", kwargs={"pk": signaal.pk})),
            "mijn_signalen_url": publieke_url(reverse("signalen:mijn")),
        },
        sleutel=f"signaal-status:{overgang.pk}",
    )


def _vergrendel(signaal: Signaal, door) -> Signaal:
    """The signal's row, locked for this transaction, after checking the district again."""
    vers = (
        Signaal.objects.select_for_update(of=("self",))
        .select_related("categorie", "bewoner")
        .get(pk=signaal.pk)
    )
    if not mag_beslissen(door, vers):
        raise GeenBevoegdheid(_("You may not decide on signals of this district."))
    return vers


def _controleer_open(signaal: Signaal) -> None:
    if signaal.status not in OPENSTAANDE_SIGNALEN:
        raise BesluitFout(_("This signal is closed. Reopen it first."))


def _controleer_behandelaar(behandelaar, signaal: Signaal) -> None:
    if behandelaar is not None and not mag_beslissen(behandelaar, signaal):
        raise GeenBevoegdheid(_("Assign the signal to a coordinator of its district."))


def _controleer_programma(programma) -> None:
    if programma is not None and not programmas().filter(pk=programma.pk).exists():
        raise BesluitFout(_("Choose a published district programme."))


def _beslis(signaal, vers, naar, *, door, motivatie="", notitie="", **velden):
    """Save ``velden``, move to ``naar`` (the state machine checks it) and mail the resident."""
    if velden:
        Signaal.objects.filter(pk=vers.pk).update(**velden)
        for veld, waarde in velden.items():
            setattr(vers, veld, waarde)
            setattr(signaal, veld, waarde)
    overgang = wijzig_status(vers, naar, door=door, motivatie=motivatie, notitie=notitie)
    signaal.status = naar
    meld_bewoner(vers, overgang)
    return overgang


def in_behandeling_nemen(
    signaal, *, door, behandelaar=None, programmathema="", programma=None, motivatie="", notitie=""
):
    """Triage: take an open signal into handling, assigned to ``door`` or a colleague of the
    district, optionally linked to a programme theme."""
    with transaction.atomic():
        vers = _vergrendel(signaal, door)
        _controleer_open(vers)
        behandelaar = behandelaar or door
        _controleer_behandelaar(behandelaar, vers)
        _controleer_programma(programma)
        velden = {"behandelaar": behandelaar}
        if programmathema.strip() or programma is not None:
            velden.update(programmathema=programmathema.strip(), programma=programma)
        return _beslis(
            signaal,
            vers,
            S.IN_BEHANDELING,
            door=door,
            motivatie=motivatie.strip(),
            notitie=notitie,
            **velden,
        )


def doorsturen(signaal, *, door, doorgestuurd_naar: str, motivatie="", notitie=""):
    """Forward to a partner (e.g. "Woonbron"), recorded as text; the resident is told to whom."""
    doorgestuurd_naar = (doorgestuurd_naar or "").strip()
    if not doorgestuurd_naar:
        raise BesluitFout({"doorgestuurd_naar": _("Name the partner you forwarded it to.")})
    with transaction.atomic():
        vers = _vergrendel(signaal, door)
        return _beslis(
            signaal,
            vers,
            S.DOORGESTUURD,
            door=door,
            motivatie=motivatie.strip(),
            notitie=notitie,
            doorgestuurd_naar=doorgestuurd_naar,
            behandelaar=vers.behandelaar or door,
        )


def koppel_programmathema(signaal, *, door, programmathema: str, programma=None, notitie=""):
    """Link an open signal to a theme of the district programme; the status stays. Recorded as
    an internal note (no status change, so no e-mail to the resident)."""
    programmathema = (programmathema or "").strip()
    if not programmathema and programma is None:
        raise BesluitFout(
            {"programmathema": _("Name the programme theme or choose the district programme.")}
        )
    with transaction.atomic():
        vers = _vergrendel(signaal, door)
        _controleer_open(vers)
        _controleer_programma(programma)
        Signaal.objects.filter(pk=vers.pk).update(
            programmathema=programmathema, programma=programma
        )
        signaal.programmathema, signaal.programma = programmathema, programma
        tekst = _("Linked to the programme theme: %(thema)s.") % {
            "thema": " — ".join(filter(None, [programmathema, programma and programma.title]))
        }
        if notitie.strip():
            tekst = f"{tekst}\n{notitie.strip()}"
        return Notitie.objects.create(
            content_type=ContentType.objects.get_for_model(Signaal),
            object_id=str(vers.pk),
            tekst=tekst,
            door=door,
        )


def afsluiten(signaal, *, door, antwoord: str, notitie=""):
    """Close with a public reply: saved on the signal, shown in "Mijn signalen" and mailed."""
    antwoord = (antwoord or "").strip()
    if not antwoord:
        raise BesluitFout({"antwoord": _("Write the reply; the resident sees it.")})
    with transaction.atomic():
        vers = _vergrendel(signaal, door)
        return _beslis(
            signaal,
            vers,
            S.AFGESLOTEN,
            door=door,
            motivatie=antwoord,
            notitie=notitie,
            antwoord=antwoord,
        )


def heropenen(signaal, *, door, behandelaar=None, motivatie="", notitie=""):
    """Reopen a closed signal: back into handling (the earlier reply stays until the next)."""
    with transaction.atomic():
        vers = _vergrendel(signaal, door)
        if vers.status in OPENSTAANDE_SIGNALEN:
            raise BesluitFout(_("This signal is still open."))
        behandelaar = behandelaar or door
        _controleer_behandelaar(behandelaar, vers)
        return _beslis(
            signaal,
            vers,
            S.IN_BEHANDELING,
            door=door,
            motivatie=motivatie.strip(),
            notitie=notitie,
            behandelaar=behandelaar,
        )


def toon_melder(signaal, *, door, reden: str):
    """Who sent the signal, for staff of its district who give a reason; every request is
    logged (``IdentiteitInzage``: who, when, why), also when the sender has been removed.
    Returns the sender, or None once anonymised."""
    reden = (reden or "").strip()
    if not reden:
        raise BesluitFout({"reden": _("Give the reason why you need to know who sent it.")})
    with transaction.atomic():
        vers = Signaal.objects.select_related("bewoner").get(pk=signaal.pk)
        if not mag_melder_zien(door, vers):
            raise GeenBevoegdheid(_("You may not see who sent signals of this district."))
        IdentiteitInzage.objects.create(signaal=vers, door=door, reden=reden)
    return vers.bewoner


def inzagen(signaal) -> list[dict]:
    """The log of requests to see the sender, for the detail screen (staff names only)."""
    return [
        {"op": inzage.op, "door": naam_van(inzage.door), "reden": inzage.reden}
        for inzage in IdentiteitInzage.objects.filter(signaal=signaal).select_related("door")
    ]
