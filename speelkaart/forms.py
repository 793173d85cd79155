"""Residents' forms: rating a play space, reporting a defect, proposing a wish.

The forms only check input; what is saved, and which status follows, is decided in
``besluiten`` (ratings, reports, wishes and support are changed nowhere else). Every field is
rendered by the project-wide field template (``{{ form.x.as_field_group }}``): a radio group
becomes a fieldset with the criterion as its legend.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.bijlagen import FotoVeld
from portal.gebieden.lookup import PuntBuitenDelft, buurt_voor_punt
from portal.gebieden.models import Buurt

from .constants import CRITERIA, MeldingCategorie
from .models import Melding, Waardering, Wens

# One label per score, so a screen reader announces "3 – fair", not just "3".
SCORES = [
    (1, _("1 – very poor")),
    (2, _("2 – poor")),
    (3, _("3 – fair")),
    (4, _("4 – good")),
    (5, _("5 – very good")),
]


class _ZonderRequired:
    """No ``required`` attribute on the controls: the NL Design System styles an empty
    ``required`` radio button or textarea as ``:invalid`` before the resident has done anything,
    so the form would open looking like an error state. The server checks every field (the forms
    are ``novalidate`` anyway); optional fields say "(optional)" in their label."""

    use_required_attribute = False


class WaarderingForm(_ZonderRequired, forms.Form):
    """Four criteria 1–5 (one radio group each) and an optional comment."""

    opmerking = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=Waardering._meta.get_field("opmerking").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the play space's page after a moderator has read it. Do not write "
            "names or other personal details."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {}
        for veld, label in CRITERIA.items():
            criteria[veld] = forms.TypedChoiceField(
                label=label,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score from 1 to 5.")},
            )
        # The criteria first, then the comment (the order on screen and in the error summary).
        self.fields = {**criteria, "opmerking": self.fields["opmerking"]}

    @classmethod
    def voor(cls, waardering: Waardering | None, data=None):
        """The form for a resident's existing rating (prefilled), or an empty one."""
        initial = {}
        if waardering is not None:
            initial = {veld: getattr(waardering, veld) for veld in CRITERIA}
            initial["opmerking"] = waardering.opmerking
        return cls(data, initial=initial)

    @property
    def scores(self) -> dict[str, int]:
        return {veld: self.cleaned_data[veld] for veld in CRITERIA}


class MeldingForm(_ZonderRequired, forms.Form):
    categorie = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        choices=MeldingCategorie.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of problem it is.")},
    )
    tekst = forms.CharField(
        label=_("What is wrong?"),
        max_length=Melding._meta.get_field("tekst").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Which equipment, and where on the play space. Do not write personal details."),
        error_messages={"required": _("Describe what is wrong.")},
    )
    foto = FotoVeld(
        help_text=_(
            "A photo in JPEG, PNG or WebP format, at most 10 MB. We remove the location and "
            "other details stored in the photo."
        ),
    )


class BuurtKeuze(forms.ModelChoiceField):
    def label_from_instance(self, buurt):
        return f"{buurt.naam} ({buurt.wijk.naam})"


class WensForm(_ZonderRequired, forms.Form):
    """A wish. For an improvement the play space is known (``speelplek``); for a new play space
    the place is a neighbourhood from the list or, with JavaScript, a point on the map (the
    location picker, static/js/locatiekiezer.js, fills the two hidden coordinates)."""

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
    lat = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput()
    )
    lon = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput()
    )
    titel = forms.CharField(
        label=_("Your wish in a few words"),
        max_length=Wens._meta.get_field("titel").max_length,
        help_text=_("For example: a football goal for older children."),
        error_messages={"required": _("Write your wish in a few words.")},
    )
    tekst = forms.CharField(
        label=_("Explanation"),
        max_length=Wens._meta.get_field("tekst").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Why is it needed, and for whom? Your wish is published after moderation, without "
            "your name."
        ),
        error_messages={"required": _("Explain your wish.")},
    )

    def __init__(self, *args, speelplek=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.speelplek = speelplek
        if speelplek is not None:  # an improvement: the place is the play space's
            for veld in ("buurt", "lat", "lon"):
                del self.fields[veld]

    def clean(self):
        data = super().clean()
        if self.speelplek is not None:
            return data
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None:
            try:
                data["buurt"] = buurt_voor_punt(lat, lon).buurt
            except PuntBuitenDelft as fout:
                if data.get("buurt"):
                    # The resident corrected a wrong click with the list: use the list.
                    data["lat"] = data["lon"] = None
                    return data
                self.add_error("buurt", fout)
        else:
            data["lat"] = data["lon"] = None
            if not data.get("buurt"):
                self.add_error(
                    "buurt", _("Choose the place on the map or choose the neighbourhood.")
                )
        return data

    def gekozen_locatie(self):
        """Where the posted point lies, for the picker's status line; None without one."""
        if self.speelplek is not None:
            return None
        try:
            return buurt_voor_punt(self["lat"].value(), self["lon"].value())
        except PuntBuitenDelft:
            return None
