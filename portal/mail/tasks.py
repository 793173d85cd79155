"""The one path for transactional e-mail: a transactional outbox sent by django-q2.

Callers render in the request (where language, user and URLs are at hand) with ``plan_email``,
or hand over already rendered content with ``plan_verzending`` (allauth's messages). Either
writes an ``Email`` row in the caller's transaction, so the message exists exactly when the
change that causes it is committed. After the commit a django-q2 task ``verstuur(email_id)``
sends it; the task carries only the row's id.

Delivery is at least once and idempotent per row:

- a task first *claims* its row (pending → sending, one conditional UPDATE); a duplicated or
  re-delivered task finds nothing to claim and does nothing;
- a failed send puts the row back to pending with a later ``volgende_poging`` (exponential
  backoff) and does not raise: retrying is the outbox's job, not the broker's;
- ``veeg_uitgaande_post`` (a django-q2 schedule, every minute) re-queues rows that are due, and
  rows left "sending" by a worker that died mid-send;
- after ``MAIL_MAX_POGINGEN`` failed attempts a row is marked failed for staff to see.

Content is rendered when the message is planned, not when it is sent: allauth's verification
codes and reset keys exist only in the request. The content is wiped from the row once it is
sent or has failed for good.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize

from django_q.tasks import async_task

from portal.core.logboek import huidig_verzoek_id, reset_verzoek_id, zet_verzoek_id

from .models import Email, EmailStatus

logger = logging.getLogger(__name__)

SCHEDULE_NAAM = "Uitgaande e-mail versturen"


def _wachttijd(pogingen: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, ... at most MAIL_MAX_WACHTTIJD seconds."""
    seconden = settings.MAIL_EERSTE_WACHTTIJD * 2 ** max(pogingen - 1, 0)
    return timedelta(seconds=min(seconden, settings.MAIL_MAX_WACHTTIJD))


def _zet_in_wachtrij(email_id: int) -> None:
    try:
        async_task(
            "portal.mail.tasks.verstuur",
            email_id,
            verzoek_id=huidig_verzoek_id(),  # the request's id on the task's log records
            task_name=f"e-mail {email_id}",
            group="e-mail",
        )
    except Exception:  # noqa: BLE001 - a broker outage must not fail the request; the sweep sends it
        logger.warning("e-mail %s: could not queue the task; the sweep will send it", email_id)


def _na_commit(email_id: int) -> None:
    # A worker must not look for the row before it is committed. In django-q2's synchronous
    # mode (the tests) there is no worker: the task runs here, inside the caller's transaction.
    if settings.Q_CLUSTER.get("sync"):
        _zet_in_wachtrij(email_id)
    else:
        transaction.on_commit(lambda: _zet_in_wachtrij(email_id))


def verstuur(email_id: int, verzoek_id: str = "") -> str:
    """Send one outbox row, at most once. Runs in the django-q2 worker; never raises on SMTP.
    ``verzoek_id``: the id of the request that queued it, for the log records."""
    token = zet_verzoek_id(verzoek_id) if verzoek_id else None
    try:
        return _verstuur(email_id)
    finally:
        if token is not None:
            reset_verzoek_id(token)


def _verstuur(email_id: int) -> str:
    nu = timezone.now()
    geclaimd = Email.objects.filter(
        Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=nu),
        pk=email_id,
        status=EmailStatus.WACHTEND,
    ).update(status=EmailStatus.BEZIG, geclaimd_op=nu, pogingen=F("pogingen") + 1)
    if not geclaimd:
        return "niets te doen"
    email = Email.objects.get(pk=email_id)
    bericht = EmailMultiAlternatives(
        subject=email.onderwerp,
        body=email.tekst,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.aan],
    )
    if email.html:
        bericht.attach_alternative(email.html, "text/html")
    try:
        bericht.send(fail_silently=False)
    except Exception as fout:  # noqa: BLE001 - any transport error: try again later
        laatste = email.pogingen >= settings.MAIL_MAX_POGINGEN
        Email.objects.filter(pk=email_id).update(
            status=EmailStatus.MISLUKT if laatste else EmailStatus.WACHTEND,
            volgende_poging=None if laatste else timezone.now() + _wachttijd(email.pogingen),
            laatste_fout=f"{type(fout).__name__}: {fout}"[:500],
            **({"tekst": "", "html": ""} if laatste else {}),
        )
        logger.warning("e-mail %s: attempt %s failed (%s)", email_id, email.pogingen, fout)
        return "mislukt" if laatste else "later opnieuw"
    Email.objects.filter(pk=email_id).update(
        status=EmailStatus.VERZONDEN, verzonden_op=timezone.now(), tekst="", html=""
    )
    return "verzonden"


def veeg_uitgaande_post() -> int:
    """The schedule: queue due rows, and rows a dead worker left "sending"; returns how many."""
    nu = timezone.now()
    vastgelopen = nu - timedelta(seconds=settings.MAIL_CLAIM_TIMEOUT)
    Email.objects.filter(status=EmailStatus.BEZIG, geclaimd_op__lt=vastgelopen).update(
        status=EmailStatus.WACHTEND, volgende_poging=nu
    )
    ids = list(
        Email.objects.filter(status=EmailStatus.WACHTEND)
        .filter(Q(volgende_poging__isnull=True) | Q(volgende_poging__lte=nu))
        .order_by("aangemaakt")
        .values_list("pk", flat=True)[: settings.MAIL_VEEG_MAX]
    )
    for email_id in ids:
        _zet_in_wachtrij(email_id)
    return len(ids)


def plan_veeg(**kwargs) -> None:
    """Make sure the sweep schedule exists (post_migrate; idempotent)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAAM,
        defaults={
            "func": "portal.mail.tasks.veeg_uitgaande_post",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )


def html_uit_tekst(tekst: str, onderwerp: str) -> str:
    """Wrap a plain-text message in the HTML e-mail layout."""
    return render_to_string(
        "mail/base_email.html",
        {
            "onderwerp": onderwerp,
            "inhoud": linebreaks(urlize(tekst, autoescape=True), autoescape=False),
        },
    )


def render_tekst(template: str, context: dict) -> str:
    """Render a plain-text template *without* HTML escaping: a text part shows ``"`` and ``&``,
    not ``&quot;`` and ``&amp;``. The HTML part is rendered (and escaped) separately."""
    return get_template(template).template.render(Context(context, autoescape=False))


def plan_verzending(
    aan: list[str] | str,
    onderwerp: str,
    tekst: str,
    html: str = "",
    sjabloon: str = "",
    sleutel: str = "",
) -> list[int]:
    """Put an already rendered e-mail in the outbox (one row per recipient); returns row ids.

    With a ``sleutel`` (the cause, e.g. a status change), a recipient gets at most one row per
    key: planning the same notification again adds nothing."""
    if isinstance(aan, str):
        aan = [aan]
    onderwerp = " ".join(onderwerp.split())[:255]  # no newlines in a header
    if not html:
        html = html_uit_tekst(tekst, onderwerp)
    ids = []
    for adres in aan:
        velden = {"aan": adres, "sjabloon": sjabloon, "onderwerp": onderwerp, "tekst": tekst}
        if sleutel:
            email, nieuw = Email.objects.get_or_create(
                sleutel=f"{sleutel}:{adres}"[:200], defaults={**velden, "html": html}
            )
            if not nieuw:
                continue
        else:
            email = Email.objects.create(**velden, html=html)
        ids.append(email.pk)
        _na_commit(email.pk)
    return ids


def plan_email(aan: list[str] | str, template: str, context: dict, sleutel: str = "") -> list[int]:
    """Render ``mail/<template>_onderwerp.txt``, ``.txt`` and ``.html`` in Dutch; to the outbox."""
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = render_tekst(f"mail/{template}_onderwerp.txt", context).strip()
        tekst = render_tekst(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", {**context, "onderwerp": onderwerp})
    return plan_verzending(aan, onderwerp, tekst, html, sjabloon=template, sleutel=sleutel)
