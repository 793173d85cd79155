"""Audit the installed dependencies with pip-audit; fail on known vulnerabilities with a fix.

pip-audit asks PyPI's JSON API (or OSV) about every installed distribution. Where that service
is not reachable (some build machines reach only a package mirror), every dependency comes back
"not found on PyPI": the audit then proves nothing, and this script says so loudly instead of
reporting a clean bill of health.
"""

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    result = subprocess.run(  # noqa: S603 - fixed command line
        [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        rapport = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n")  # noqa: T201
        return 1
    afhankelijkheden = rapport.get("dependencies", [])
    overgeslagen = [d for d in afhankelijkheden if d.get("skip_reason")]
    geaudit = [d for d in afhankelijkheden if not d.get("skip_reason")]
    met_fix, zonder_fix = [], []
    for dep in geaudit:
        for vuln in dep.get("vulns", []):
            (met_fix if vuln.get("fix_versions") else zonder_fix).append((dep, vuln))

    print(f"pip-audit: {len(geaudit)} of {len(afhankelijkheden)} dependencies audited")  # noqa: T201
    for dep, vuln in zonder_fix:
        print(f"  known, no fix yet: {dep['name']} {dep['version']} {vuln['id']}")  # noqa: T201
    for dep, vuln in met_fix:
        fixes = ", ".join(vuln["fix_versions"])
        print(f"  VULNERABLE: {dep['name']} {dep['version']} {vuln['id']} (fixed in {fixes})")  # noqa: T201
    if afhankelijkheden and not geaudit:
        print(  # noqa: T201
            "  WARNING: the vulnerability service was not reachable from this machine "
            f"({overgeslagen[0]['skip_reason']}); nothing was audited."
        )
    return 1 if met_fix else 0


if __name__ == "__main__":
    sys.exit(main())
