"""Hallkeeper benchmark: synthetic halls at realistic ratios, page timings and query counts.

Run it with ``make bench`` or ``.venv/bin/python -m bench --help``. ``bench.generate`` builds
the data with ``bulk_create``; ``bench.run`` times the pages and checks that their query
counts do not depend on the size of the data.
"""
