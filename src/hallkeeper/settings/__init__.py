"""Settings entry point: every environment-dependent value is read in ``base``."""

from .base import *  # noqa: F401,F403
