"""``FotoVeld``: a form field for one optional photo (a defect report, a signal).

The field runs ``controleer_bestand`` (type by content, re-encoded without metadata) and accepts
only images, so a PDF that passed the general check is refused here with a photo-specific
message. ``clean`` returns a ``GecontroleerdBestand`` (or None): store its
``als_contentfile()``, never the upload.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .controle import GecontroleerdBestand, controleer_bestand
from .fouten import CODE_TYPE_NIET_TOEGESTAAN, BijlageFout

FOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
GEEN_FOTO = _("This file is not a photo. Upload a photo in JPEG, PNG or WebP format.")


class FotoVeld(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Photo"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ",".join(FOTO_TYPES)})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> GecontroleerdBestand | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            gecontroleerd = controleer_bestand(upload)
        except BijlageFout as fout:
            if fout.code == CODE_TYPE_NIET_TOEGESTAAN:
                raise forms.ValidationError(GEEN_FOTO, code=fout.code) from fout
            raise
        if gecontroleerd.mime not in FOTO_TYPES:  # a PDF passed the general check
            raise forms.ValidationError(GEEN_FOTO, code=CODE_TYPE_NIET_TOEGESTAAN)
        return gecontroleerd
