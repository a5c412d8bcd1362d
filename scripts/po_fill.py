"""Fill or correct entries of the zh_Hans catalogue from a small table (used when adding strings).

Usage: python scripts/po_fill.py 'msgid=译文' ... ; plural entries take the msgid (singular).
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/hallkeeper/locale/zh_Hans/LC_MESSAGES/django.po"


def main(pairs: list[str]) -> None:
    po = polib.pofile(str(PO), wrapwidth=79)
    table = dict(p.split("=", 1) for p in pairs)
    for entry in po:
        if entry.msgid in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[entry.msgid]}
            else:
                entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
    po.save()


if __name__ == "__main__":
    main(sys.argv[1:])
