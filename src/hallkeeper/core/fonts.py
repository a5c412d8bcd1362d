"""CJK fonts for the handbook documents.

reportlab embeds TrueType fonts only: it refuses fonts with PostScript (CFF) outlines, which is
what Debian's ``fonts-noto-cjk`` ships (``NotoSansCJK-*.ttc``). So for the PDF we look, in order,
for:

1. the file named by the ``HALLKEEPER_CJK_FONT`` environment variable (``path`` or
   ``path#index`` for a collection);
2. well-known TrueType CJK fonts (WenQuanYi Micro Hei / Zen Hei, Droid Sans Fallback, AR PL,
   SimSun / Microsoft YaHei / SimHei on Windows, Arial Unicode on macOS);
3. any other Chinese font that fontconfig lists in TrueType format;
4. the Noto CJK collections (SC face), in case reportlab learns CFF outlines;

and fall back to reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1): never embedded,
the PDF reader supplies the glyphs, but generation never fails. ``apt-get install
fonts-wqy-microhei`` makes the PDF self-contained.

Pillow (the layout diagrams of the Word document) reads CFF fonts, so :func:`pillow_font`
prefers Noto Sans CJK SC.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

CID_FALLBACK = "STSong-Light"
ENV_VAR = "HALLKEEPER_CJK_FONT"

#: TrueType-outline CJK fonts: (path, index in a collection). Checked in order.
TRUETYPE_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
)
#: Noto CJK collections (CFF outlines): index 2 is the Simplified Chinese face.
NOTO_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk")
NOTO_SC_INDEX = 2
NOTO_FILES = {
    "sans": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    "sans-bold": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
    "serif": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
}


@dataclass(frozen=True)
class CJKFont:
    """The font registered with reportlab: its name, its file (None for the CID font) and whether it is embedded."""

    name: str
    path: str | None
    index: int = 0
    embedded: bool = False


def _parse(spec: str) -> tuple[str, int]:
    path, _sep, index = spec.partition("#")
    return path, int(index) if index.isdigit() else 0


def _fontconfig_candidates() -> list[tuple[str, int]]:
    """Chinese fonts in TrueType format known to fontconfig (Noto CJK is "CFF" and so left out)."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn:fontformat=TrueType", "--format=%{file}#%{index}\\n"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [_parse(line.strip()) for line in sorted(set(out.splitlines())) if line.strip()]


def _noto_candidates(key: str = "sans") -> list[tuple[str, int]]:
    found = []
    for directory in NOTO_DIRS:
        for name in NOTO_FILES[key]:
            path = Path(directory) / name
            if path.exists():
                found.append((str(path), NOTO_SC_INDEX if name.endswith(".ttc") else 0))
    return found


def _try_truetype(name: str, path: str, index: int) -> bool:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if not Path(path).is_file():
        return False
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return False
    return True


@cache
def cjk_font() -> CJKFont:
    """Register the best available CJK font with reportlab (once per process) and describe it."""
    candidates: list[tuple[str, int]] = []
    if os.environ.get(ENV_VAR):
        candidates.append(_parse(os.environ[ENV_VAR]))
    candidates += [*TRUETYPE_CANDIDATES, *_fontconfig_candidates(), *_noto_candidates()]
    seen = set()
    for path, index in candidates:
        if (path, index) in seen:
            continue
        seen.add((path, index))
        if _try_truetype("HallkeeperCJK", path, index):
            return CJKFont("HallkeeperCJK", path, index, embedded=True)
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CJKFont(CID_FALLBACK, None)


def cjk_font_name() -> str:
    """The reportlab font name to use for Chinese text: always registered, whatever is installed."""
    return cjk_font().name


@cache
def pillow_font_path() -> tuple[str, int] | None:
    """A CJK font file Pillow can draw with (it reads CFF outlines): Noto Sans CJK SC first."""
    noto = _noto_candidates("sans")
    if noto:
        return noto[0]
    font = cjk_font()
    if font.path:
        return font.path, font.index
    return None


def pillow_font(size: int):
    """A Pillow font of ``size`` pixels that draws Chinese, or Pillow's default font (no CJK) as a last resort."""
    from PIL import ImageFont

    found = pillow_font_path()
    if found is not None:
        try:
            return ImageFont.truetype(found[0], size, index=found[1])
        except OSError:
            pass
    return ImageFont.load_default(size)
