from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter

from portal.mail.tasks import plan_verzending


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails go through the project's e-mail task like every other e-mail."""

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth knows no site name; e-mails say who they are from.
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=settings.WAGTAIL_SITE_NAME,
                domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
            ),
        }
        with translation.override(settings.LANGUAGE_CODE):
            bericht = self.render_mail(template_prefix, email, context)
        html = next(
            (
                inhoud
                for inhoud, mimetype in getattr(bericht, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        plan_verzending(bericht.to, bericht.subject, bericht.body, html)
