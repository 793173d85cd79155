"""Query counts of the key pages: deterministic, so asserted here (timings live in `make bench`).

The pages and their budgets are the bench's list (``bench/urls.py``): a later issue adds its
page there, with the count it is designed for, and both the bench and this test pick it up.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from bench.urls import URLS, placeholder_names

# Anonymous pages without placeholders: the ones a test can request without the bench's data.
BUDGETED = [url for url in URLS if url.query_budget is not None]


def test_every_anonymous_key_page_has_a_budget():
    for url in URLS:
        anonymous = url.user is None and not placeholder_names(url.path)
        assert (url.query_budget is not None) == anonymous, url.name


@pytest.mark.django_db
@pytest.mark.parametrize("url", BUDGETED, ids=[url.name for url in BUDGETED])
def test_key_page_query_budget(client, url):
    assert client.get(url.path).status_code == url.expected_status  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.path)
    assert response.status_code == url.expected_status
    assert len(queries) <= url.query_budget, [q["sql"][:120] for q in queries]
