"""STUB — replaced by the residents' consultation views."""

from django.http import Http404


def lijst(request):
    raise Http404


def detail(request, slug):
    raise Http404


def bevestigen(request, token):
    raise Http404
