"""Private storage of attachments: no URL, outside MEDIA_ROOT and STATIC_ROOT, random names."""

import os
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .controle import ALLOWED


def _prive_root() -> Path:
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "private"


@deconstructible(path="portal.bijlagen.PriveOpslag")
class PriveOpslag(FileSystemStorage):
    """File storage for private attachments: no URL, outside MEDIA_ROOT and STATIC_ROOT.

    The location is read from ``settings.PRIVATE_MEDIA_ROOT`` on every use (not once when the
    model is imported), so tests can point it at a temporary directory. A location inside
    MEDIA_ROOT or STATIC_ROOT, from where files could be served publicly, is refused.
    """

    def __init__(self):
        super().__init__(
            base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750
        )

    @property
    def base_location(self):
        root = _prive_root()
        for naam in ("MEDIA_ROOT", "STATIC_ROOT"):
            publiek = getattr(settings, naam, None)
            if publiek and _binnen(root, Path(publiek)):
                raise ImproperlyConfigured(f"PRIVATE_MEDIA_ROOT must not be inside {naam}.")
        for publiek in getattr(settings, "STATICFILES_DIRS", ()):
            publiek = publiek[1] if isinstance(publiek, tuple | list) else publiek
            if _binnen(root, Path(publiek)):
                raise ImproperlyConfigured(
                    "PRIVATE_MEDIA_ROOT must not be inside STATICFILES_DIRS."
                )
        return root

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(
            "Private attachments have no URL: serve them with serveer_bijlage() from a view "
            "that checks access first."
        )


def _binnen(pad: Path, map_: Path) -> bool:
    return pad.resolve().is_relative_to(map_.resolve())


def bijlage_opslag() -> FileSystemStorage:
    """The storage of attachments, for ``FileField(storage=bijlage_opslag)``."""
    return PriveOpslag()


_EXTENSIES = frozenset(ALLOWED.values())


def bijlage_pad(instance, filename: str) -> str:
    """``upload_to`` for attachments: ``bijlagen/<yyyy>/<mm>/<random hex><ext>``.

    The name says nothing about the file or its owner and cannot be guessed (uuid4, 122 random
    bits). The extension must be one of ALLOWED's, as in names from
    ``GecontroleerdBestand.als_contentfile``; anything else means the file did not go through
    ``controleer_bestand`` and is refused with ValueError.
    """
    ext = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower()
    if ext not in _EXTENSIES:
        raise ValueError(f"Attachment name without an allowed extension: {filename!r}")
    vandaag = timezone.localdate()
    return f"bijlagen/{vandaag:%Y}/{vandaag:%m}/{uuid.uuid4().hex}{ext}"
