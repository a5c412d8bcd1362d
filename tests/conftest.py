import pytest
from django.utils import translation

from .factories import make_hall
from .robots import robot  # noqa: F401 (the test group robot, a fixture)


@pytest.fixture
def alpha(db):
    """A small hall with two zones and a login for every role."""
    return make_hall("alpha")


@pytest.fixture
def beta(db):
    """A second hall, to prove nothing leaks between halls."""
    return make_hall("beta")


@pytest.fixture
def english(settings, client):
    """Pages, messages and notifications in their English source text, for tests that match words (the Chinese
    catalogue is checked on its own in test_i18n.py). Use with ``pytest.mark.usefixtures("english")``."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
