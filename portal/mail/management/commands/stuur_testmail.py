from django.core.management.base import BaseCommand

from portal.mail.tasks import plan_email


class Command(BaseCommand):
    help = "Queue a test e-mail through the background task, to check the e-mail settings."

    def add_arguments(self, parser):
        parser.add_argument("adres", help="recipient e-mail address")

    def handle(self, *args, **options):
        task_id = plan_email(options["adres"], "testbericht", {"adres": options["adres"]})
        self.stdout.write(self.style.SUCCESS(f"Testbericht ingepland (taak {task_id})."))
