"""A consultation's questions as a Django form: one field per question block, validated per
question type with a specific message for every invalid value.

Why a form built from the blocks (and not a model form): the questions are data
(``Raadpleging.vragen``), their block id is the question's identity, and an answer is stored as
rows (``reacties``). ``verplicht`` is enforced only when the resident *sends*: saving progress
("Opslaan en later verder") accepts empty answers, never invalid ones. A ranking works without
JavaScript: per option a select "position 1..n". The shapes the fields clean to are also how
stored answers are read back (``opgeslagen_antwoorden``: prefill, receipt, privacy export).
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .constants import VraagSoort

VELD_PREFIX = "v_"
SCHAAL = range(1, 6)


@dataclass(frozen=True)
class Vraag:
    """One question block, read from the StreamField."""

    id: str
    soort: str
    tekst: str
    toelichting: str = ""
    verplicht: bool = True
    opties: tuple[str, ...] = field(default_factory=tuple)
    max_keuzes: int | None = None
    label_laag: str = ""
    label_hoog: str = ""
    max_lengte: int | None = None

    @property
    def veldnaam(self) -> str:
        return f"{VELD_PREFIX}{self.id}"


def vragen_van(raadpleging) -> list[Vraag]:
    """The consultation's questions in order (no query: the StreamField is JSON)."""
    vragen = []
    for blok in raadpleging.vragen:
        if blok.block_type not in VraagSoort.values:
            continue
        waarde = blok.value
        vragen.append(
            Vraag(
                id=str(blok.id),
                soort=blok.block_type,
                tekst=waarde.get("vraag") or "",
                toelichting=waarde.get("toelichting") or "",
                verplicht=bool(waarde.get("verplicht")),
                opties=tuple(o.strip() for o in (waarde.get("opties") or []) if o.strip()),
                max_keuzes=waarde.get("max_keuzes") or None,
                label_laag=waarde.get("label_laag") or "",
                label_hoog=waarde.get("label_hoog") or "",
                max_lengte=waarde.get("max_lengte") or None,
            )
        )
    return vragen


def is_beantwoord(waarde) -> bool:
    return waarde not in (None, "", [], {})


# --- Ranking: one select per option --------------------------------------------------------


class RangordeWidget(forms.MultiWidget):
    """One select per option, each with the option as its visible label."""

    template_name = "participatie/raadplegingen/_rangorde_widget.html"
    use_fieldset = True

    def __init__(self, opties, keuzes):
        self.opties = tuple(opties)
        super().__init__([forms.Select(choices=keuzes) for _ in self.opties])

    def decompress(self, value):
        if isinstance(value, dict):
            return [str(value.get(optie, "")) for optie in self.opties]
        return list(value) if value else [""] * len(self.opties)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        ongeldig = bool((attrs or {}).get("aria-invalid"))
        for optie, sub in zip(self.opties, context["widget"]["subwidgets"], strict=True):
            sub["label"] = optie
            sub["attrs"]["class"] = "utrecht-select utrecht-select--html-select" + (
                " utrecht-select--invalid" if ongeldig else ""
            )
        return context


class RangordeVeld(forms.MultiValueField):
    """Cleans to {option: position} (1 = most important), or {} when left entirely empty."""

    def __init__(self, vraag: Vraag, **kwargs):
        self.vraag = vraag
        n = len(vraag.opties)
        keuzes = [("", "—")] + [(str(i), str(i)) for i in range(1, n + 1)]
        velden = [forms.ChoiceField(choices=keuzes, required=False) for _ in vraag.opties]
        super().__init__(
            fields=velden,
            require_all_fields=False,
            widget=RangordeWidget(vraag.opties, keuzes),
            **kwargs,
        )

    def clean(self, value):
        n = len(self.vraag.opties)
        if not isinstance(value, list | tuple):
            value = []
        waarden = [str(v or "").strip() for v in value][:n]
        waarden += [""] * (n - len(waarden))
        if not any(waarden):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return {}
        posities = []
        for waarde in waarden:
            if not waarde:
                posities.append(None)
            elif waarde.isdigit() and 1 <= int(waarde) <= n:
                posities.append(int(waarde))
            else:
                raise forms.ValidationError(
                    _("Choose a position from 1 to %(n)s for each option."),
                    code="invalid_choice",
                    params={"n": n},
                )
        if None in posities:
            if self.vraag.verplicht:
                bericht = _("Give every option a position from 1 to %(n)s.")
            else:
                bericht = _(
                    "Give every option a position from 1 to %(n)s, or leave them all empty."
                )
            raise forms.ValidationError(bericht, code="incomplete", params={"n": n})
        dubbel = sorted({p for p in posities if posities.count(p) > 1})
        if dubbel:
            raise forms.ValidationError(
                ngettext(
                    "Position %(posities)s is chosen more than once. Use each position once.",
                    "Positions %(posities)s are chosen more than once. Use each position once.",
                    len(dubbel),
                ),
                code="dubbel",
                params={"posities": ", ".join(str(p) for p in dubbel)},
            )
        return dict(zip(self.vraag.opties, posities, strict=True))

    def compress(self, data_list):  # clean() above does the work
        return data_list


# --- Fields per question type ---------------------------------------------------------------

VERPLICHT = {
    VraagSoort.ENKELE_KEUZE: _("Choose an answer."),
    VraagSoort.MEERKEUZE: _("Choose at least one option."),
    VraagSoort.SCHAAL: _("Choose a value from 1 to 5."),
    VraagSoort.RANGORDE: _("Give every option a position."),
    VraagSoort.OPEN: _("Answer this question."),
}
ONBEKENDE_OPTIE = _("Choose one of the options given.")


class MeerkeuzeVeld(forms.MultipleChoiceField):
    def __init__(self, vraag: Vraag, **kwargs):
        self.vraag = vraag
        super().__init__(**kwargs)

    def clean(self, value):
        gekozen = super().clean(value)
        gekozen = list(dict.fromkeys(gekozen))  # a value posted twice counts once
        maximum = self.vraag.max_keuzes
        if maximum and len(gekozen) > maximum:
            raise forms.ValidationError(
                ngettext(
                    "Choose at most %(max)s option.", "Choose at most %(max)s options.", maximum
                ),
                code="te_veel",
                params={"max": maximum},
            )
        # In the order of the options, whatever order they were posted in.
        return [optie for optie in self.vraag.opties if optie in gekozen]


def _toelichting(vraag: Vraag) -> str:
    """The help text under the legend (rendered unescaped by the field template: escape the
    editors' text here)."""
    delen = [escape(vraag.toelichting)] if vraag.toelichting else []
    if vraag.soort == VraagSoort.MEERKEUZE and vraag.max_keuzes:
        delen.append(
            escape(
                ngettext(
                    "Choose at most %(max)s option.",
                    "Choose at most %(max)s options.",
                    vraag.max_keuzes,
                )
                % {"max": vraag.max_keuzes}
            )
        )
    elif vraag.soort == VraagSoort.RANGORDE:
        delen.append(escape(_("Give each option a position: 1 is the most important.")))
    elif vraag.soort == VraagSoort.OPEN and vraag.max_lengte:
        delen.append(escape(_("At most %(max)s characters.") % {"max": vraag.max_lengte}))
    return " ".join(str(d) for d in delen)


def veld_voor(vraag: Vraag, *, verplicht: bool) -> forms.Field:
    """The form field of one question; ``verplicht``: required in this submission."""
    gemeen = {
        "label": vraag.tekst,
        "required": verplicht,
        "help_text": _toelichting(vraag),
        "error_messages": {"required": VERPLICHT[vraag.soort], "invalid_choice": ONBEKENDE_OPTIE},
    }
    opties = [(optie, optie) for optie in vraag.opties]
    if vraag.soort == VraagSoort.ENKELE_KEUZE:
        veld = forms.ChoiceField(choices=opties, widget=forms.RadioSelect, **gemeen)
    elif vraag.soort == VraagSoort.MEERKEUZE:
        gemeen["error_messages"]["invalid_choice"] = _("Choose only from the options given.")
        veld = MeerkeuzeVeld(vraag, choices=opties, widget=forms.CheckboxSelectMultiple, **gemeen)
    elif vraag.soort == VraagSoort.SCHAAL:
        gemeen["error_messages"]["invalid_choice"] = _("Choose a value from 1 to 5.")
        labels = {1: vraag.label_laag, 5: vraag.label_hoog}
        keuzes = [(i, f"{i} – {labels[i]}" if labels.get(i) else str(i)) for i in SCHAAL]
        veld = forms.TypedChoiceField(
            choices=keuzes, coerce=int, empty_value=None, widget=forms.RadioSelect, **gemeen
        )
    elif vraag.soort == VraagSoort.RANGORDE:
        veld = RangordeVeld(vraag, **gemeen)
    else:
        gemeen["error_messages"]["max_length"] = _(
            "Your answer is too long: at most %(limit_value)d characters (it has %(show_value)d)."
        )
        veld = forms.CharField(
            max_length=vraag.max_lengte,
            widget=forms.Textarea(attrs={"rows": 5}),
            **gemeen,
        )
    veld.vraag = vraag
    return veld


def beschrijf(vraag: Vraag, waarde) -> str:
    """An answer as text (receipt e-mail, privacy export)."""
    if not is_beantwoord(waarde):
        return str(_("not answered"))
    if vraag.soort == VraagSoort.MEERKEUZE:
        return ", ".join(waarde)
    if vraag.soort == VraagSoort.SCHAAL:
        labels = {1: vraag.label_laag, 5: vraag.label_hoog}
        return f"{waarde} – {labels[waarde]}" if labels.get(waarde) else str(waarde)
    if vraag.soort == VraagSoort.RANGORDE:
        volgorde = sorted(waarde.items(), key=lambda paar: paar[1])
        return ", ".join(f"{positie}. {optie}" for optie, positie in volgorde)
    return str(waarde)


# --- Stored answers ----------------------------------------------------------------------------


def opgeslagen_antwoorden(reactie, vragen: list[Vraag] | None = None) -> dict:
    """A response's stored rows (``Antwoord``) as {question id: value}, the shapes the form
    cleans to: a choice, a list of choices, a number, {option: position} or a text."""
    if reactie is None or reactie.pk is None:
        return {}
    soorten = {v.id: v.soort for v in vragen} if vragen is not None else None
    antwoorden: dict = {}
    for rij in reactie.antwoorden.all():
        soort = soorten.get(rij.vraag) if soorten is not None else rij.soort
        if soort != rij.soort:
            continue  # the question was removed or changed type
        if soort == VraagSoort.ENKELE_KEUZE:
            antwoorden[rij.vraag] = rij.keuze
        elif soort == VraagSoort.MEERKEUZE:
            antwoorden.setdefault(rij.vraag, []).append(rij.keuze)
        elif soort == VraagSoort.SCHAAL:
            antwoorden[rij.vraag] = rij.getal
        elif soort == VraagSoort.RANGORDE:
            antwoorden.setdefault(rij.vraag, {})[rij.keuze] = rij.getal
        elif soort == VraagSoort.OPEN:
            antwoorden[rij.vraag] = rij.tekst
    return antwoorden


def samenvatting(reactie, vragen: list[Vraag] | None = None) -> list[dict]:
    """[{"vraag", "antwoord"}] in question order (receipt, privacy export)."""
    vragen = vragen if vragen is not None else vragen_van(reactie.raadpleging)
    antwoorden = opgeslagen_antwoorden(reactie, vragen)
    return [{"vraag": v.tekst, "antwoord": beschrijf(v, antwoorden.get(v.id))} for v in vragen]
