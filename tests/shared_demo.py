"""The demo hall loaded once per test session, for the tests that read it (fixtures ``demo_hall``/``demo``
in conftest.py).

Loading the demo with its three months of inspections and notices takes the better part of a minute (more on
PostgreSQL), so the tests that read it share one copy instead of loading it per module. The copy is committed
outside the tests' transactions (every test still rolls back its own changes); conftest.py runs the tests that
read it one after another, and before any other test the copy is removed again, so every other test keeps
starting from an empty database. Its photos go to one temporary ``MEDIA_ROOT``.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import override_settings

from hallkeeper.demo import load_demo
from hallkeeper.demo.anshan import HALL, build
from hallkeeper.demo.history import remove_inspection_history
from hallkeeper.halls.models import Hall
from hallkeeper.org.models import Person, WorkGroup
from hallkeeper.places.models import Area, Position, Window, Zone

from .audit_helpers import wipe_audit_trail

#: The fixture a test names to read the shared demo; modules without it get an empty database.
FIXTURE = "demo_hall"


class SharedDemo:
    """Where the one demo of the session is, if it is loaded."""

    def __init__(self) -> None:
        self.media_root: Path | None = None
        self.blocker = None  # pytest-django's django_db_blocker, once the test database is set up
        self.hall_pk: int | None = None

    def start(self, media_root: Path, blocker) -> None:
        self.media_root, self.blocker = media_root, blocker
        with blocker.unblock():
            self.ensure()

    def ensure(self) -> Hall:
        """The demo hall with its history and notices, loaded now unless it still is (a flush empties it)."""
        if self.hall_pk is not None:
            hall = Hall.objects.filter(pk=self.hall_pk, code=HALL["code"]).first()
            if hall is not None:
                return hall
        with override_settings(MEDIA_ROOT=self.media_root):
            hall = load_demo()
        self.hall_pk = hall.pk
        return hall

    def before(self, item) -> None:
        """Before a test's fixtures (and its transaction): the demo is there if the test reads it, gone if not."""
        if self.blocker is None:
            return  # no test has read the demo yet: the session fixture loads it the first time
        reads = self.reads(item)
        if reads or self.loaded:
            with self.blocker.unblock():
                if reads:
                    self.ensure()
                else:
                    self.remove()

    @staticmethod
    def reads(item) -> bool:
        return FIXTURE in getattr(item, "fixturenames", ())

    @property
    def loaded(self) -> bool:
        return self.hall_pk is not None

    def remove(self) -> None:
        """Delete what the demo wrote, children before what they protect, and its photo files."""
        pk, self.hall_pk = self.hall_pk, None
        hall = Hall.objects.filter(pk=pk).first() if pk is not None else None
        if hall is None:
            return  # a flush (a transactional test) has emptied the database already
        with override_settings(MEDIA_ROOT=self.media_root):
            remove_demo(hall)


def remove_demo(hall: Hall) -> None:
    """Delete the demo hall and everything in it (photo files from the current ``MEDIA_ROOT``)."""
    remove_inspection_history(hall)
    _remove_campaign_work(hall)
    for model in (Position, Area):
        model.objects.filter(hall=hall).update(parent=None)
    for model in (Position, Window, WorkGroup, Zone, Area, Person):
        model.objects.filter(hall=hall).delete()
    hall.delete()
    get_user_model().objects.filter(username__in=[a.username for a in build().accounts]).delete()
    wipe_audit_trail()  # the events stay in the product; a test database starts the next module clean


#: The apps of the campaign around the loop, whose records keep their zones, windows, people and rules.
CAMPAIGN_APPS = ("campaign", "budget", "training", "suggestions", "showcase")


def _remove_campaign_work(hall: Hall) -> None:
    """Delete the hall's records of the campaign apps: each app's models last-defined first (children before
    what they protect), again while one still protects another."""
    pending = [
        model
        for label in CAMPAIGN_APPS
        for model in reversed(list(apps.get_app_config(label).get_models()))
        if any(field.name == "hall" for field in model._meta.fields)
    ]
    for _ in range(len(pending) + 1):
        blocked = []
        for model in pending:
            try:
                model.objects.filter(hall=hall).delete()
            except ProtectedError:
                blocked.append(model)
        if not blocked:
            return
        pending = blocked
    raise AssertionError(f"the demo's campaign records could not be removed: {pending}")


SHARED = SharedDemo()
