import pytest

from .factories import make_hall


@pytest.fixture
def alpha(db):
    """A small hall with two zones and a login for every role."""
    return make_hall("alpha")


@pytest.fixture
def beta(db):
    """A second hall, to prove nothing leaks between halls."""
    return make_hall("beta")
