"""The question types of a consultation, as StreamField blocks (``Raadpleging.vragen``).

Each block's id (a UUID Wagtail gives it) is the question's identity: answers refer to it, so
reordering or rewording a question keeps its answers. Option texts are what an answer stores.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class _VraagBlok(blocks.StructBlock):
    vraag = blocks.CharBlock(label=_("Question"), max_length=300)
    toelichting = blocks.CharBlock(label=_("Explanation"), required=False, max_length=500)
    verplicht = blocks.BooleanBlock(label=_("Required"), required=False, default=True)


class _OptiesBlok(_VraagBlok):
    opties = blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=200), label=_("Options"), min_num=2
    )

    def clean(self, value):
        value = super().clean(value)
        opties = [o.strip() for o in value["opties"]]
        if len({o.casefold() for o in opties}) != len(opties):
            raise StructBlockValidationError(
                block_errors={"opties": ValidationError(_("Each option may appear only once."))}
            )
        return value

    class Meta:
        icon = "list-ul"


class EnkeleKeuzeBlok(_OptiesBlok):
    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MeerkeuzeBlok(_OptiesBlok):
    max_keuzes = blocks.IntegerBlock(
        label=_("At most this many choices"),
        required=False,
        min_value=1,
        help_text=_("Empty: any number."),
    )

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class SchaalBlok(_VraagBlok):
    label_laag = blocks.CharBlock(
        label=_("Meaning of 1"), max_length=60, default=_("Strongly disagree")
    )
    label_hoog = blocks.CharBlock(
        label=_("Meaning of 5"), max_length=60, default=_("Strongly agree")
    )

    class Meta:
        icon = "order"
        label = _("Scale 1–5")


class RangordeBlok(_OptiesBlok):
    class Meta:
        icon = "order-down"
        label = _("Ranking")


class OpenVraagBlok(_VraagBlok):
    max_lengte = blocks.IntegerBlock(
        label=_("Maximum length (characters)"), default=1000, min_value=50, max_value=4000
    )

    class Meta:
        icon = "edit"
        label = _("Open text")


class VragenBlok(blocks.StreamBlock):
    enkele_keuze = EnkeleKeuzeBlok()
    meerkeuze = MeerkeuzeBlok()
    schaal = SchaalBlok()
    rangorde = RangordeBlok()
    open = OpenVraagBlok()

    class Meta:
        min_num = 1
        max_num = 40
