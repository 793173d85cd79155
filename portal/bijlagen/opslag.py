"""Private storage of attachments: no URL, random names; on local disk (outside MEDIA_ROOT and
STATIC_ROOT) by default, or in a private S3-compatible bucket when ``S3_BUCKET_PRIVE`` is set.

Which of the two is read from the settings on every use (not once when a model is imported),
so a second web host shares the files as soon as the bucket is configured, and tests can switch.
Either way a stored file has no URL: it is streamed by a view that checked the object first
(``serveren.serveer_bijlage``), never linked to, also not by a signed bucket URL.
"""

import functools
import os
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .controle import ALLOWED


def _prive_root() -> Path:
    root = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return Path(root) if root else Path(settings.BASE_DIR) / "var" / "private"


class _Schijfopslag(FileSystemStorage):
    """Private attachments on local disk: no URL, outside MEDIA_ROOT and STATIC_ROOT.

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
        raise ValueError(_GEEN_URL)


def _binnen(pad: Path, map_: Path) -> bool:
    return pad.resolve().is_relative_to(map_.resolve())


_GEEN_URL = (
    "Private attachments have no URL: serve them with serveer_bijlage() from a view that checks "
    "access first."
)


@functools.lru_cache(maxsize=4)
def _s3_opslag(bucket: str, endpoint: str):
    """One storage (and boto3 client) per bucket and endpoint, per process."""
    from storages.backends.s3 import S3Storage

    class _PriveBucket(S3Storage):
        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError(_GEEN_URL)

    return _PriveBucket(
        bucket_name=bucket,
        default_acl="private",
        querystring_auth=True,
        file_overwrite=False,
        # Never the browser's idea of a type: the stored type is the checked one.
        object_parameters={"CacheControl": "private, no-store"},
    )


class OpslagNietBeschikbaar(Exception):  # noqa: N818 (domain name)
    """The object store did not answer (or answered 5xx): nothing was written or read. Views
    answer the Dutch 503 "try again" page (``portal.core.middleware``) or a form error."""


def _bij_storing(functie):
    """Turn the object store's connection errors and 5xx answers into OpslagNietBeschikbaar;
    a missing object (404) and the disk's errors stay what they are."""

    @functools.wraps(functie)
    def wrapper(*args, **kwargs):
        try:
            return functie(*args, **kwargs)
        except Exception as fout:
            if _is_storing(fout):
                raise OpslagNietBeschikbaar(str(fout)) from fout
            raise

    return wrapper


def _is_storing(fout: Exception) -> bool:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - botocore is a dependency
        return False
    if isinstance(fout, BotoCoreError):
        return True
    if isinstance(fout, ClientError):
        status = fout.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500
    return False


@deconstructible(path="portal.bijlagen.PriveOpslag")
class PriveOpslag(Storage):
    """The storage of private attachments: the disk or the private bucket, per the settings.

    Only what Django's ``Storage`` API needs is passed on; ``url`` raises for both.
    """

    def _backend(self) -> Storage:
        bucket = getattr(settings, "S3_BUCKET_PRIVE", "")
        if bucket:
            return _s3_opslag(bucket, getattr(settings, "AWS_S3_ENDPOINT_URL", "") or "")
        return _Schijfopslag()

    @_bij_storing
    def _open(self, name, mode="rb"):
        return self._backend()._open(name, mode)

    @_bij_storing
    def _save(self, name, content):
        return self._backend()._save(name, content)

    @_bij_storing
    def get_available_name(self, name, max_length=None):
        return self._backend().get_available_name(name, max_length=max_length)

    @_bij_storing
    def delete(self, name):
        return self._backend().delete(name)

    @_bij_storing
    def exists(self, name):
        return self._backend().exists(name)

    @_bij_storing
    def size(self, name):
        return self._backend().size(name)

    @_bij_storing
    def listdir(self, path):
        return self._backend().listdir(path)

    def path(self, name):
        return self._backend().path(name)  # disk only; a bucket has no local path

    @property
    def location(self):
        """The directory on disk (checked against the public ones), or the bucket's prefix."""
        return self._backend().location

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError(_GEEN_URL)


def bijlage_opslag() -> Storage:
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
