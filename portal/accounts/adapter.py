from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import translation
from django.utils.crypto import get_random_string

from allauth.account.adapter import DefaultAccountAdapter

from portal.mail.tasks import plan_verzending


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails go through the project's outbox like every other e-mail."""

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth knows no site name; e-mails say who they are from.
        from allauth.core import context as allauth_context

        context = {
            "request": allauth_context.request,
            "email": email,
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
        plan_verzending(
            bericht.to, bericht.subject, bericht.body, html, sjabloon=template_prefix[:100]
        )

    def send_account_already_exists_mail(self, email: str) -> None:
        """Signing up with a known address must cost what a new signup costs.

        A new signup hashes the password (the slow part, by design); the "already exists"
        branch did not, so its response came ~10x faster and told an attacker which addresses
        have an account. Hash a throwaway password with the same hasher here.
        """
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Right after logging in, setting up a *first* authenticator needs no second password.

        A staff member who logs in and is sent to set up TOTP was asked for the password
        seconds ago; asking again is friction, not security. With an authenticator in place,
        removing or replacing it needs a fresh second factor
        (``TweedeFactorVoorAuthenticatorsMiddleware``), so this shortcut never applies there.
        """
        from allauth.core import context as allauth_context

        from .middleware import heeft_authenticator, sessie_heeft_recente_login

        request = allauth_context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and not heeft_authenticator(request.user)
            and sessie_heeft_recente_login(request)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)
