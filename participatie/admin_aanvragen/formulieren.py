"""One form per decision on an application; the domain functions check everything again."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from portal.accounts.scoping import heeft_alle_wijken

from ..constants import Status
from ..wachtrij import BesluitFormulier, naam_van

S = Status

NOTITIE = {
    "label": _("Internal note"),
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 3}),
    "help_text": _("Only staff see this note."),
}


class InBehandelingFormulier(BesluitFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Assessed by"),
        queryset=None,
        empty_label=None,
        help_text=_("Yourself or a colleague of the district."),
    )
    notitie = forms.CharField(**NOTITIE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        veld.label_from_instance = naam_van
        veld.initial = self.gebruiker.pk


class AanpassingFormulier(BesluitFormulier):
    bericht = forms.CharField(
        label=_("What should the resident change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The resident receives this message by e-mail."),
        error_messages={"required": _("Tell the resident what to change.")},
    )
    notitie = forms.CharField(**NOTITIE)


class GoedkeurenFormulier(BesluitFormulier):
    bedrag = forms.DecimalField(
        label=_("Amount granted (EUR)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        help_text=_("At most the amount requested."),
    )
    motivatie = forms.CharField(
        label=_("Motivation (for the resident)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notitie = forms.CharField(**NOTITIE)
    overschrijding = forms.CharField(
        label=_("Approve beyond the budget: motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only administrators. Leave empty unless the budget is insufficient."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        aanvraag = self.item
        if aanvraag.status == S.TWEEDE_AKKOORD or aanvraag.regeling.heeft_vast_bedrag:
            del self.fields["bedrag"]  # fixed by the first approval or by the scheme
        else:
            self.fields["bedrag"].initial = aanvraag.gevraagd_bedrag
        if not heeft_alle_wijken(self.gebruiker):
            del self.fields["overschrijding"]

    def clean_bedrag(self):
        bedrag = self.cleaned_data["bedrag"]
        gevraagd = self.item.gevraagd_bedrag or Decimal("0.00")
        if bedrag is not None and bedrag > gevraagd:
            raise forms.ValidationError(
                _("The amount granted cannot be more than the amount requested (€ %(bedrag)s).")
                % {"bedrag": localize(gevraagd)}
            )
        return bedrag


class AfwijzenFormulier(BesluitFormulier):
    motivatie = forms.CharField(
        label=_("Reason for the rejection (for the resident)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Name the scheme rule the rejection is based on."),
        error_messages={
            "required": _("Give the reason for the rejection, with the scheme rule it is based on.")
        },
    )
    notitie = forms.CharField(**NOTITIE)


class UitbetalenFormulier(BesluitFormulier):
    bedrag = forms.DecimalField(
        label=_("Amount paid (EUR)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
    )
    datum = forms.DateField(label=_("Payment date"), widget=forms.DateInput(attrs={"type": "date"}))
    kenmerk = forms.CharField(label=_("Payment reference"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bedrag"].initial = self.item.toegekend_bedrag
        self.fields["datum"].initial = timezone.localdate()

    def clean_bedrag(self):
        bedrag = self.cleaned_data["bedrag"]
        if self.item.toegekend_bedrag is not None and bedrag > self.item.toegekend_bedrag:
            raise forms.ValidationError(_("The payment cannot exceed the approved amount."))
        return bedrag


class SluitenFormulier(BesluitFormulier):
    notitie = forms.CharField(**NOTITIE)
