from django.core.management.base import BaseCommand

from portal.gebieden.laden import laad_gebieden


class Command(BaseCommand):
    help = "Load or refresh Delft's districts, neighbourhoods and CBS key figures (idempotent)."

    def handle(self, *args, **options):
        verslag = laad_gebieden()
        self.stdout.write(
            self.style.SUCCESS(
                f"Gebieden geladen: {verslag.wijken} wijken, {verslag.cbs_wijken} CBS-wijken, "
                f"{verslag.buurten} buurten, {len(verslag.aandachtsbuurten)} aandachtsbuurten."
            )
        )
        for code, toewijzing in sorted(verslag.toewijzingen.items()):
            self.stdout.write(f"  {code} → {toewijzing}")
