"""Checks for uploaded pictures (reference photos and counter-examples of handbook rules).

A picture is accepted only when Pillow reads it as JPEG, PNG or WebP, within the size and pixel
limits. What is stored is never the uploaded file itself but a clean copy: turned upright,
re-encoded without any metadata (EXIF, GPS location, comments) and at most 2000 px on its long side.
SVG is not an accepted type at all (it can carry scripts).
"""

from __future__ import annotations

import io
import logging
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

#: Pillow format → file extension of the stored copy.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
#: Long side of the thumbnails stored beside inspection photos and after-photos.
THUMBNAIL_SIDE = 400
#: Leading bytes that mark markup (SVG, HTML, XML) rather than a raster picture.
_MARKUP_MARKERS = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script")

MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The picture is %(size)s; the limit is %(limit)s."),
    "markup": _("SVG drawings, web pages and scripts are not accepted; upload a JPEG, PNG or WebP photo."),
    "not_image": _("The file is not a picture that can be read; upload a JPEG, PNG or WebP photo."),
    "format": _("%(format)s pictures are not accepted; upload a JPEG, PNG or WebP photo."),
    "too_many_pixels": _(
        "The picture is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels. Make it smaller first."
    ),
    "bomb": _("The picture claims far too many pixels (the limit is %(limit)s million); it is refused."),
}


def max_image_bytes() -> int:
    return int(getattr(settings, "HALLKEEPER_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise _error("too_many_pixels", width=width, height=height, limit=MAX_PIXELS // 1_000_000)


def _too_many_pixels(image: Image.Image) -> ValidationError:
    return _error("too_many_pixels", width=image.size[0], height=image.size[1], limit=MAX_PIXELS // 1_000_000)


def _open(data: bytes) -> Image.Image:
    """Open (lazily) with decompression-bomb warnings turned into errors, and check format and pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _error("bomb", limit=MAX_PIXELS // 1_000_000) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _error("not_image") from None
    if image.format not in ACCEPTED_FORMATS:
        raise _error("format", format=image.format or "?")
    _check_pixels(*image.size)
    return image


def validate_image(file) -> ContentFile:
    """Check an uploaded picture and return a clean copy to store (a ``ContentFile`` with a fresh name).

    Raises ``ValidationError`` with a message for the person uploading; nothing is written anywhere.
    """
    size = getattr(file, "size", None)
    limit = max_image_bytes()
    if size is not None and size > limit:
        raise _error("too_large", size=filesizeformat(size), limit=filesizeformat(limit))
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _error("too_large", size=filesizeformat(len(data)), limit=filesizeformat(limit))
    if not data:
        raise _error("empty")
    head = data[:1024].lstrip().lower()
    if head.startswith(_MARKUP_MARKERS) or b"<svg" in head or b"<script" in data.lower():
        raise _error("markup")  # an SVG or a picture with a script smuggled in (a polyglot file)

    # First pass: is the whole file a sound picture? ``verify`` reads it without decoding pixels.
    image = _open(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(image) from None
    except Exception:  # noqa: BLE001 — Pillow raises many kinds of errors for broken files
        raise _error("not_image") from None

    # Second pass (verify leaves the image unusable): decode, turn upright, shrink, re-encode clean.
    image = _open(data)
    fmt = image.format
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(image) from None
    except Exception:  # noqa: BLE001
        raise _error("not_image") from None
    return ContentFile(_encode(upright, fmt), name=f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[fmt]}")


def _encode(image: Image.Image, fmt: str) -> bytes:
    """The picture re-encoded in its own format with no metadata, at most ``MAX_SIDE`` px on the long side."""
    clean = image.copy()
    if clean.mode not in ("L", "RGB", "RGBA"):
        has_alpha = clean.mode in ("PA", "LA", "La", "RGBa") or "transparency" in image.info
        clean = clean.convert("RGBA" if has_alpha else "RGB")
    # An ICC profile describes colours, not people: keep it unless the colour mode changed.
    icc_profile = image.info.get("icc_profile") if clean.mode == image.mode else None
    clean.info = {}  # drops EXIF (with GPS), XMP, comments and text chunks
    if max(clean.size) > MAX_SIDE:
        clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        options.update(quality=85, optimize=True)
    elif fmt == "PNG":
        options.update(optimize=True)
    else:  # WEBP
        options.update(quality=85)
    out = io.BytesIO()
    clean.save(out, format=fmt, **options)
    return out.getvalue()


def make_thumbnail(data: bytes, name: str) -> ContentFile:
    """A JPEG thumbnail (at most ``THUMBNAIL_SIDE`` px) of a picture already cleaned by :func:`validate_image`."""
    image = Image.open(io.BytesIO(data))
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return ContentFile(out.getvalue(), name=f"thumb-{name.rsplit('.', 1)[0]}.jpg")


class PendingFiles:
    """Files written for rows of a transaction that has not committed yet (see :func:`files_for_transaction`)."""

    def __init__(self) -> None:
        self.written: list[tuple] = []

    def save(self, field, name: str, content) -> None:
        """``field.save(name, content, save=False)``, remembered so that a failure removes the file again."""
        field.save(name, content, save=False)
        self.written.append((field.storage, field.name))

    def remove(self) -> None:
        for storage, name in self.written:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not remove %s after a failed write; sweep_media will list it", name)
        self.written.clear()


@contextmanager
def files_for_transaction() -> Iterator[PendingFiles]:
    """Write the files of a service's rows through ``files.save(...)`` inside this block (itself around or
    inside the service's ``transaction.atomic``): if the block fails — a refused row, a database error, the
    rollback — the files written in it are deleted again, so no file outlives a rolled-back row. A file left
    by a crash of the whole process is found by ``hallkeeper sweep_media``."""
    files = PendingFiles()
    try:
        yield files
    except BaseException:
        files.remove()
        raise
