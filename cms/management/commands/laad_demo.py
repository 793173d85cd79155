from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import DEMO_WACHTWOORD, laad_demo


class Command(BaseCommand):
    help = "Load Delft's geography, demo pages and demo accounts (idempotent, development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ook-zonder-debug",
            action="store_true",
            help="Also run when DEBUG is off (never in production: it creates known passwords).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["ook_zonder_debug"]:
            raise CommandError("laad_demo creates accounts with known passwords; DEBUG is off.")
        resultaat = laad_demo(voorbeeld_aanvragen=True)
        gebieden = resultaat["gebieden"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Gebieden: {gebieden.wijken} wijken, {gebieden.buurten} buurten "
                f"({len(gebieden.aandachtsbuurten)} aandachtsbuurten). "
                f"Nieuwe wijkpagina's: {resultaat['wijkpaginas']}."
            )
        )
        self.stdout.write(f"\nDemo-accounts (wachtwoord voor nieuwe accounts: {DEMO_WACHTWOORD}):")
        for account in resultaat["accounts"]:
            rol = account.rol or "bewoner"
            wijken = f" ({', '.join(account.wijken)})" if account.wijken else ""
            self.stdout.write(f"  {account.email:40} {rol}{wijken}")
        self.stdout.write(
            "\nMedewerkers stellen bij hun eerste bezoek aan /admin/ "
            "tweestapsverificatie (TOTP) in."
        )
