"""Default handbook content as plain Python data (no Django), loaded by ``hallkeeper.standards.defaults``."""
