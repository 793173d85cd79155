"""STUB — replaced by the results page."""

from django.http import Http404


def resultaten(request, slug):
    raise Http404
