"""Uploaded files of residents (attachments of applications, photos of defect reports):
checking, storing and serving them.

AUTHORISATION IS THE CALLER'S JOB. Nothing in this module checks who may see or add an
attachment. A view that serves one must first fetch the application the attachment belongs to
through the scoping rules (``portal.accounts.scoping`` for staff, the applicant check for
residents) and only then call ``serveer_bijlage``. Never link to the storage directly: private
files have no URL (``PriveOpslag.url`` raises).

The flow:

1. ``controleer_bestand(upload)`` in the form's clean method. It decides the type from the bytes
   only (never from the file name or the browser's content type), re-encodes images from their
   pixels (all metadata such as EXIF/GPS is gone) and screens PDFs. It raises ``BijlageFout``
   (a ``ValidationError`` with a ``code`` per reason) or returns a ``GecontroleerdBestand``.
2. Store ``gecontroleerd.als_contentfile()`` - never the upload itself - in a
   ``FileField(storage=bijlage_opslag, upload_to=bijlage_pad)``, and keep ``mime`` and
   ``oorspronkelijke_naam`` on the model.
3. Serve with ``serveer_bijlage(bijlage.bestand, bijlage.mime, <the stored display name>)``.

The PDF check is a byte-level screen, not a PDF parser: it refuses HTML polyglots, encrypted
files, and files that name JavaScript, launch actions, embedded files, rich media or XFA forms,
including inside Flate-compressed (object) streams. Actions that run by themselves (/OpenAction,
/AA) are followed to the action they lead to, and refused when that opens a web address, submits
or imports data or opens another file; the same actions behind a click (a link) are allowed.
Content hidden behind other encodings (predictors, image codecs) is not inspected, so PDFs are
additionally always served as a download, in a CSP sandbox, and staff should open them in a
viewer with JavaScript disabled.

The modules, one per job (import from this package; the modules are internal):

- ``controle``: ``controleer_bestand``, ``GecontroleerdBestand``, the
  type from the magic bytes and the safe display name; ``fouten``: ``BijlageFout`` and its codes.
- ``afbeeldingen``: the pixel limit, the size from the PNG/WebP header, re-encoding.
- ``pdf``: the byte-level screen; ``pdf_stromen``: Flate (object) streams; ``pdf_acties``:
  automatic actions; ``pdf_syntax``: what these share.
- ``opslag``: ``PriveOpslag``, ``bijlage_opslag``, ``bijlage_pad``.
- ``serveren``: ``serveer_bijlage``.
- ``velden``: ``FotoVeld``, a form field for one optional photo (checked as in step 1).

The constants below are re-exported to be read. A test that changes one must patch the module
that uses it (``afbeeldingen.MAX_PIXELS``, ``pdf_stromen._MAX_UITGEPAKT``, ...), not this package.
"""

# The API (``__all__``) and, as explicit re-exports, the public constants and error codes.
from .afbeeldingen import JPEG_KWALITEIT as JPEG_KWALITEIT
from .afbeeldingen import MAX_PIXELS as MAX_PIXELS
from .afbeeldingen import MAX_ZIJDE as MAX_ZIJDE
from .afbeeldingen import WEBP_KWALITEIT as WEBP_KWALITEIT
from .controle import ALLOWED, GecontroleerdBestand, controleer_bestand
from .controle import NAAM_MAX as NAAM_MAX
from .controle import STANDAARD_MAX_BYTES as STANDAARD_MAX_BYTES
from .controle import STANDAARD_NAAM as STANDAARD_NAAM
from .fouten import CODE_AFBEELDING_ONLEESBAAR as CODE_AFBEELDING_ONLEESBAAR
from .fouten import CODE_AFBEELDING_TE_GROOT as CODE_AFBEELDING_TE_GROOT
from .fouten import CODE_LEEG as CODE_LEEG
from .fouten import CODE_PDF_ACTIEVE_INHOUD as CODE_PDF_ACTIEVE_INHOUD
from .fouten import CODE_PDF_AUTOMATISCHE_ACTIE as CODE_PDF_AUTOMATISCHE_ACTIE
from .fouten import CODE_PDF_BESCHADIGD as CODE_PDF_BESCHADIGD
from .fouten import CODE_PDF_HTML as CODE_PDF_HTML
from .fouten import CODE_PDF_NIET_CONTROLEERBAAR as CODE_PDF_NIET_CONTROLEERBAAR
from .fouten import CODE_PDF_VERSLEUTELD as CODE_PDF_VERSLEUTELD
from .fouten import CODE_TE_GROOT as CODE_TE_GROOT
from .fouten import CODE_TE_VEEL_BIJLAGEN as CODE_TE_VEEL_BIJLAGEN
from .fouten import CODE_TE_VEEL_VAN_SOORT as CODE_TE_VEEL_VAN_SOORT
from .fouten import CODE_TYPE_NIET_TOEGESTAAN as CODE_TYPE_NIET_TOEGESTAAN
from .fouten import BijlageFout, fout_te_veel, fout_te_veel_van_soort
from .opslag import OpslagNietBeschikbaar, PriveOpslag, bijlage_opslag, bijlage_pad
from .serveren import serveer_bijlage
from .velden import FotoVeld

__all__ = [
    "ALLOWED",
    "BijlageFout",
    "GecontroleerdBestand",
    "OpslagNietBeschikbaar",
    "PriveOpslag",
    "bijlage_opslag",
    "bijlage_pad",
    "fout_te_veel",
    "fout_te_veel_van_soort",
    "controleer_bestand",
    "FotoVeld",
    "serveer_bijlage",
]
