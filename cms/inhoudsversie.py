"""One version number for everything the editors publish.

Caches of published content (the navigation, a district page's news and events, anonymous
page responses) put this version in their key. Publishing, unpublishing, moving or deleting a
page, or saving a snippet or setting that pages show, starts a new version: every such cache is
then missed at once, without each cache having to know which pages it depends on. Old entries
expire by their timeout.
"""

import uuid

from django.core.cache import cache

SLEUTEL = "cms:inhoudsversie"


def inhoudsversie() -> str:
    versie = cache.get(SLEUTEL)
    if versie is None:
        cache.add(SLEUTEL, uuid.uuid4().hex[:12], None)
        versie = cache.get(SLEUTEL) or "0"
    return versie


def nieuwe_inhoudsversie(**kwargs) -> None:
    """Signal receiver (cms/models/content.py): published content changed."""
    cache.set(SLEUTEL, uuid.uuid4().hex[:12], None)
