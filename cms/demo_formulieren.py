"""Example forms for the demo schemes (a consent list, a self-management agreement) as small
one-page PDFs, stored as Wagtail documents. Their text says they are example content: the
municipality uploads its own forms in the admin (Regelingen → the scheme → required
attachments)."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

KOP = "Voorbeeld – demo-inhoud, geen formulier van de gemeente Delft"

FORMULIEREN = {
    "instemming": (
        "Voorbeeld: instemmingslijst speelstraat",
        [
            "Instemmingslijst speelstraat",
            KOP,
            "",
            "Straat en het deel van de straat dat wordt afgesloten: ______________________",
            "Vaste dagen en tijden: ______________________________________________",
            "",
            "Per huishouden: adres, naam, handtekening en of u instemt (ja/nee).",
            "",
        ]
        + ["Adres: ____________  Naam: ____________  Handtekening: ________  Ja / Nee"] * 20,
    ),
    "overeenkomst": (
        "Voorbeeld: overeenkomst zelfbeheer",
        [
            "Overeenkomst zelfbeheer openbare ruimte",
            KOP,
            "",
            "Bewoner(s): _______________________________________________________",
            "Adres: ____________________________________________________________",
            "Welke plek (plantenbak, groenstrook, …): ___________________________",
            "",
            "De bewoners onderhouden de plek en melden schade bij de gemeente.",
            "De gemeente kan de overeenkomst beëindigen als de plek niet wordt onderhouden.",
            "",
            "Datum: ____________     Handtekening bewoner: ______________________",
        ],
    ),
}


def _pdf_tekst(tekst: str) -> str:
    return tekst.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tekst_pdf(regels: list[str]) -> bytes:
    """A one-page A4 PDF with the lines in Helvetica: Windows-1252 text (the WinAnsi
    encoding), enough for a blank form."""
    inhoud = "BT /F1 11 Tf 56 790 Td 16 TL " + " ".join(f"({_pdf_tekst(r)}) Tj T*" for r in regels)
    inhoud += " ET"
    objecten = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(inhoud)} >>\nstream\n{inhoud}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    uit = "%PDF-1.4\n"
    posities = []
    for nummer, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += f"{nummer} 0 obj\n{obj}\nendobj\n"
    xref = len(uit)
    uit += f"xref\n0 {len(objecten) + 1}\n0000000000 65535 f \n"
    uit += "".join(f"{p:010d} 00000 n \n" for p in posities)
    uit += f"trailer\n<< /Size {len(objecten) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return uit.encode("cp1252")


def voorbeeldformulier(sleutel: str):
    """The example document for ``sleutel`` ("instemming" or "overeenkomst"), created once."""
    Document = get_document_model()
    titel, regels = FORMULIEREN[sleutel]
    document = Document.objects.filter(title=titel).first()
    if document is None:
        document = Document(title=titel)
        document.file.save(f"voorbeeld-{sleutel}.pdf", ContentFile(tekst_pdf(regels)), save=False)
        document.save()
    return document
