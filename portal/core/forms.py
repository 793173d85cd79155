from django.forms import BoundField
from django.forms.renderers import TemplatesSetting

# NL Design System classes per kind of control (utrecht component library).
NLDS_KLASSEN = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
}
NLDS_TEKSTVAK = "utrecht-textbox utrecht-textbox--html-input"


class NLDesignBoundField(BoundField):
    """Adds the NL Design System classes (and their --invalid variant) to every control."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        soort = getattr(widget, "input_type", None) or (
            "textarea" if widget.__class__.__name__ == "Textarea" else None
        )
        if soort in ("hidden", "file") or widget.is_hidden:
            return attrs
        klassen = NLDS_KLASSEN.get(soort, NLDS_TEKSTVAK)
        if self.errors:
            basis = klassen.split()[0]
            klassen = f"{klassen} {basis}--invalid"
        attrs["class"] = f"{attrs.get('class', '')} {klassen}".strip()
        return attrs


class NLDesignFormRenderer(TemplatesSetting):
    """Renders every Django form with the project's NL Design System templates.

    ``{{ form }}`` gives an error summary and, per field, label → description → error → input
    with ``aria-describedby``/``aria-invalid`` (templates/components/form.html and field.html).
    """

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = NLDesignBoundField
