"""Query counts of the key pages: deterministic, so asserted here (timings live in `make bench`).

Later issues add their pages to KEY_PAGES with the count they are designed for.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

pytestmark = pytest.mark.django_db

# (url, maximum number of queries on a warm request by an anonymous visitor)
KEY_PAGES = [
    ("/", 8),
    ("/buitenhof/", 11),
    ("/straatfeestcheque/", 9),
    ("/privacy/", 7),
    ("/kaart-geojson/", 6),
    ("/gebieden/wijken.geojson", 1),
    ("/gebieden/wijken/tanthof.geojson", 2),
    ("/accounts/login/", 1),
    ("/accounts/signup/", 1),
]


@pytest.mark.parametrize("url, maximum", KEY_PAGES)
def test_key_page_query_budget(client, url, maximum):
    assert client.get(url).status_code == 200  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= maximum, [q["sql"][:120] for q in queries]
