"""What the fault script reads and writes in the run's database, through Django's ORM.

The script configures Django in its own process with the same environment as the stack
(``ops.settings_faults`` on the run's database and Redis). It creates residents, reads what was
stored, and counts the outbox; it never changes an application or an e-mail row.

Residents: each synthetic resident is an account with a verified e-mail address. Most get a
ready session (``SessionStore`` of the configured ``cached_db`` engine, so the session is in
PostgreSQL and in Redis, exactly as after a login); a few, in the Redis faults, log in through
the real login form instead (production password hashing costs about a second of CPU per
login, too much for every resident on a 2-core machine).
"""

import os
import sqlite3
from collections import Counter
from dataclasses import dataclass

WACHTWOORD = "Faults-run-wachtwoord-2026"


def configureer(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


@dataclass
class Bewoner:
    email: str
    pk: int
    sessionid: str | None  # None: logs in through the form with WACHTWOORD


@dataclass(frozen=True)
class Omgeving:
    """Ids and paths the journeys need, read once from the demo data."""

    regeling_pk: int
    regeling_pad: str  # the scheme's page with the "start" form
    wijk_pad: str  # a district page (CMS)
    buurt_pks: tuple[int, ...]  # neighbourhoods the scheme applies in


def omgeving() -> Omgeving:
    from cms.models import RegelingPage, WijkPage
    from participatie.constants import Soort
    from participatie.models import Regeling
    from portal.gebieden.models import Buurt

    regeling = Regeling.objects.get(soort=Soort.STRAATFEESTCHEQUE, is_voorbeeld=True)
    pagina = RegelingPage.objects.live().get(regeling=regeling)
    wijk = WijkPage.objects.live().order_by("path").first()
    buurten = [
        b.pk
        for b in Buurt.objects.defer("grens").order_by("pk")
        if regeling.geldt_voor_wijk(b.wijk_id)
    ]
    return Omgeving(regeling.pk, pagina.url, wijk.url, tuple(buurten[:20]))


def maak_bewoners(prefix: str, aantal: int, met_formulier: int = 0) -> list[Bewoner]:
    """``aantal`` residents ``<prefix>-<n>@faults.example``; the last ``met_formulier`` of them
    get a password instead of a session."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils.module_loading import import_string

    from allauth.account.models import EmailAddress

    from portal.accounts.models import User

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    wachtwoord_hash = make_password(WACHTWOORD) if met_formulier else None
    bewoners = []
    with transaction.atomic():
        for n in range(aantal):
            email = f"{prefix}-{n:03d}@faults.example"
            user = User(email=email)
            formulier = n >= aantal - met_formulier
            if formulier:
                user.password = wachtwoord_hash
            else:
                user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            sessionid = None
            if not formulier:
                sessie = store()
                sessie[SESSION_KEY] = str(user.pk)
                sessie[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
                sessie[HASH_SESSION_KEY] = user.get_session_auth_hash()
                sessie.create()
                sessionid = sessie.session_key
            bewoners.append(Bewoner(email, user.pk, sessionid))
    return bewoners


def aanvragen(emails: list[str]) -> list[dict]:
    """Every application of these residents: pk, street, status, reference, applicant."""
    from participatie.models import Aanvraag

    return list(
        Aanvraag.objects.filter(aanvrager__email__in=emails).values(
            "pk", "straat", "status", "referentie", "aanvrager__email"
        )
    )


def outbox(emails: list[str]) -> Counter:
    """Confirmation rows per status for these recipients, and total send attempts."""
    from django.db.models import Count, Sum

    from portal.mail.models import Email

    rijen = Email.objects.filter(aan__in=emails, sjabloon="aanvraag_ontvangen")
    telling = Counter(
        {r["status"]: r["n"] for r in rijen.values("status").annotate(n=Count("pk")).order_by()}
    )
    telling["pogingen"] = rijen.aggregate(p=Sum("pogingen"))["p"] or 0
    telling["rijen"] = rijen.count()
    return telling


def onderweg(emails: list[str]) -> int:
    """Confirmation rows still waiting or being sent."""
    from portal.mail.models import Email, EmailStatus

    return Email.objects.filter(
        aan__in=emails,
        sjabloon="aanvraag_ontvangen",
        status__in=[EmailStatus.WACHTEND, EmailStatus.BEZIG],
    ).count()


def bezig() -> int:
    from portal.mail.models import Email, EmailStatus

    return Email.objects.filter(status=EmailStatus.BEZIG).count()


def veeg() -> int:
    """What the schedule runs every minute (only with --sweep-every)."""
    from portal.mail.tasks import veeg_uitgaande_post

    return veeg_uitgaande_post()


def sluit_verbindingen() -> None:
    from django.db import connections

    connections.close_all()


# --- the SMTP sink's record --------------------------------------------------------------


def sink_aantal(pad) -> int:
    with sqlite3.connect(pad) as db:
        try:
            return db.execute("SELECT count(*) FROM berichten").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def sink_per_referentie(pad, referenties: set[str]) -> Counter:
    with sqlite3.connect(pad) as db:
        rijen = db.execute("SELECT referentie FROM berichten WHERE referentie IS NOT NULL")
        return Counter(ref for (ref,) in rijen if ref in referenties)
