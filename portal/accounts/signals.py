from django.dispatch import receiver

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added


@receiver(authenticator_added)
def totp_activering_telt_als_tweede_factor(sender, request, user, authenticator, **kwargs):
    """Activating TOTP means the user just entered a valid code from the new authenticator.

    Record it as a second factor for this session, so that a coordinator who sets up TOTP on
    their first admin visit is not asked for another code straight away.
    """
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        # allauth sends this signal from transaction.on_commit, which may run after the session
        # middleware saved the session (e.g. inside an outer transaction); save it ourselves.
        request.session.save()
