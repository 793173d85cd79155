"""Forms of the barometer: the page's choice of indicator, year and district (GET, works
without JavaScript), and the admin's indicator form and CSV import form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models import Indicator

from .import_csv import EERSTE_JAAR, KOLOMMEN, MAX_BYTES
from .reeksen import CBS_PREFIX, Barometer

LAATSTE_JAAR = "laatste"


class KeuzeFormulier(forms.Form):
    """What the visitor compares. ``cms.barometer.pagina`` fills in a default for a field the
    query leaves out, and treats an unknown value as no choice (the error summary says why)."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    jaar = forms.ChoiceField(
        label=_("Year for the comparison of districts"),
        help_text=_("If the indicator has no value in that year, its most recent year is shown."),
    )
    wijk = forms.ChoiceField(label=_("District for the development over the years"))

    def __init__(self, *args, barometer: Barometer, **kwargs):
        super().__init__(*args, **kwargs)
        cbs = [(r.sleutel, r.label) for r in barometer.reeksen if r.sleutel.startswith(CBS_PREFIX)]
        eigen = [
            (r.sleutel, r.label) for r in barometer.reeksen if not r.sleutel.startswith(CBS_PREFIX)
        ]
        keuzes = []
        if cbs:
            keuzes.append((_("CBS key figures"), cbs))
        if eigen:
            keuzes.append((_("Barometer indicators"), eigen))
        self.fields["indicator"].choices = keuzes
        jaren = sorted({j for r in barometer.reeksen for j in r.jaren}, reverse=True)
        self.fields["jaar"].choices = [(LAATSTE_JAAR, _("Most recent year"))] + [
            (str(j), str(j)) for j in jaren
        ]
        self.fields["wijk"].choices = [(w.slug, w.naam) for w in barometer.wijken]


class IndicatorFormulier(WagtailAdminModelForm):
    """An indicator in the admin; its code may not look like a CBS series' key."""

    class Meta:
        model = Indicator
        fields = ["naam", "slug", "eenheid", "omschrijving", "bron"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug.lower().startswith(CBS_PREFIX):
            raise ValidationError(
                _("A code may not start with “%(prefix)s”: those are the CBS key figures."),
                params={"prefix": CBS_PREFIX},
                code="cbs_prefix",
            )
        return slug


IMPORT_UITLEG = _(
    "A CSV file (UTF-8, with or without BOM) with a header line and one value per line. "
    "Columns: %(kolommen)s, separated by semicolons or commas. "
    "indicator: the code of the indicator (may be left out when you choose the indicator above); "
    "wijk: the district's name or code, e.g. Hof van Delft or hof-van-delft; "
    "jaar: the year (%(eerste)s up to this year); "
    "waarde: a number with a decimal comma or point, at most two decimals, no thousands "
    "separator. Existing values for the same indicator, district and year are updated. "
    "If any line is wrong, nothing is imported and every error is listed."
)


class ImportFormulier(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=None,
        required=False,
        empty_label=_("Named per line in the file (column indicator)"),
        help_text=_("Choose the indicator if the file has no indicator column."),
    )
    bestand = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("naam")
        self.fields["bestand"].help_text = IMPORT_UITLEG % {
            "kolommen": ";".join(KOLOMMEN),
            "eerste": EERSTE_JAAR,
        }
        self.fields["bestand"].widget.attrs["accept"] = ".csv,text/csv,text/plain"

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB."),
                params={"mb": MAX_BYTES // (1024 * 1024)},
                code="te_groot",
            )
        return bestand
