"""The stamp printed on every inspection photo: when, where (hall · zone · window) and by whom.

Pure functions over bytes (Pillow); ``services.photo_add`` calls :func:`stamp_photo` on the clean copy
that the upload check made (EXIF already stripped), so what is stored is the stamped picture.

The font is one that can draw Chinese: ``settings.HALLKEEPER_WATERMARK_FONT`` if set, else what
``fc-match`` finds for Noto Sans CJK, else a few usual Debian paths; without any of them Pillow's own
font is used (Latin only) — the photo is still stamped, never refused for want of a font.
"""

from __future__ import annotations

import functools
import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

_FONT_PATTERNS = ("Noto Sans CJK SC:style=Regular", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "sans-serif:lang=zh-cn")
_FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
#: Share of the picture's height the stamp may cover at most.
MAX_BAND_SHARE = 0.35


@dataclass(frozen=True)
class Stamp:
    """What the stamp says, one line each."""

    when: datetime
    place: str
    inspector: str

    def lines(self) -> list[str]:
        local = timezone.localtime(self.when) if timezone.is_aware(self.when) else self.when
        return [local.strftime("%Y-%m-%d %H:%M:%S"), self.place, self.inspector]


def place_text(*, hall: str, zone: str, window: str = "") -> str:
    """``hall · zone · window`` (the window only when there is one)."""
    return " · ".join(p for p in (hall, zone, window) if p)


@functools.cache
def font_path() -> str | None:
    """The file of a font that draws Chinese, or ``None`` (looked up once per process)."""
    configured = getattr(settings, "HALLKEEPER_WATERMARK_FONT", "")
    if configured:
        return configured if Path(configured).is_file() else None
    fc_match = shutil.which("fc-match")
    if fc_match:
        for pattern in _FONT_PATTERNS:
            try:
                found = subprocess.run(  # noqa: S603 — fixed arguments, no shell
                    [fc_match, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=5, check=False
                ).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                break
            name = found.lower()
            if found and Path(found).is_file() and ("cjk" in name or "wqy" in name or "hei" in name):
                return found
    for candidate in _FONT_PATHS:
        if Path(candidate).is_file():
            return candidate
    return None


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = font_path()
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            logger.warning("The watermark font %s cannot be read; using Pillow's own font", path)
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # an old Pillow or one without FreeType: the small bitmap font
        return ImageFont.load_default()


def band_box(width: int, height: int, line_count: int = 3) -> tuple[int, int, int, int]:
    """The rectangle (left, top, right, bottom) the stamp covers: a band along the bottom edge."""
    size = font_size(width, height)
    band = min(int(height * MAX_BAND_SHARE), int(line_count * size * 1.35 + size * 0.8))
    return (0, height - band, width, height)


def font_size(width: int, height: int) -> int:
    return max(10, min(width, height * 2) // 36)


def stamp_photo(data: bytes, stamp: Stamp) -> bytes:
    """The picture ``data`` (a clean JPEG, PNG or WebP) with the stamp drawn along its bottom edge,
    re-encoded in its own format without metadata."""
    image = Image.open(io.BytesIO(data))
    fmt = image.format or "JPEG"
    image.load()
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    stamped = image.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
    width, height = stamped.size
    lines = stamp.lines()
    size = font_size(width, height)
    left, top, right, bottom = band_box(width, height, len(lines))
    # Only the band is composited (a darkened strip with white text), not the whole picture.
    band = stamped.crop((left, top, right, bottom)).convert("RGBA")
    overlay = Image.new("RGBA", band.size, (0, 0, 0, 140))
    draw = ImageDraw.Draw(overlay)
    font = _font(size)
    margin = max(2, size // 2)
    y = margin // 2
    room = width - 2 * margin
    for line in lines:
        line_font = font
        wide = draw.textlength(line, font=font)
        if wide > room > 0:  # a long place name: a smaller font for this line rather than a cut-off stamp
            line_font = _font(max(8, int(size * room / wide)))
        draw.text((margin, y), line, font=line_font, fill=(255, 255, 255, 255))
        y += int(size * 1.35)
    band = Image.alpha_composite(band, overlay)
    stamped.paste(band.convert(stamped.mode), (left, top))
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        options.update(quality=85, optimize=True)
    elif fmt == "PNG":
        options.update(optimize=True)
    elif fmt == "WEBP":
        options.update(quality=85)
    out = io.BytesIO()
    stamped.save(out, format=fmt, **options)
    return out.getvalue()
