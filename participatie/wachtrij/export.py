"""Formula-safe spreadsheets for the queue's CSV/XLSX export."""

# A spreadsheet program treats a cell starting with one of these as a formula (or, for tab and
# carriage return, may shift it into one): OWASP "CSV injection".
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def ontwapen(waarde):
    """Text that a spreadsheet would read as a formula, prefixed with a quote."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


class VeiligeExportMixin:
    """Wagtail's ``SpreadsheetExportMixin`` writes text as it is to CSV (XLSX only turns cells
    that openpyxl takes for a formula back into text). Every text value is neutralised here,
    after Wagtail's own preprocessing, for both formats."""

    def preprocess_field_value(self, field, value, export_format):
        return ontwapen(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return ontwapen(super().get_heading(queryset, field))
