"""Security review, finding 8: signing up must not tell whether an address has an account.

The review measured 0.06-0.11 s for a known address and 0.6-1.85 s for a new one: only the new
one hashed a password. Timings are noisy on a shared machine, so the band is loose (the known
address must cost at least half of a new one, with the production hasher) and each path is
measured several times, taking the median.
"""

import statistics
import time

from django.core.cache import cache
from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db

WACHTWOORD = "Kanaal-Brug-Tulp-42"


def meld_aan(client, email):
    cache.clear()  # stay under allauth's signup rate limit
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": WACHTWOORD, "password2": WACHTWOORD},
    )


def test_known_and_new_addresses_get_the_same_answer(client, bewoner):
    bekend = meld_aan(client, bewoner.email)
    client.cookies.clear()
    nieuw = meld_aan(client, "iemand.nieuw@example.org")
    assert bekend.status_code == nieuw.status_code == 302
    assert bekend["Location"] == nieuw["Location"]


def test_a_known_address_costs_as_much_as_a_new_one(client, bewoner, settings):
    # The production hasher (PBKDF2), not the tests' fast MD5: the hash is what is measured.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    bekend, nieuw = [], []
    for i in range(3):
        client.cookies.clear()
        begin = time.perf_counter()
        meld_aan(client, bewoner.email)
        bekend.append(time.perf_counter() - begin)
        client.cookies.clear()
        begin = time.perf_counter()
        meld_aan(client, f"nieuw{i}@example.org")
        nieuw.append(time.perf_counter() - begin)
    verhouding = statistics.median(bekend) / statistics.median(nieuw)
    assert 0.5 < verhouding < 2.0, (bekend, nieuw)
