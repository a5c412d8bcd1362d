"""The zh_Hans catalogue is complete, compiled and used by default."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"


def test_every_message_is_translated():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_compiled_catalogue_matches_po():
    po = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.pofile(str(PO))}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(MO))}
    mo.pop((None, ""), None)
    assert po == mo, "run `make messages` to recompile django.mo"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (Debian package gettext)")
def test_catalogue_holds_every_source_string(tmp_path):
    """makemessages finds no string that the committed catalogue lacks."""
    package = Path(settings.LOCALE_PATHS[0]).parent
    work = tmp_path / "hallkeeper"
    shutil.copytree(package, work, ignore=shutil.ignore_patterns("dist", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=work,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hallkeeper.settings.test"},
    )
    fresh = polib.pofile(str(work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"


def test_chinese_is_default_and_english_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert translation.gettext("Zones") == "责任区"
    with translation.override("en"):
        assert translation.gettext("Zones") == "Zones"
