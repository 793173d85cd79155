"""Residents and their signals: send a signal or idea, the confirmation, "Mijn signalen", one
signal's page and its photo.

Every view acts for a resident with a verified e-mail address (``bewoner_vereist``; anonymous
visitors go to the login). Every POST counts against the site-wide budget
(``portal.core.throttle.PostThrottleMiddleware``) and sending against a stricter one per account.
What is saved is decided in ``besluiten``; who may see a signal or its photo in ``rechten``.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from participatie.wachtrij.models import Overgang
from portal.accounts.decorators import bewoner_vereist
from portal.bijlagen import serveer_bijlage
from portal.core.throttle import throttle

from . import besluiten
from .forms import SignaalForm
from .models import Signaal
from .rechten import eigen_signaal_of_404, eigen_signalen, signaal_met_foto

PER_PAGINA = 20


@bewoner_vereist
@require_http_methods(["GET", "POST"])
@throttle("signalen-nieuw", per_account="10/h")
def nieuw(request):
    """The form; after sending, the confirmation page (a redirect, so a reload sends nothing)."""
    if request.method == "POST":
        form = SignaalForm(request.POST, request.FILES)
        if form.is_valid():
            gegevens = form.cleaned_data
            signaal = besluiten.dien_in(
                request.user,
                categorie=gegevens["categorie"],
                tekst=gegevens["tekst"],
                wijk=gegevens["wijk"],
                buurt=gegevens.get("buurt"),
                lat=gegevens.get("lat"),
                lon=gegevens.get("lon"),
                foto=gegevens.get("foto"),
            )
            return redirect("signalen:verzonden", pk=signaal.pk)
    else:
        form = SignaalForm()
    return render(request, "participatie/signalen/nieuw.html", {"form": form})


@bewoner_vereist
@require_safe
def verzonden(request, pk):
    """What happens next, for the sender only."""
    signaal = eigen_signaal_of_404(request.user, pk)
    return render(request, "participatie/signalen/verzonden.html", {"signaal": signaal})


@bewoner_vereist
@require_safe
def mijn(request):
    """The resident's signals, newest first, with status and reply (two queries per page)."""
    signalen = eigen_signalen(request.user).only(
        "pk",
        "tekst",
        "status",
        "doorgestuurd_naar",
        "antwoord",
        "foto",
        "aangemaakt",
        "gewijzigd",
        "categorie__naam",
        "buurt__naam",
        "wijk__naam",
    )
    pagina = Paginator(signalen, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "participatie/signalen/mijn.html", {"pagina": pagina})


def _publieke_geschiedenis(signaal: Signaal):
    """The status changes as the resident may see them: when, to what, the public motivation."""
    return Overgang.objects.filter(
        content_type=ContentType.objects.get_for_model(Signaal), object_id=signaal.pk
    ).only("op", "naar", "motivatie")


@bewoner_vereist
@require_safe
def detail(request, pk):
    signaal = eigen_signaal_of_404(request.user, pk)
    labels = dict(Signaal._meta.get_field("status").flatchoices)
    geschiedenis = [
        {"op": o.op, "status": labels.get(o.naar, o.naar), "motivatie": o.motivatie}
        for o in _publieke_geschiedenis(signaal)
    ]
    return render(
        request,
        "participatie/signalen/detail.html",
        {
            "signaal": signaal,
            "geschiedenis": geschiedenis,
            "kruimels": [
                {"title": _("My signals"), "url": reverse("signalen:mijn")},
                {"title": signaal.categorie.naam, "url": request.path},
            ],
        },
    )


@bewoner_vereist
@require_safe
def foto(request, pk):
    """The sender, or staff of the signal's district with a second factor (``rechten``)."""
    signaal = signaal_met_foto(request, pk)
    return serveer_bijlage(signaal.foto, signaal.foto_mime, f"foto-signaal-{signaal.pk}")
