"""The steps of the application form. Each step saves the draft; rules are in regels.py."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal.core.iban import normaliseer
from portal.gebieden.geocoder import zoek_adres
from portal.gebieden.lookup import PuntBuitenDelft, afstand_m, buurt_voor_punt
from portal.gebieden.models import Buurt

from .constants import BijlageSoort
from .models import Aanvraag, Huishouden


class Stap1Form(forms.ModelForm):
    class Meta:
        model = Aanvraag
        fields = ["titel", "omschrijving"]
        labels = {
            "titel": _("Name of your initiative"),
            "omschrijving": _("What are you planning?"),
        }
        help_texts = {
            "titel": _("For example: Summer party Roland Holstlaan."),
            "omschrijving": _("Describe what you will do, for whom, and how neighbours take part."),
        }
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            veld.required = True


class BuurtKeuze(forms.ModelChoiceField):
    def label_from_instance(self, buurt):
        return f"{buurt.naam} ({buurt.wijk.naam})"


class Stap2Form(forms.ModelForm):
    """Street and number always; the place either as a point on the map or as a neighbourhood.

    The map (JavaScript) fills the two hidden coordinates; without JavaScript, or by keyboard,
    the neighbourhood list is the way to say where it is.

    A clicked point far from the typed address is probably a slip of the hand: the step then
    asks to confirm both (``afstand_bevestigd``, shown only then) instead of saving.
    """

    MAX_AFSTAND_M = 250

    buurt = BuurtKeuze(
        # Boundaries are large JSON only maps need; the list needs names.
        queryset=Buurt.objects.select_related("wijk")
        .defer("grens", "wijk__grens")
        .order_by("naam"),
        required=False,
        label=_("Neighbourhood"),
        help_text=_("Not needed when you chose the place on the map."),
        empty_label=_("Choose a neighbourhood"),
    )
    afstand_bevestigd = forms.BooleanField(
        required=False, label=_("The point on the map and the address are both right")
    )

    class Meta:
        model = Aanvraag
        fields = ["straat", "huisnummer", "locatie_lat", "locatie_lon", "buurt"]
        labels = {"straat": _("Street"), "huisnummer": _("House number")}
        widgets = {"locatie_lat": forms.HiddenInput(), "locatie_lon": forms.HiddenInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["straat"].required = True
        self.fields["huisnummer"].required = True
        self.fields["straat"].widget.attrs["autocomplete"] = "address-line1"

    def clean(self):
        data = super().clean()
        lat, lon = data.get("locatie_lat"), data.get("locatie_lon")
        if lat is not None and lon is not None:
            try:
                locatie = buurt_voor_punt(lat, lon)
            except PuntBuitenDelft as fout:
                if data.get("buurt"):
                    # The resident corrected a wrong click with the list: use the list.
                    data["locatie_lat"] = data["locatie_lon"] = None
                    return data
                self.add_error("buurt", fout)
                return data
            data["buurt"] = locatie.buurt
            self._controleer_afstand(data)
        elif not data.get("buurt"):
            self.add_error("buurt", _("Choose the place on the map or choose the neighbourhood."))
        return data

    def _controleer_afstand(self, data):
        straat, huisnummer = data.get("straat"), data.get("huisnummer")
        if data.get("afstand_bevestigd") or not straat or not huisnummer:
            return
        adres = zoek_adres(straat, huisnummer)
        if adres is None:  # geocoder off or failing, or the address unknown: no warning
            return
        meter = afstand_m(float(data["locatie_lat"]), float(data["locatie_lon"]), *adres)
        if meter <= self.MAX_AFSTAND_M:
            return
        if meter < 1000:
            afstand = f"{round(meter, -1):.0f} m"
        else:
            afstand = f"{formats.number_format(meter / 1000, 1, use_l10n=True)} km"
        self.add_error(
            "afstand_bevestigd",
            _(
                "The point on the map is about %(afstand)s from %(adres)s. Check the point or "
                "the street; if both are right, tick this box."
            )
            % {"afstand": afstand, "adres": f"{straat} {huisnummer}"},
        )

    def gekozen_locatie(self):
        """Where the point on the map lies, for the picker's status line: the posted point when
        the step is shown again, else the draft's. None without a point or outside Delft."""
        try:
            return buurt_voor_punt(self["locatie_lat"].value(), self["locatie_lon"].value())
        except PuntBuitenDelft:
            return None

    def save(self, commit=True):
        aanvraag = super().save(commit=False)
        aanvraag.buurt = self.cleaned_data["buurt"]
        aanvraag.locatie_lat = self.cleaned_data.get("locatie_lat")
        aanvraag.locatie_lon = self.cleaned_data.get("locatie_lon")
        aanvraag.wijk_id = aanvraag.buurt.wijk_id
        if commit:
            aanvraag.save()
        return aanvraag


class Stap3Form(forms.ModelForm):
    class Meta:
        model = Aanvraag
        fields = [
            "activiteit_datum",
            "einddatum",
            "vaste_tijden",
            "straatdeel",
            "gevraagd_bedrag",
            "huishoudens_in_straat",
        ]
        widgets = {
            "activiteit_datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "einddatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "vaste_tijden": _("For example: every Wednesday and Saturday from 14.00 to 18.00."),
            "straatdeel": _("For example: Kruisstraat between numbers 2 and 40."),
            "gevraagd_bedrag": _("In euros, for example 150 or 149,50."),
            "huishoudens_in_straat": _(
                "All households in the street, also those who do not take part."
            ),
        }

    def __init__(self, *args, regeling, **kwargs):
        super().__init__(*args, **kwargs)
        # Ask only what this scheme needs (Regeling.planning and the amount), and then it is
        # required.
        gevraagd = set()
        if regeling.vraagt_periode:
            gevraagd |= {"activiteit_datum", "einddatum", "vaste_tijden", "straatdeel"}
            self.fields["activiteit_datum"].label = _("First day")
        elif regeling.heeft_activiteitdatum:
            gevraagd.add("activiteit_datum")
        if not regeling.heeft_vast_bedrag:
            gevraagd.add("gevraagd_bedrag")
            self.fields["gevraagd_bedrag"].localize = True
            self.fields["gevraagd_bedrag"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        if regeling.vraagt_instemming:
            gevraagd.add("huishoudens_in_straat")
        for naam in list(self.fields):
            if naam in gevraagd:
                self.fields[naam].required = True
            else:
                del self.fields[naam]
        # The order of the dates is a rule (regels.periode), checked after the draft is saved.


HuishoudenFormSet = inlineformset_factory(
    Aanvraag,
    Huishouden,
    fields=["adres", "naam", "akkoord"],
    labels={
        "adres": _("Address"),
        "naam": _("Name"),
        "akkoord": _("This household agrees to take part"),
    },
    extra=3,
    can_delete=True,
)


class Stap4Form(forms.ModelForm):
    bijlage_soort = forms.ChoiceField(label=_("Kind of attachment"), required=False, choices=[])
    bijlage = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("A photo (JPEG, PNG or WebP) or a PDF, at most 10 MB."),
    )

    class Meta:
        model = Aanvraag
        fields = ["naam_aanvrager", "adres_aanvrager", "iban", "telefoon", "privacy_akkoord"]
        help_texts = {
            "adres_aanvrager": _("Street, house number and postcode."),
            "iban": _("The contribution is paid into this account, in the name of the applicant."),
        }
        labels = {
            "privacy_akkoord": _(
                "I have read the privacy statement and agree that the municipality uses these data to handle my application."  # noqa: E501
            )
        }
        widgets = {
            "telefoon": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "naam_aanvrager": forms.TextInput(attrs={"autocomplete": "name"}),
            "adres_aanvrager": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }

    def __init__(self, *args, regeling, **kwargs):
        super().__init__(*args, **kwargs)
        # Required on submit (regels.contactgegevens), not to save the draft or add a file.
        if not regeling.betaalt_uit:  # only schemes that pay need the applicant's IBAN
            del self.fields["iban"]
        soorten = regeling.verplichte_bijlagen() + [BijlageSoort.FOTO, BijlageSoort.OVERIG]
        labels = dict(BijlageSoort.choices)
        self.fields["bijlage_soort"].choices = [(s, labels[s]) for s in dict.fromkeys(soorten)]

    def clean_iban(self):
        return normaliseer(self.cleaned_data.get("iban", ""))

    def clean(self):
        data = super().clean()
        if data.get("bijlage") and not data.get("bijlage_soort"):
            self.add_error("bijlage_soort", _("Choose what kind of attachment this is."))
        return data


class IntrekkenForm(forms.Form):
    reden = forms.CharField(
        label=_("Why do you withdraw your application?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerantwoordingForm(forms.Form):
    verantwoording = forms.CharField(
        label=_("How did it go?"),
        help_text=_("Tell in a few sentences what happened and how many neighbours took part."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    foto = forms.FileField(label=_("Photo"), required=False)
