"""What every page of the site shares: the rich-text features and the breadcrumb."""

from django.core.cache import cache
from wagtail.models import Page

from ..blokken import RICHTEXT_FEATURES  # noqa: F401  (re-exported)
from ..inhoudsversie import inhoudsversie


class BasePage(Page):
    """Common behaviour of our pages: breadcrumb items from the ancestors."""

    class Meta:
        abstract = True

    def breadcrumb_items(self) -> list[dict]:
        """The live ancestors from the home page to this page, as {"title", "url"}; cached per
        content version (cms/inhoudsversie.py): titles and URLs change only by publishing."""
        sleutel = f"cms:kruimels:{self.pk}:{inhoudsversie()}" if self.pk else None
        items = cache.get(sleutel) if sleutel else None
        if items is None:
            items = [
                {"title": pagina.title, "url": pagina.url}
                for pagina in self.get_ancestors(inclusive=True)
                .live()
                .filter(depth__gt=1)
                .only("title", "url_path", "path")
            ]
            if sleutel:
                cache.set(sleutel, items, 60 * 60)
        return items
