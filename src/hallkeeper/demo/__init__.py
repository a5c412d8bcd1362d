"""The demo hall: the Anshan city government service hall of the seed plan, as data.

``hallkeeper demo`` (``demo/management/commands/demo.py``) loads it with :func:`load_demo`;
the data tables are in :mod:`hallkeeper.demo.anshan`. An app without models, on the top floor of the house
(it builds on every other app). Its package names are resolved on first use, so that Django can import the
app before the models are ready.
"""

from importlib import import_module

__all__ = ["DEMO_PASSWORD", "demo_accounts", "demo_counts", "load_demo"]

_HOMES = {"DEMO_PASSWORD": ".anshan", "demo_accounts": ".loader", "demo_counts": ".loader", "load_demo": ".loader"}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
