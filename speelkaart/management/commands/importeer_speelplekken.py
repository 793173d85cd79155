"""``manage.py importeer_speelplekken <file.geojson> --formaat osm|gemeente [--dry-run]``.

The formats, the idempotency and the transaction rules are documented in
``speelkaart/importeren.py``. Rejected features are listed one per line on stderr with their
reason; ``-v 2`` lists every feature on stdout. The summary comes last. The exit status is 0
when the file could be read, also when features were rejected (that is the report's job); a file
that cannot be read at all (missing, not JSON, not a FeatureCollection, not WGS84) is an error.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speelkaart.importeren import FORMATEN, Bestandsfout, Uitkomst, importeer


class Command(BaseCommand):
    help = (
        "Import play spaces from a GeoJSON FeatureCollection: an OpenStreetMap export "
        "(--formaat osm) or the municipality's open-data layer (--formaat gemeente). "
        "Idempotent per source and id; see speelkaart/importeren.py for both formats."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path, help="GeoJSON file (WGS84)")
        parser.add_argument("--formaat", required=True, choices=sorted(FORMATEN))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report everything, but save nothing.",
        )

    def handle(self, *args, bestand: Path, formaat: str, dry_run: bool, **options):
        try:
            inhoud = bestand.read_bytes()
        except OSError as fout:
            raise CommandError(f"{bestand}: {fout.strerror or fout}") from fout
        try:
            verslag = importeer(inhoud, formaat, dry_run=dry_run)
        except Bestandsfout as fout:
            raise CommandError(f"{bestand}: {fout}") from fout

        for regel in verslag.features:
            if regel.uitkomst == Uitkomst.AFGEWEZEN:
                self.stderr.write(regel.tekst(), self.style.WARNING)
            elif options["verbosity"] >= 2:
                self.stdout.write(regel.tekst())
        self.stdout.write(verslag.samenvatting(), self.style.SUCCESS)
