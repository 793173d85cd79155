"""The resident's response form: the questions (``vragen``), the district where the resident
lives and, for an anonymous response, the e-mail address that confirms it.

The form only checks input; what is stored, and which status follows, is decided in
``reacties``. Whether this submission *sends* (every required question answered) or saves
progress is given by the view (``versturen``): required is then only enforced when sending.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.gebieden.models import Wijk

from .vragen import Vraag, is_beantwoord, veld_voor


class ReactieFormulier(forms.Form):
    # No ``required`` attribute on the controls: the server checks (the form is novalidate),
    # and saving progress may leave required questions empty.
    use_required_attribute = False

    def __init__(
        self,
        data=None,
        *,
        raadpleging,
        vragen: list[Vraag],
        versturen: bool = True,
        met_email: bool = False,
        initial=None,
    ):
        super().__init__(data, initial=initial)
        self.vragen = vragen
        self.versturen = versturen
        for vraag in vragen:
            self.fields[vraag.veldnaam] = veld_voor(vraag, verplicht=vraag.verplicht and versturen)
        self.fields["wijk"] = self._wijkveld(raadpleging, versturen)
        if met_email:
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail address"),
                max_length=254,
                help_text=_(
                    "We send you a link to confirm your response; only confirmed responses "
                    "count. We use your address for this consultation only and do not show it."
                ),
                error_messages={
                    "required": _("Enter your e-mail address."),
                    "invalid": _("Enter a valid e-mail address, like name@example.nl."),
                },
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )

    @staticmethod
    def _wijkveld(raadpleging, versturen: bool) -> forms.ModelChoiceField:
        """Citywide: any district, optional ("I'd rather not say"); otherwise one of the
        consultation's districts, required when sending."""
        wijken = Wijk.objects.only("pk", "naam", "volgorde").order_by("volgorde", "naam")
        if raadpleging.stadsbreed:
            return forms.ModelChoiceField(
                queryset=wijken,
                required=False,
                label=_("In which district do you live?"),
                empty_label=_("I'd rather not say"),
                help_text=_("So that we can see how answers differ per district."),
                error_messages={"invalid_choice": _("Choose a district from the list.")},
            )
        return forms.ModelChoiceField(
            queryset=wijken.filter(raadplegingen=raadpleging),
            required=versturen,
            label=_("In which district do you live?"),
            empty_label=_("Choose your district"),
            help_text=_("This consultation is for residents of the districts in this list."),
            error_messages={
                "required": _("Choose the district where you live."),
                "invalid_choice": _("Choose one of the districts of this consultation."),
            },
        )

    def vraagvelden(self):
        """The questions' bound fields, in order (for the template)."""
        return [self[vraag.veldnaam] for vraag in self.vragen]

    @property
    def antwoorden(self) -> dict:
        """{question id: cleaned value} (after is_valid)."""
        return {vraag.id: self.cleaned_data.get(vraag.veldnaam) for vraag in self.vragen}

    @staticmethod
    def initial_van(vragen: list[Vraag], antwoorden: dict, wijk=None) -> dict:
        """Prefill from stored answers (``vragen.opgeslagen_antwoorden``)."""
        initial = {
            vraag.veldnaam: antwoorden[vraag.id] for vraag in vragen if vraag.id in antwoorden
        }
        if wijk is not None:
            initial["wijk"] = wijk
        return initial


def aantal_beantwoord(vragen: list[Vraag], antwoorden: dict) -> int:
    return sum(1 for vraag in vragen if is_beantwoord(antwoorden.get(vraag.id)))
