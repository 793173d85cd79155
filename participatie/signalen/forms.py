"""The forms of signals: the resident's signal, and the district team's decision forms and the
request to see the sender.

The forms only check input; what is saved, and which status follows, is decided in
``besluiten``. The resident's fields are rendered by the project-wide field template
(``{{ form.x.as_field_group }}``); the decision forms by the queue's form view.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.wachtrij import BesluitFormulier, naam_van
from portal.bijlagen import FotoVeld
from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt
from portal.gebieden.models import Buurt, Wijk

from .besluiten import programmas
from .models import IdentiteitInzage, Signaal, SignaalCategorie

# The same photos as a play-space defect report (speelkaart.forms.MeldingForm): by content.
FOTO_OPNIEUW = _(
    "Choose your photo again: for your safety the browser does not keep a chosen file when "
    "the form is shown again."
)


class CategorieKeuze(forms.ModelChoiceField):
    def label_from_instance(self, categorie):
        if categorie.omschrijving:
            return f"{categorie.naam} – {categorie.omschrijving}"
        return categorie.naam


class BuurtKeuze(forms.ModelChoiceField):
    def label_from_instance(self, buurt):
        return f"{buurt.naam} ({buurt.wijk.naam})"


class SignaalForm(forms.Form):
    """A signal or idea: what it is about, the text, where (a point on the map, a neighbourhood
    or, when neither, the district: every signal has a district) and an optional photo.

    No ``required`` attributes on the controls (the NL Design System would style an untouched
    form as invalid); the server checks every field and the form is ``novalidate``.
    """

    use_required_attribute = False

    categorie = CategorieKeuze(
        label=_("What is it about?"),
        queryset=SignaalCategorie.objects.filter(actief=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose what your signal or idea is about.")},
    )
    tekst = forms.CharField(
        label=_("Your signal or idea"),
        max_length=Signaal._meta.get_field("tekst").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is going on, or what is your idea? At most 2000 characters. Do not write "
            "names or other personal details of others."
        ),
        error_messages={"required": _("Describe your signal or idea.")},
    )
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
    wijk = forms.ModelChoiceField(
        queryset=Wijk.objects.defer("grens").order_by("volgorde", "naam"),
        required=False,
        label=_("District"),
        help_text=_("Only needed when you chose no place on the map and no neighbourhood."),
        empty_label=_("Choose a district"),
    )
    lat = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput()
    )
    lon = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput()
    )
    foto = FotoVeld(
        help_text=_(
            "A photo in JPEG, PNG or WebP format, at most 10 MB. We remove the location and "
            "other details stored in the photo. Do not photograph people."
        ),
    )

    def clean(self):
        """The place: the point's neighbourhood, else the chosen one, else the chosen district."""
        data = super().clean()
        # The coordinates are hidden fields: an error there would show nowhere. A point that
        # cannot be read is treated as no point, and said at the neighbourhood list.
        onleesbaar = [self._errors.pop(veld, None) for veld in ("lat", "lon")]
        if any(onleesbaar):
            data["lat"] = data["lon"] = None
            if not data.get("buurt"):
                self.add_error(
                    "buurt",
                    _("The point on the map could not be read. Choose the place again."),
                )
                return data
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None:
            try:
                data["buurt"] = buurt_voor_punt(lat, lon).buurt
            except PuntBuitenDelft as fout:
                if not data.get("buurt"):
                    self.add_error("buurt", fout)
                    return data
                # The resident corrected a wrong click with the list: use the list.
                data["lat"] = data["lon"] = None
        else:
            data["lat"] = data["lon"] = None
        if data.get("buurt"):
            data["wijk"] = data["buurt"].wijk
        elif not data.get("wijk") and "wijk" not in self.errors:
            self.add_error(
                "wijk",
                _("Choose the place on the map, a neighbourhood or the district it is about."),
            )
        return data

    def full_clean(self):
        super().full_clean()
        # A browser never keeps a chosen file: say so at the photo when the page comes back.
        if self.errors and self.files.get("foto") and "foto" not in self.errors:
            veld = self.fields["foto"]
            veld.help_text = f"{FOTO_OPNIEUW} {veld.help_text}"
            self["foto"].help_text = veld.help_text  # the bound field copied the old text

    def gekozen_locatie(self):
        """Where the posted point lies, for the picker's status line; None without one."""
        try:
            return buurt_voor_punt(self["lat"].value(), self["lon"].value())
        except PuntBuitenDelft:
            return None


# --- The district team's forms (the queue, ``wachtrij``) ----------------------------------

NOTITIE = {
    "label": _("Internal note"),
    "required": False,
    "widget": forms.Textarea(attrs={"rows": 3}),
    "help_text": _("Only staff see this note."),
}


def _motivatie():
    return forms.CharField(
        label=_("Message for the resident"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. The resident sees this text and gets it by e-mail."),
    )


def _programma():
    return forms.ModelChoiceField(
        label=_("District programme"),
        queryset=programmas(),
        required=False,
        empty_label=_("No district programme"),
    )


def _programmathema(required=False):
    return forms.CharField(
        label=_("Programme theme"),
        required=required,
        max_length=Signaal._meta.get_field("programmathema").max_length,
        help_text=_("The theme of the district programme this signal belongs to."),
    )


class _MetBehandelaar(BesluitFormulier):
    behandelaar = forms.ModelChoiceField(
        label=_("Handled by"),
        queryset=None,
        empty_label=None,
        help_text=_("Yourself or a colleague of the district."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["behandelaar"]
        veld.queryset = self.wachtrij.collegas(self.item, self.gebruiker)
        veld.label_from_instance = naam_van
        veld.initial = self.item.behandelaar_id or self.gebruiker.pk


class InBehandelingFormulier(_MetBehandelaar):
    programmathema = _programmathema()
    programma = _programma()
    motivatie = _motivatie()
    notitie = forms.CharField(**NOTITIE)
    field_order = ["behandelaar", "programmathema", "programma", "motivatie", "notitie"]


class HeropenenFormulier(_MetBehandelaar):
    motivatie = _motivatie()
    notitie = forms.CharField(**NOTITIE)


class DoorsturenFormulier(BesluitFormulier):
    doorgestuurd_naar = forms.CharField(
        label=_("Forwarded to"),
        max_length=Signaal._meta.get_field("doorgestuurd_naar").max_length,
        help_text=_("The partner, for example Woonbron or the police. The resident sees it."),
        error_messages={"required": _("Name the partner you forwarded it to.")},
    )
    motivatie = _motivatie()
    notitie = forms.CharField(**NOTITIE)


class KoppelenFormulier(BesluitFormulier):
    programmathema = _programmathema()
    programma = _programma()
    notitie = forms.CharField(**NOTITIE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmathema"].initial = self.item.programmathema
        self.fields["programma"].initial = self.item.programma_id


class AfsluitenFormulier(BesluitFormulier):
    antwoord = forms.CharField(
        label=_("Reply to the resident"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The resident reads it in My signals and gets it by e-mail. Do not name other people."
        ),
        error_messages={"required": _("Write the reply; the resident sees it.")},
    )
    notitie = forms.CharField(**NOTITIE)


class MelderFormulier(BesluitFormulier):
    reden = forms.CharField(
        label=_("Why do you need to know who sent it?"),
        max_length=IdentiteitInzage._meta.get_field("reden").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Your name, the time and this reason are logged and shown to colleagues with this "
            "signal."
        ),
        error_messages={"required": _("Give the reason why you need to know who sent it.")},
    )
