"""The demo hall: the Anshan city government service hall of the seed plan, as data.

``hallkeeper demo`` (``core/management/commands/demo.py``) loads it with :func:`load_demo`;
the data tables are in :mod:`hallkeeper.demo.anshan`. A plain package, not an app: no models.
"""

from .anshan import DEMO_PASSWORD
from .loader import demo_accounts, demo_counts, load_demo

__all__ = ["DEMO_PASSWORD", "demo_accounts", "demo_counts", "load_demo"]
