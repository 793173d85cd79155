"""E-mail to district coordinators: a new application, and the daily overview of late ones.

- ``meld_nieuwe_aanvraag`` is called by ``Aanvraag.indienen`` inside its transaction: one
  e-mail per active coordinator of the application's district, planned in the outbox in the
  same transaction as the submit. The key is the submission (id + moment of submitting), so a
  repeated call adds nothing while a resubmission after requested changes is a new message.
- ``stuur_dagoverzicht`` is a daily django-q2 schedule (``plan_dagoverzicht``, post_migrate):
  per coordinator the applications of their districts that wait for the municipality longer
  than their scheme's service level; one e-mail per coordinator per day, none when nothing
  waits.

Neither message contains personal data of the applicant (no name, address, telephone or the
resident's own text): coordinators open the admin for that. Links go to the review queue in
the admin, at the public base URL.
"""

import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import BEHEERDER, WIJKCOORDINATOR
from portal.core.urls import publieke_url
from portal.gebieden.models import Wijk
from portal.mail.tasks import plan_email

from .constants import Status
from .models import Aanvraag, Regeling
from .statemachine import LOPEND

logger = logging.getLogger(__name__)

# Pending and waiting for the municipality (submitted, being assessed, waiting for a second
# approval); "changes requested" waits for the resident and does not count as late.
WACHT_OP_GEMEENTE = LOPEND - {Status.AANPASSING_GEVRAAGD}

# The coordinators' review queue in the Wagtail admin (``admin_aanvragen.AanvraagViewSet``,
# URL namespace "aanvragen"): its listing and the detail screen of one application.
WACHTRIJ_NAMESPACE = "aanvragen"

# At most this many applications are listed per overview; the rest is counted ("and N more").
MAX_IN_OVERZICHT = 20

SCHEDULE_NAAM = "Dagoverzicht voor wijkcoördinatoren"
# Local wall-clock time (settings.TIME_ZONE, Europe/Amsterdam) of the daily overview.
DAGOVERZICHT_TIJD = time(7, 0)


def _admin_url(naam: str, *args) -> str:
    """A public URL in the review queue. Should the queue's URLs be missing (a renamed
    namespace), the message links to the admin's dashboard rather than failing the submit."""
    try:
        return publieke_url(reverse(f"{WACHTRIJ_NAMESPACE}:{naam}", args=args))
    except NoReverseMatch:
        logger.error(
            "review queue URL %s:%s not found; linking to the admin", WACHTRIJ_NAMESPACE, naam
        )
        return publieke_url("/admin/")


def wachtrij_url() -> str:
    return _admin_url("index")


def aanvraag_url(pk: int) -> str:
    return _admin_url("inspect", pk)


def actieve_coordinatoren():
    """Users who can act on a district's applications when linked to it: active, with an
    address, and with the coordinator (or administrator) role. The link alone grants nothing
    (``portal.accounts.scoping``), so a linked user without the role gets no e-mail."""
    met_rol = User.objects.filter(groups__name__in=[WIJKCOORDINATOR, BEHEERDER]).values("pk")
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(pk__in=met_rol) | Q(is_superuser=True))
    )


def meld_nieuwe_aanvraag(aanvraag: Aanvraag, *, opnieuw: bool = False) -> list[int]:
    """Plan an e-mail to each active coordinator of the application's district (in the
    caller's transaction); returns the outbox ids planned now (none when already planned)."""
    # Read from the database within the caller's transaction: the submit has just set the
    # reference and the moment of submitting. Only the fields the message shows.
    rij = (
        Aanvraag.objects.filter(pk=aanvraag.pk)
        .values(
            "referentie",
            "ingediend_op",
            "wijk_id",
            "wijk__naam",
            "buurt__naam",
            "regeling__titel",
            "regeling__servicenorm_dagen",
        )
        .get()
    )
    if rij["wijk_id"] is None or rij["ingediend_op"] is None:
        return []
    adressen = list(
        actieve_coordinatoren()
        .filter(coordinator_van=rij["wijk_id"])
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not adressen:
        logger.warning(
            "application %s: district %s has no active coordinator", aanvraag.pk, rij["wijk_id"]
        )
        return []
    context = {
        "referentie": rij["referentie"],
        "regeling": rij["regeling__titel"],
        "wijk": rij["wijk__naam"],
        "buurt": rij["buurt__naam"] or "",
        "ingediend_op": rij["ingediend_op"],
        "servicenorm_dagen": rij["regeling__servicenorm_dagen"],
        "opnieuw": opnieuw,
        "url": aanvraag_url(aanvraag.pk),
        "wachtrij_url": wachtrij_url(),
    }
    return plan_email(
        adressen,
        "nieuwe_aanvraag",
        context,
        sleutel=f"nieuwe-aanvraag:{aanvraag.pk}:{rij['ingediend_op'].isoformat()}",
    )


def te_laat(nu: datetime | None = None):
    """Applications waiting for the municipality longer than their scheme's service level.

    The service level differs per scheme; the few distinct values become one OR-ed condition,
    so the comparison stays in the database on every backend (SQLite cannot multiply an
    interval by a column)."""
    nu = nu or timezone.now()
    normen = Regeling.objects.order_by().values_list("servicenorm_dagen", flat=True).distinct()
    voorwaarde = Q(pk__in=[])
    for dagen in normen:
        voorwaarde |= Q(
            regeling__servicenorm_dagen=dagen, ingediend_op__lt=nu - timedelta(days=dagen)
        )
    return Aanvraag.objects.filter(
        voorwaarde, status__in=WACHT_OP_GEMEENTE, wijk__isnull=False, ingediend_op__isnull=False
    )


def _dagen_sinds(moment: datetime, vandaag) -> int:
    return (vandaag - timezone.localtime(moment).date()).days


def stuur_dagoverzicht() -> int:
    """The daily task: one overview per coordinator with late applications in their districts.

    Idempotent per coordinator and day (the outbox key); returns how many e-mails it planned."""
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    laat = te_laat(nu)

    # Per district: how many and since when (one aggregate query).
    per_wijk = {
        rij["wijk_id"]: rij
        for rij in laat.order_by()
        .values("wijk_id")
        .annotate(aantal=Count("pk"), oudste=Min("ingediend_op"))
    }
    if not per_wijk:
        return 0
    wijknamen = dict(Wijk.objects.filter(pk__in=per_wijk).values_list("pk", "naam"))

    # Which active coordinator acts for which of those districts (one query on the link table).
    koppelingen = Wijk.coordinatoren.through.objects.filter(
        wijk_id__in=per_wijk, user__in=actieve_coordinatoren()
    ).values_list("user_id", "wijk_id")
    wijken_van: dict[int, list[int]] = {}
    for user_id, wijk_id in koppelingen:
        wijken_van.setdefault(user_id, []).append(wijk_id)
    adres_van = dict(User.objects.filter(pk__in=wijken_van).values_list("pk", "email"))

    gepland = 0
    for user_id in sorted(wijken_van):
        wijk_ids = sorted(wijken_van[user_id], key=lambda pk: (wijknamen[pk], pk))
        wijken = [
            {
                "naam": wijknamen[wijk_id],
                "aantal": per_wijk[wijk_id]["aantal"],
                "oudste": per_wijk[wijk_id]["oudste"],
                "dagen": _dagen_sinds(per_wijk[wijk_id]["oudste"], vandaag),
            }
            for wijk_id in wijk_ids
        ]
        totaal = sum(wijk["aantal"] for wijk in wijken)
        rijen = (
            laat.filter(wijk_id__in=wijk_ids)
            .order_by("ingediend_op", "pk")
            .values(
                "pk",
                "referentie",
                "status",
                "ingediend_op",
                "regeling__titel",
                "regeling__servicenorm_dagen",
                "wijk__naam",
                "buurt__naam",
            )[:MAX_IN_OVERZICHT]
        )
        items = [
            {
                "referentie": rij["referentie"],
                "status": Status(rij["status"]).label,
                "ingediend_op": rij["ingediend_op"],
                "dagen": _dagen_sinds(rij["ingediend_op"], vandaag),
                "norm": rij["regeling__servicenorm_dagen"],
                "regeling": rij["regeling__titel"],
                "wijk": rij["wijk__naam"],
                "buurt": rij["buurt__naam"] or "",
                "url": aanvraag_url(rij["pk"]),
            }
            for rij in rijen
        ]
        context = {
            "datum": vandaag,
            "totaal": totaal,
            "wijken": wijken,
            "items": items,
            "meer": totaal - len(items),
            "url": wachtrij_url(),
        }
        # Each coordinator in their own transaction: a failure later on does not undo the
        # overviews already planned, and a rerun skips them (same key).
        with transaction.atomic():
            gepland += len(
                plan_email(
                    adres_van[user_id],
                    "dagoverzicht",
                    context,
                    sleutel=f"dagoverzicht:{vandaag.isoformat()}:{user_id}",
                )
            )
    logger.info("daily overview: %s e-mails planned", gepland)
    return gepland


def volgende_dagoverzicht(nu: datetime | None = None) -> datetime:
    """The next DAGOVERZICHT_TIJD in the local time zone (correct across DST changes)."""
    tz = timezone.get_default_timezone()
    lokaal = timezone.localtime(nu or timezone.now(), tz)
    moment = datetime.combine(lokaal.date(), DAGOVERZICHT_TIJD, tzinfo=tz)
    if moment <= lokaal:
        moment = datetime.combine(lokaal.date() + timedelta(days=1), DAGOVERZICHT_TIJD, tzinfo=tz)
    return moment


def plan_dagoverzicht(**kwargs) -> None:
    """Make sure the daily schedule exists (post_migrate; idempotent).

    The first run is set only when the schedule is created: a later migrate keeps the planned
    run (and a time an administrator changed). django-q2 keeps a DAILY schedule at the same
    local time across DST changes."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAAM,
        defaults={
            "func": "participatie.meldingen.stuur_dagoverzicht",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
        },
        create_defaults={
            "func": "participatie.meldingen.stuur_dagoverzicht",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
            "next_run": volgende_dagoverzicht(),
        },
    )
