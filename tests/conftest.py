import pytest
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import translation

from hallkeeper.halls.models import Hall

from .factories import make_hall
from .robots import robot  # noqa: F401 (the test group robot, a fixture)
from .shared_demo import SHARED


@receiver(connection_created)
def _commit_without_waiting_for_the_disk(sender, connection, **kwargs):
    """PostgreSQL test sessions do not wait for each commit to reach the disk (``synchronous_commit=off``):
    a commit is as visible and as atomic as before, only not durable across a server crash, which a test
    database does not need. Browser and other transactional tests commit at every write, and a commit that
    waits for the disk took about 3.5 ms instead of 0.15 ms on the CI machine."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")


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


@pytest.fixture(scope="session")
def demo_hall(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo hall (Anshan, with its three months of inspections and notices), loaded once for the session.

    Tests read it through ``demo``. It is committed outside the tests' transactions, so every test still
    rolls back its own changes; before a test that does not read it, it is removed again (and loaded again
    for the next test that does), so other tests keep an empty database. See tests/shared_demo.py.
    """
    SHARED.start(tmp_path_factory.mktemp("demo-media"), django_db_blocker)
    yield SHARED
    with django_db_blocker.unblock():
        SHARED.remove()
        connections.close_all()  # the test databases are dropped next: no session of this teardown stays open


@pytest.fixture
def demo(demo_hall, db, settings):
    """The shared demo hall, read fresh for this test (whose changes roll back); photos in the demo's MEDIA_ROOT."""
    settings.MEDIA_ROOT = demo_hall.media_root
    return Hall.objects.get(pk=demo_hall.hall_pk)


def pytest_itemcollected(item):
    """When the suite runs in parallel (pytest-xdist with ``--dist loadgroup``, as ``make test`` runs it), the
    tests that read the shared demo form one group: one worker runs them all and loads the demo once, the
    other tests are shared out one by one."""
    option = item.config.option  # in a worker, xdist sets ``dist`` to "no" and keeps ``loadgroup``
    if (getattr(option, "loadgroup", False) or getattr(option, "dist", "no") == "loadgroup") and SHARED.reads(item):
        item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that read the shared demo run one after another (where the first of them is, after
    pytest-django's ordering), so the demo is loaded once wherever those tests are written; browser and other
    transactional tests among them come last, as their flush at the end empties the database."""
    readers = [item for item in items if SHARED.reads(item)]
    if not readers:
        return
    first = items.index(readers[0])
    others = [item for item in items if not SHARED.reads(item)]
    readers.sort(key=_flushes)  # stable: the order within each kind stays
    items[:] = others[:first] + readers + others[first:]


def _flushes(item) -> bool:
    """Whether a test runs outside a transaction (its database is flushed afterwards)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The shared demo is in the database for the tests that read it and for no others (before their fixtures)."""
    SHARED.before(item)
