"""What an operator sees: a request id on every request, log line and task, one structured log
line per request, and the health checks (``/gezond/`` and ``/gezond/leeft/``).

- **Request id**: ``VerzoekIdMiddleware`` (first in the chain) takes a well-formed
  ``X-Request-ID`` from the proxy (nginx sets one) or makes one, keeps it in a context variable
  for the request's log records (``VerzoekIdFilter``), returns it in the response header and
  hands it to the tasks a request queues (``huidig_verzoek_id``; ``portal.mail.tasks``), whose
  log records then carry the same id.
- **Request log**: one line per request on the logger ``portal.verzoeken``: method, the URL
  *pattern* (``/aanvragen/<int:pk>/``, never the path with its ids, never the query string),
  status and duration. No user, no address, no form data: no personal data in logs.
  ``LOG_FORMAAT=json`` (production) writes every record as one JSON object (``JsonFormatter``).
- **Health**: ``/gezond/leeft/`` answers without touching anything (liveness: the process
  runs). ``/gezond/`` checks the database, the cache and the task broker and reports the task
  queue's length and the e-mails that failed; only a database failure makes it 503 (take this
  process out of the load balancer), because without the cache the portal degrades instead of
  failing (portal/core/cache.py) and without the broker e-mail waits in the outbox.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse

from .logboek import (  # noqa: F401 (re-exported: the request id's API)
    GELDIG_ID,
    JsonFormatter,
    VerzoekIdFilter,
    _verzoek_id,
    huidig_verzoek_id,
    reset_verzoek_id,
    zet_verzoek_id,
)

verzoeklog = logging.getLogger("portal.verzoeken")
logger = logging.getLogger(__name__)


class VerzoekIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        binnen = request.headers.get("X-Request-ID", "")
        verzoek_id = binnen if GELDIG_ID.match(binnen) else uuid.uuid4().hex
        token = _verzoek_id.set(verzoek_id)
        begin = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = verzoek_id
            tel_verzoek(response.status_code)
            match = getattr(request, "resolver_match", None)
            verzoeklog.info(
                "%s %s %s",
                request.method,
                f"/{match.route}" if match and match.route else "-",
                response.status_code,
                extra={
                    "methode": request.method,
                    "route": f"/{match.route}" if match and match.route else "-",
                    "status": response.status_code,
                    "duur_ms": round((time.monotonic() - begin) * 1000, 1),
                },
            )
            return response
        finally:
            _verzoek_id.reset(token)


# --- Metrics -------------------------------------------------------------------------------

METRIEK_SLEUTEL = "metriek:verzoeken:{klasse}"
KLASSEN = ("2xx", "3xx", "4xx", "5xx")


def tel_verzoek(status: int) -> None:
    """Count the request per status class in the cache: shared by every web process when
    REDIS_URL is set. Best effort: a cache that is down loses counts, never a request."""
    klasse = f"{status // 100}xx"
    if klasse not in KLASSEN:
        return
    sleutel = METRIEK_SLEUTEL.format(klasse=klasse)
    try:
        cache.add(sleutel, 0, None)
        cache.incr(sleutel)
    except Exception:  # noqa: BLE001, S110 - counting must not break a request
        pass


def metrieken(request):
    """Prometheus text format for the operator's scraper: requests per status class, tasks in
    the broker's queue, failed tasks, e-mails in the outbox per status. Only with the bearer
    token ``METRIEKEN_TOKEN`` (empty: the endpoint does not exist). No personal data."""
    from django.conf import settings
    from django.db.models import Count
    from django.http import Http404
    from django.utils.crypto import constant_time_compare

    from portal.mail.models import Email

    token = getattr(settings, "METRIEKEN_TOKEN", "")
    gegeven = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not constant_time_compare(gegeven, token):
        raise Http404
    regels = [
        "# HELP wijkportaal_verzoeken_totaal HTTP responses per status class.",
        "# TYPE wijkportaal_verzoeken_totaal counter",
    ]
    tellingen = cache.get_many([METRIEK_SLEUTEL.format(klasse=k) for k in KLASSEN])
    for klasse in KLASSEN:
        aantal = tellingen.get(METRIEK_SLEUTEL.format(klasse=klasse), 0)
        regels.append(f'wijkportaal_verzoeken_totaal{{klasse="{klasse}"}} {aantal}')
    try:
        _, wachtrij = _broker()
    except Exception:  # noqa: BLE001
        wachtrij = None
    if wachtrij is not None:
        regels += [
            "# HELP wijkportaal_taken_in_wachtrij Tasks waiting in the broker's queue.",
            "# TYPE wijkportaal_taken_in_wachtrij gauge",
            f"wijkportaal_taken_in_wachtrij {wachtrij}",
        ]
    from django_q.models import Failure

    regels += [
        "# HELP wijkportaal_taken_mislukt Failed tasks kept by django-q2.",
        "# TYPE wijkportaal_taken_mislukt gauge",
        f"wijkportaal_taken_mislukt {Failure.objects.count()}",
        "# HELP wijkportaal_emails E-mails in the outbox per status.",
        "# TYPE wijkportaal_emails gauge",
    ]
    per_status = dict(Email.objects.values_list("status").annotate(n=Count("pk")).order_by())
    for status, _label in Email._meta.get_field("status").choices:
        regels.append(f'wijkportaal_emails{{status="{status}"}} {per_status.get(status, 0)}')
    response = HttpResponse("\n".join(regels) + "\n", content_type="text/plain; version=0.0.4")
    response["Cache-Control"] = "no-store"
    return response


# --- Health --------------------------------------------------------------------------------


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    sleutel = f"gezond:{uuid.uuid4().hex}"
    cache.set(sleutel, "1", 10)
    gelezen = cache.get(sleutel)
    cache.delete(sleutel)
    return "ok" if gelezen == "1" else "gedegradeerd"


def _broker() -> tuple[str, int | None]:
    from django_q.brokers import get_broker

    broker = get_broker()
    if not broker.ping():
        return "gedegradeerd", None
    return "ok", broker.queue_size()


def leeft(request):
    """Liveness: the process answers. No database, cache or broker."""
    return HttpResponse("ok", content_type="text/plain")


def gezond(request):
    """Readiness for the load balancer: 503 only when the database does not answer."""
    from portal.mail.models import Email, EmailStatus

    resultaat = {}
    status = 200
    try:
        resultaat["database"] = _database()
        resultaat["mislukte_emails"] = Email.objects.filter(status=EmailStatus.MISLUKT).count()
    except Exception:  # noqa: BLE001 - any database error makes this process unready
        logger.exception("health: database")
        resultaat["database"] = "fout"
        status = 503
    try:
        resultaat["cache"] = _cache()
    except Exception:  # noqa: BLE001
        resultaat["cache"] = "gedegradeerd"
    try:
        resultaat["broker"], resultaat["taken_in_wachtrij"] = _broker()
    except Exception:  # noqa: BLE001
        resultaat["broker"], resultaat["taken_in_wachtrij"] = "gedegradeerd", None
    resultaat["status"] = "ok" if status == 200 else "fout"
    response = JsonResponse(resultaat, status=status)
    response["Cache-Control"] = "no-store"
    return response
