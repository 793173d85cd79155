"""The one path for transactional e-mail.

Callers render in the request (where language, user and URLs are at hand) with ``plan_email``
or hand over already rendered content with ``plan_verzending``; a django-q2 worker sends it with
``verstuur_email``. The worker gets only strings, so a task can be retried safely: django-q2
re-delivers a failed task after ``Q_CLUSTER["retry"]`` seconds, at most ``max_attempts`` times.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize

from django_q.tasks import async_task

logger = logging.getLogger(__name__)


def verstuur_email(
    aan: list[str], onderwerp: str, tekst: str, html: str = "", van: str = ""
) -> int:
    """Send one e-mail (text with an HTML alternative). Runs in the django-q2 worker."""
    bericht = EmailMultiAlternatives(
        subject=onderwerp,
        body=tekst,
        from_email=van or settings.DEFAULT_FROM_EMAIL,
        to=aan,
    )
    if html:
        bericht.attach_alternative(html, "text/html")
    # Raise on failure: the task is then not acknowledged and django-q2 retries it.
    return bericht.send(fail_silently=False)


def html_uit_tekst(tekst: str, onderwerp: str) -> str:
    """Wrap a plain-text message in the HTML e-mail layout."""
    return render_to_string(
        "mail/base_email.html",
        {
            "onderwerp": onderwerp,
            "inhoud": linebreaks(urlize(tekst, autoescape=True), autoescape=False),
        },
    )


def plan_verzending(aan: list[str] | str, onderwerp: str, tekst: str, html: str = "") -> str:
    """Queue an already rendered e-mail; returns the django-q2 task id."""
    if isinstance(aan, str):
        aan = [aan]
    onderwerp = " ".join(onderwerp.split())  # no newlines in a header
    if not html:
        html = html_uit_tekst(tekst, onderwerp)
    return async_task(
        "portal.mail.tasks.verstuur_email",
        list(aan),
        onderwerp,
        tekst,
        html,
        task_name=f"e-mail: {onderwerp[:60]}",
        group="e-mail",
    )


def plan_email(aan: list[str] | str, template: str, context: dict) -> str:
    """Render ``mail/<template>_onderwerp.txt``, ``.txt`` and ``.html`` in Dutch and queue them."""
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = render_to_string(f"mail/{template}_onderwerp.txt", context).strip()
        tekst = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", {**context, "onderwerp": onderwerp})
    return plan_verzending(aan, onderwerp, tekst, html)
