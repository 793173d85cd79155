"""Why an upload is refused: ``BijlageFout``, its ``CODE_*`` codes and the messages.

Kept apart from ``controle`` so that the image and PDF checks can raise these errors while
``controle`` itself calls those checks.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class BijlageFout(ValidationError):
    """An upload that is refused. ``code`` is one of the ``CODE_*`` constants below."""

    def __init__(self, message, code, params=None):
        super().__init__(message, code=code, params=params)


CODE_LEEG = "leeg"
CODE_TE_GROOT = "te_groot"
CODE_TYPE_NIET_TOEGESTAAN = "type_niet_toegestaan"
CODE_AFBEELDING_ONLEESBAAR = "afbeelding_onleesbaar"
CODE_AFBEELDING_TE_GROOT = "afbeelding_te_groot"
CODE_PDF_HTML = "pdf_html"
CODE_PDF_ACTIEVE_INHOUD = "pdf_actieve_inhoud"
CODE_PDF_BESCHADIGD = "pdf_beschadigd"
CODE_PDF_NIET_CONTROLEERBAAR = "pdf_niet_controleerbaar"
CODE_PDF_VERSLEUTELD = "pdf_versleuteld"
CODE_PDF_AUTOMATISCHE_ACTIE = "pdf_automatische_actie"  # opens a link, sends a form, ... by itself
CODE_TE_VEEL_BIJLAGEN = "te_veel_bijlagen"
CODE_TE_VEEL_VAN_SOORT = "te_veel_van_soort"

_MELDING_TYPE = _("This type of file is not allowed. Upload a photo (JPEG, PNG or WebP) or a PDF.")
_MELDING_AFBEELDING = _("The image could not be read.")
_MELDING_PDF = _("This PDF cannot be accepted because it contains active content or is damaged.")


def _fout_leeg():
    return BijlageFout(_("The file is empty."), CODE_LEEG)


def _fout_te_groot(max_bytes: int):
    mb = max_bytes / (1024 * 1024)
    maximum = str(int(mb)) if mb == int(mb) else number_format(mb, decimal_pos=1)
    return BijlageFout(
        _("The file is too large: at most %(max)s MB."), CODE_TE_GROOT, {"max": maximum}
    )


def _fout_pdf(code: str):
    if code == CODE_PDF_VERSLEUTELD:
        return BijlageFout(
            _("This PDF is protected with a password or encryption. Upload it without protection."),
            code,
        )
    return BijlageFout(_MELDING_PDF, code)


def fout_te_veel(aantal: int):
    return BijlageFout(
        _(
            "This application already has %(max)s attachments, the maximum. Remove an "
            "attachment before you add another one."
        ),
        CODE_TE_VEEL_BIJLAGEN,
        {"max": aantal},
    )


def fout_te_veel_van_soort(aantal: int, soort):
    return BijlageFout(
        _(
            'This application already has %(max)s attachments of the kind "%(soort)s", '
            "the maximum. Remove one of them before you add another one."
        ),
        CODE_TE_VEEL_VAN_SOORT,
        {"max": aantal, "soort": soort},
    )
