"""Publishing "Wat hebben we ermee gedaan" (the follow-up) and telling the respondents.

``publiceer_opvolging`` may be called as often as staff like: the publication date is set once
(under a row lock), and every call queues the e-mail task again. The task writes one outbox row
per address keyed ``raadpleging-opvolging:<id>`` (``portal.mail.tasks.plan_email``), so each
respondent gets the e-mail exactly once, however often the follow-up is published or the task
runs; publishing again is also how staff resend after a broker outage lost the task.

Recipients: every response that was sent (never drafts or unconfirmed anonymous ones), at the
account's address or, for an anonymous response, the address it was confirmed with; empty
addresses (removed by retention, a deleted account) are skipped. The task carries only the
consultation's id, walks the responses in chunks and renders the message once per chunk.
"""

import html
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from django_q.tasks import async_task

from portal.core.urls import publieke_url
from portal.mail.tasks import plan_email

from .constants import ReactieStatus
from .models import Raadpleging, Reactie
from .rechten import RaadplegingPermissionPolicy

logger = logging.getLogger(__name__)

TAAK = "participatie.raadplegingen.opvolging.mail_respondenten"
PER_KEER = 200  # addresses per rendered message and transaction


def mail_sleutel(raadpleging) -> str:
    return f"raadpleging-opvolging:{raadpleging.pk}"


def platte_tekst(rijke_tekst: str) -> str:
    """Rich text as plain words (a space where a tag was: paragraphs stay apart)."""
    return " ".join(html.unescape(strip_tags((rijke_tekst or "").replace(">", "> "))).split())


def heeft_opvolging(raadpleging) -> bool:
    return bool(platte_tekst(raadpleging.opvolging))


def weigering(raadpleging) -> str:
    """Why the follow-up cannot be published now; empty when it can."""
    if not raadpleging.is_gesloten:
        return _("The follow-up can be published once the consultation has closed.")
    if not heeft_opvolging(raadpleging):
        return _("Fill in “What we did with it” first and save the consultation.")
    return ""


def publiceer_opvolging(raadpleging: Raadpleging, door) -> bool:
    """Publish the follow-up (the date once) and queue the e-mail to the respondents.

    Returns True when this call published it, False when it was published before (the e-mail
    task is queued again: it sends nothing twice)."""
    if not RaadplegingPermissionPolicy().user_has_permission_for_instance(
        door, "change", raadpleging
    ):
        raise PermissionDenied
    with transaction.atomic():
        vers = Raadpleging.objects.select_for_update().get(pk=raadpleging.pk)
        reden = weigering(vers)
        if reden:
            raise ValidationError(reden)
        eerste = vers.opvolging_gepubliceerd_op is None
        if eerste:
            vers.opvolging_gepubliceerd_op = timezone.now()
            Raadpleging.objects.filter(pk=vers.pk).update(
                opvolging_gepubliceerd_op=vers.opvolging_gepubliceerd_op
            )
        raadpleging.opvolging_gepubliceerd_op = vers.opvolging_gepubliceerd_op
        _na_commit(vers.pk)
    return eerste


def _zet_in_wachtrij(raadpleging_id: int) -> None:
    try:
        async_task(
            TAAK,
            raadpleging_id,
            task_name=f"raadpleging-opvolging {raadpleging_id}",
            group="raadpleging-opvolging",
        )
    except Exception:  # noqa: BLE001 - a broker outage must not fail the request
        logger.warning(
            "follow-up of consultation %s: could not queue the e-mail task; publish again",
            raadpleging_id,
        )


def _na_commit(raadpleging_id: int) -> None:
    # As portal.mail.tasks: a worker must not look before the commit; in django-q2's
    # synchronous mode (tests) the task runs here.
    if settings.Q_CLUSTER.get("sync"):
        _zet_in_wachtrij(raadpleging_id)
    else:
        transaction.on_commit(lambda: _zet_in_wachtrij(raadpleging_id))


def _adressen(raadpleging):
    """The respondents' addresses, one per sent response, in chunks of ``PER_KEER``."""
    reacties = (
        Reactie.objects.filter(raadpleging=raadpleging, status=ReactieStatus.INGEDIEND)
        .order_by("pk")
        .values_list("bewoner_id", "bewoner__email", "email")
    )
    stapel = []
    for bewoner_id, account_email, email in reacties.iterator(chunk_size=PER_KEER):
        adres = (account_email if bewoner_id else email) or ""
        if adres.strip():
            stapel.append(adres.strip())
        if len(stapel) >= PER_KEER:
            yield stapel
            stapel = []
    if stapel:
        yield stapel


def mail_respondenten(raadpleging_id: int) -> int:
    """The django-q2 task: the follow-up e-mail to every respondent; returns the rows planned
    now (0 when everyone had it already)."""
    raadpleging = Raadpleging.objects.filter(
        pk=raadpleging_id, opvolging_gepubliceerd_op__isnull=False
    ).first()
    if raadpleging is None:
        return 0
    context = {
        "titel": raadpleging.titel,
        "samenvatting": Truncator(platte_tekst(raadpleging.opvolging)).words(80),
        "resultaten_url": publieke_url(
            reverse("raadplegingen:resultaten", kwargs={"slug": raadpleging.slug})
        ),
    }
    gepland = 0
    for adressen in _adressen(raadpleging):
        with transaction.atomic():
            gepland += len(
                plan_email(
                    sorted(set(adressen)),
                    "raadpleging_opvolging",
                    context,
                    sleutel=mail_sleutel(raadpleging),
                )
            )
    return gepland
