"""CI: the Dutch catalogue is complete. The .po file is the only source of translations.

1. Extract the msgids from the code and templates into locale/nl (``makemessages``; needs GNU
   gettext's xgettext), so a new English text without a Dutch translation shows up here.
2. Fail when any entry is untranslated or fuzzy, listing them.

Workflow for developers: ``make messages-extract`` → translate the new entries in
``locale/nl/LC_MESSAGES/django.po`` → ``make messages`` (compile).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

BASIS = Path(__file__).resolve().parent.parent
PO = BASIS / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def extraheer() -> None:
    if shutil.which("xgettext") is None:
        sys.exit("xgettext not found: install GNU gettext (apt-get install gettext)")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", *MAKEMESSAGES_OPTIES],
        cwd=BASIS,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )


MAKEMESSAGES_OPTIES = [
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=node_modules",
    "--ignore=test-results",
]


def problemen() -> list[str]:
    with PO.open("rb") as fh:
        catalogus = read_po(fh, locale="nl")
    gevonden = []
    for bericht in catalogus:
        if not bericht.id:
            continue
        vertaling = bericht.string
        leeg = not vertaling if isinstance(vertaling, str) else not all(vertaling)
        if bericht.fuzzy:
            gevonden.append(f"fuzzy: {bericht.id!r}")
        elif leeg:
            gevonden.append(f"untranslated: {bericht.id!r}")
    return gevonden


def main() -> int:
    if "--zonder-extractie" not in sys.argv:
        extraheer()
    gevonden = problemen()
    for regel in gevonden:
        print(regel)
    if gevonden:
        print(f"{len(gevonden)} entries in {PO.relative_to(BASIS)} need a Dutch translation")
        return 1
    print(f"{PO.relative_to(BASIS)}: every entry translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
