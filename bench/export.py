"""``python -m bench.export --hall ID --user ID``: write a hall's unfiltered inspection export and print its
figures as one JSON line. ``bench.speed.measure_export`` runs it in a subprocess, in the environment the
benchmark configured (its database is not touched: no migrate, no flush)."""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__.splitlines()[0])
    parser.add_argument("--hall", type=int, required=True)
    parser.add_argument("--user", type=int, required=True)
    parser.add_argument("--tracemalloc", action="store_true", help="also the peak of Python allocations (slower)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallkeeper.settings")
    import django

    django.setup()
    from bench.speed import run_export

    print(json.dumps(run_export(args.hall, args.user, trace=args.tracemalloc)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
