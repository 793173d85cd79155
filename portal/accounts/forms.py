from django import forms
from django.utils.translation import gettext_lazy as _


class AccountVerwijderenForm(forms.Form):
    bevestig = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted."),
        help_text=_("This cannot be undone."),
        error_messages={
            "required": _("Tick the box to confirm that you want to delete your account.")
        },
    )
