#!/bin/sh
# Make sure the Debian packages the suite uses are present: Chromium and CJK fonts (one TrueType)
# for the browser tests, gettext for the translation catalogue check, LibreOffice for the Word and Excel checks.
# Installs them with apt-get when running as root; otherwise says what to install.
set -e
missing=""
[ -x "${HALLKEEPER_CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi 'CJK' || missing="$missing fonts-noto-cjk"
# A TrueType CJK font lets the handbook PDF embed its Chinese glyphs.
fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || missing="$missing fonts-wqy-microhei"
command -v xgettext >/dev/null || missing="$missing gettext"
# LibreOffice proves the handbook's Word file opens (it converts it to PDF in a test).
command -v soffice >/dev/null || missing="$missing libreoffice-writer-nogui"
# and that the budget's workbook opens (LibreOffice Calc converts it).
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || [ -e /usr/lib/libreoffice/program/libsclo.so ] \
    || missing="$missing libreoffice-calc-nogui"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing$missing from Debian's packages…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "The test suite needs:$missing (Debian/Ubuntu: sudo apt-get install$missing)." >&2
    echo "Or skip the browser tests: make test PYTEST_ARGS='-m \"not e2e\"'" >&2
    exit 1
fi
