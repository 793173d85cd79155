from django.forms.renderers import TemplatesSetting


class NLDesignFormRenderer(TemplatesSetting):
    """Renders every Django form with the project's NL Design System templates.

    ``{{ form }}`` gives an error summary and, per field, label → description → error → input
    with ``aria-describedby``/``aria-invalid`` (templates/components/form.html and field.html).
    """

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
