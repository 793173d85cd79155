"""Storing a resident's response: the only code that writes ``Reactie`` and ``Antwoord`` rows
for residents.

Why here and not in the views: the invariants hold for every caller.

- One response per account and per e-mail address: the partial unique constraints decide; a
  create that loses a race (``IntegrityError``) re-reads the winner's row, and the row is then
  locked for the change, so concurrent submits never make two responses.
- ``Antwoord.raadpleging``, ``wijk``, ``soort`` and ``geteld`` are copies (the results page
  aggregates without joins): they are written in the same transaction as the response.
- An open-text answer row is kept and updated in place; when its text changes after
  moderation it goes back to "waiting" through the state machine (``statemachine``).
- Responses change only while the consultation is open (``NietOpen`` otherwise).
- Anonymous responses are confirmed through a signed link (``link_voor``/``lees_link``); the
  e-mail address is matched by a keyed hash (``email_sleutel``) so one address gets one
  response, also after retention removed the address itself.
"""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from portal.core.urls import publieke_url
from portal.mail.tasks import plan_email

from .constants import CitaatStatus, Fase, ReactieStatus, VraagSoort
from .models import Antwoord, Reactie
from .statemachine import wijzig_status
from .vragen import Vraag, samenvatting, vragen_van

EMAIL_SLEUTEL_ZOUT = "participatie.raadplegingen.email_sleutel"
LINK_ZOUT = "participatie.raadplegingen.reactie_link"
LINK_GELDIG = timedelta(days=7)
BEVESTIGEN, WIJZIGEN = "b", "w"


class NietOpen(Exception):  # noqa: N818 (domain name)
    """The consultation does not take responses (now); ``bericht`` is the Dutch message."""

    def __init__(self, bericht: str):
        super().__init__(bericht)
        self.bericht = bericht


def datum_tekst(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def controleer_open(raadpleging) -> None:
    fase = raadpleging.fase()
    if fase == Fase.OPEN:
        return
    if fase == Fase.GEPLAND:
        raise NietOpen(
            _("This consultation is not open yet: it opens on %(datum)s. Nothing was saved.")
            % {"datum": datum_tekst(raadpleging.opent_op)}
        )
    if fase == Fase.GESLOTEN:
        raise NietOpen(
            _(
                "This consultation closed on %(datum)s. Responses can no longer be sent or "
                "changed; nothing was saved."
            )
            % {"datum": datum_tekst(raadpleging.sluit_op)}
        )
    raise NietOpen(_("This consultation is not open. Nothing was saved."))


# --- E-mail address and links ---------------------------------------------------------------


def normaliseer_email(adres: str) -> str:
    return (adres or "").strip().lower()


def email_sleutel(adres: str) -> str:
    """HMAC-SHA256 of the normalised address, with a key derived from SECRET_KEY."""
    return salted_hmac(EMAIL_SLEUTEL_ZOUT, normaliseer_email(adres), algorithm="sha256").hexdigest()


def link_voor(reactie: Reactie, doel: str) -> str:
    """The public confirmation (``BEVESTIGEN``) or change (``WIJZIGEN``) link of an anonymous
    response, valid for LINK_GELDIG."""
    token = signing.dumps(
        {"r": reactie.pk, "s": reactie.email_sleutel[:16], "d": doel}, salt=LINK_ZOUT
    )
    return publieke_url(reverse("raadplegingen:bevestigen", kwargs={"token": token}))


def lees_link(token: str) -> tuple[Reactie, str] | None:
    """(the response, the link's purpose), or None for a wrong, expired or stale link."""
    try:
        inhoud = signing.loads(token, salt=LINK_ZOUT, max_age=LINK_GELDIG)
        pk, sleutel, doel = int(inhoud["r"]), str(inhoud["s"]), str(inhoud["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    reactie = (
        Reactie.objects.filter(pk=pk, raadpleging__gepubliceerd=True)
        .exclude(email_sleutel="")
        .select_related("raadpleging")
        .first()
    )
    if (
        reactie is None
        or reactie.email_sleutel[:16] != sleutel
        or doel not in (BEVESTIGEN, WIJZIGEN)
    ):
        return None
    return reactie, doel


# --- Answers ----------------------------------------------------------------------------------


def _schrijf_antwoorden(reactie: Reactie, vragen: list[Vraag], antwoorden: dict, *, door) -> None:
    """Replace the non-open answers; update open-text rows in place."""
    geteld = reactie.status == ReactieStatus.INGEDIEND
    gemeen = {
        "reactie": reactie,
        "raadpleging_id": reactie.raadpleging_id,
        "wijk_id": reactie.wijk_id,
        "geteld": geteld,
    }
    open_rijen = {a.vraag: a for a in reactie.antwoorden.filter(soort=VraagSoort.OPEN)}
    reactie.antwoorden.exclude(soort=VraagSoort.OPEN).delete()
    nieuw = []
    for vraag in vragen:
        waarde = antwoorden.get(vraag.id)
        rij = {**gemeen, "vraag": vraag.id, "soort": vraag.soort}
        if vraag.soort == VraagSoort.OPEN:
            _schrijf_open(open_rijen.get(vraag.id), (waarde or "").strip(), rij, nieuw, door)
        elif vraag.soort == VraagSoort.ENKELE_KEUZE and waarde:
            nieuw.append(Antwoord(**rij, keuze=waarde))
        elif vraag.soort == VraagSoort.MEERKEUZE:
            nieuw += [Antwoord(**rij, keuze=keuze) for keuze in waarde or []]
        elif vraag.soort == VraagSoort.SCHAAL and waarde is not None:
            nieuw.append(Antwoord(**rij, getal=waarde))
        elif vraag.soort == VraagSoort.RANGORDE:
            nieuw += [Antwoord(**rij, keuze=o, getal=p) for o, p in (waarde or {}).items()]
    Antwoord.objects.bulk_create(nieuw)
    reactie.antwoorden.update(wijk_id=reactie.wijk_id, geteld=geteld)


def _schrijf_open(bestaand: Antwoord | None, tekst: str, rij: dict, nieuw: list, door) -> None:
    if not tekst:
        if bestaand is not None:
            bestaand.delete()
    elif bestaand is None:
        nieuw.append(Antwoord(**rij, tekst=tekst, citaat_status=CitaatStatus.WACHT))
    elif bestaand.tekst != tekst:
        Antwoord.objects.filter(pk=bestaand.pk).update(tekst=tekst, gewijzigd=timezone.now())
        if bestaand.citaat_status in (CitaatStatus.GOEDGEKEURD, CitaatStatus.AFGEWEZEN):
            wijzig_status(
                bestaand,
                CitaatStatus.WACHT,
                door=door,
                notitie=_("The resident changed the text."),
            )


# --- Responses --------------------------------------------------------------------------------


def _vind_of_maak(raadpleging, sleutel: dict, defaults: dict) -> tuple[Reactie, bool]:
    """The response for ``sleutel`` (bewoner or email_sleutel), created when missing; a create
    that loses a race to the unique constraint re-reads the winner's row."""
    bestaand = Reactie.objects.filter(raadpleging=raadpleging, **sleutel).first()
    if bestaand is not None:
        return bestaand, False
    try:
        with transaction.atomic():
            return Reactie.objects.create(raadpleging=raadpleging, **sleutel, **defaults), True
    except IntegrityError:
        return Reactie.objects.get(raadpleging=raadpleging, **sleutel), False


def _vergrendel(reactie: Reactie) -> Reactie:
    vers = Reactie.objects.select_for_update().get(pk=reactie.pk)
    vers.raadpleging = reactie.raadpleging
    return vers


def _bewaar(reactie, antwoorden, *, wijk, versturen, door, aan) -> Reactie:
    vragen = vragen_van(reactie.raadpleging)
    reactie.wijk = wijk
    if versturen:
        if reactie.status != ReactieStatus.INGEDIEND:
            reactie.ingediend_op = timezone.now()
        reactie.status = ReactieStatus.INGEDIEND
    reactie.save()
    _schrijf_antwoorden(reactie, vragen, antwoorden, door=door)
    if versturen and aan:
        plan_ontvangstbevestiging(reactie, aan, vragen)
    return reactie


def reactie_van_account(raadpleging, user) -> Reactie | None:
    return Reactie.objects.filter(raadpleging=raadpleging, bewoner=user).first()


def bewaar_voor_account(raadpleging, user, antwoorden: dict, *, wijk, versturen: bool) -> Reactie:
    """Save (progress) or send the account's response. A response that was sent stays sent:
    a change of it is sent again (counted answers are never half-filled drafts)."""
    with transaction.atomic():
        controleer_open(raadpleging)
        reactie, _nieuw = _vind_of_maak(raadpleging, {"bewoner": user}, {"wijk": wijk})
        reactie = _vergrendel(reactie)
        versturen = versturen or reactie.status == ReactieStatus.INGEDIEND
        return _bewaar(
            reactie, antwoorden, wijk=wijk, versturen=versturen, door=user, aan=user.email
        )


def reageer_anoniem(raadpleging, email: str, antwoorden: dict, *, wijk) -> tuple[Reactie, bool]:
    """A new anonymous response waits for the link in its e-mail (nothing counts before).
    Does this address already have one, the answers are not stored (nobody may overwrite
    another's response) and the address gets a link to change its own: the caller shows the
    same page either way. Returns (response, new)."""
    with transaction.atomic():
        controleer_open(raadpleging)
        email = email.strip()
        reactie, nieuw = _vind_of_maak(
            raadpleging,
            {"email_sleutel": email_sleutel(email)},
            {"email": email, "wijk": wijk, "status": ReactieStatus.TE_BEVESTIGEN},
        )
        if nieuw:
            _schrijf_antwoorden(reactie, vragen_van(raadpleging), antwoorden, door=None)
            _mail_link(reactie, email, BEVESTIGEN, sleutel=f"raadpleging-bevestigen:{reactie.pk}")
        else:
            # At most one change link per response per hour: the form cannot mail-bomb an address.
            uur = timezone.now().strftime("%Y%m%d%H")
            _mail_link(reactie, email, WIJZIGEN, sleutel=f"raadpleging-wijzigen:{reactie.pk}:{uur}")
        return reactie, nieuw


def bevestig(reactie: Reactie) -> bool:
    """Following the confirmation link: the response is sent and counted (and its receipt
    planned). False when it had been confirmed already."""
    with transaction.atomic():
        controleer_open(reactie.raadpleging)
        vers = _vergrendel(reactie)
        if vers.status == ReactieStatus.INGEDIEND:
            return False
        vers.status = ReactieStatus.INGEDIEND
        vers.ingediend_op = timezone.now()
        vers.save(update_fields=["status", "ingediend_op", "gewijzigd"])
        vers.antwoorden.update(geteld=True, wijk_id=vers.wijk_id)
        plan_ontvangstbevestiging(vers, vers.email)
        reactie.status, reactie.ingediend_op = vers.status, vers.ingediend_op
        return True


def wijzig_anoniem(reactie: Reactie, antwoorden: dict, *, wijk) -> Reactie:
    """A change by the holder of a valid link (the response id is in their session): sent."""
    with transaction.atomic():
        controleer_open(reactie.raadpleging)
        vers = _vergrendel(reactie)
        return _bewaar(vers, antwoorden, wijk=wijk, versturen=True, door=None, aan=vers.email)


# --- E-mail -----------------------------------------------------------------------------------


def _mail_link(reactie: Reactie, aan: str, doel: str, *, sleutel: str) -> None:
    raadpleging = reactie.raadpleging
    sjabloon = "raadpleging_bevestigen" if doel == BEVESTIGEN else "raadpleging_wijzigen"
    plan_email(
        aan,
        sjabloon,
        {
            "titel": raadpleging.titel,
            "link": link_voor(reactie, doel),
            "geldig_dagen": LINK_GELDIG.days,
            "sluit_op": raadpleging.sluit_op,
        },
        sleutel=sleutel,
    )


def plan_ontvangstbevestiging(reactie: Reactie, aan: str, vragen: list[Vraag] | None = None):
    """The receipt with the answers given; keyed per response and moment of this send, so a
    retried task or a repeated call sends it once."""
    if not aan:
        return []
    raadpleging = reactie.raadpleging
    context = {
        "titel": raadpleging.titel,
        "antwoorden": samenvatting(reactie, vragen),
        "sluit_op": raadpleging.sluit_op,
        "url": publieke_url(raadpleging.get_absolute_url()),
        "wijzig_link": link_voor(reactie, WIJZIGEN) if reactie.email_sleutel else "",
        "geldig_dagen": LINK_GELDIG.days,
    }
    return plan_email(
        aan,
        "raadpleging_ontvangen",
        context,
        sleutel=f"raadpleging-ontvangen:{reactie.pk}:{reactie.gewijzigd.isoformat()}",
    )
