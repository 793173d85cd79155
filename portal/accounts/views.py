"""'Mijn gegevens': a resident downloads or deletes the personal data the portal holds."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from allauth.account.decorators import reauthentication_required

from .forms import AccountVerwijderenForm
from .middleware import is_staff_gebruiker
from .privacy import exporteer_gegevens, verwijder_account


@login_required
@require_GET
def mijn_gegevens(request):
    return render(
        request,
        "accounts/mijn_gegevens.html",
        {
            "gegevens": exporteer_gegevens(request.user)["gegevens"],
            "is_medewerker": is_staff_gebruiker(request.user),
        },
    )


@login_required
@require_GET
def download(request):
    inhoud = json.dumps(exporteer_gegevens(request.user), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(inhoud, content_type="application/json; charset=utf-8")
    datum = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="wijkportaal-mijn-gegevens-{datum}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required
def verwijderen(request):
    if is_staff_gebruiker(request.user):
        # Staff accounts carry an audit trail (decisions, publications); an administrator
        # removes them through the admin, after handing over the work.
        return render(
            request, "accounts/account_verwijderen.html", {"is_medewerker": True}, status=403
        )
    form = AccountVerwijderenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        verwijder_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("/")
    return render(request, "accounts/account_verwijderen.html", {"form": form})
