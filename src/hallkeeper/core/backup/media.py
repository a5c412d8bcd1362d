"""The media folder: which files a backup takes, and putting restored files into place."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .archive import copy_hashing
from .manifest import FileEntry

PREFIX = "media/"


@dataclass(frozen=True)
class MediaFile:
    name: str  # the member name, media/<relative path>
    path: Path


def walk(root: Path, *, skip: list[str], exclude: tuple[Path, ...] = ()) -> Iterator[MediaFile]:
    """Every regular file under ``root``, in a stable order. Symbolic links, devices and names that are not
    UTF-8 are not followed nor taken: their relative paths are appended to ``skip``. Folders in ``exclude``
    (e.g. a backup folder inside the media) are left out."""
    if not root.is_dir():
        return
    excluded = {path.resolve() for path in exclude}
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        for dirname in list(dirnames):
            if (here / dirname).is_symlink() or (here / dirname).resolve() in excluded:
                dirnames.remove(dirname)
                if (here / dirname).is_symlink():
                    skip.append(str((here / dirname).relative_to(root)))
        dirnames.sort()
        for filename in sorted(filenames):
            path = here / filename
            relative = path.relative_to(root).as_posix()
            try:
                relative.encode("utf-8")
                mode = os.lstat(path).st_mode
            except (UnicodeEncodeError, FileNotFoundError):
                skip.append(repr(relative))
                continue
            if not stat.S_ISREG(mode):
                skip.append(relative)
                continue
            yield MediaFile(name=PREFIX + relative, path=path)


def has_files(root: Path) -> bool:
    return root.is_dir() and any(files for _folder, _dirs, files in os.walk(root))


def move_aside(root: Path, moment: str) -> Path:
    """Move everything in ``root`` into a new sibling folder ``<root>.before-restore-<moment>``; that folder."""
    aside = root.with_name(f"{root.name}.before-restore-{moment}")
    aside.mkdir(mode=0o700)
    for child in sorted(root.iterdir()):
        shutil.move(child, aside / child.name)
    return aside


def place(staged: Path, root: Path, entries: tuple[FileEntry, ...]) -> None:
    """Move the restored files from the staging folder into ``root`` (a rename on the same disk)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        relative = entry.path.removeprefix(PREFIX)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged / entry.path, target)


def mismatches(root: Path, entries: tuple[FileEntry, ...]) -> list[str]:
    """The manifest's media files that are missing under ``root`` or differ from their checksum."""
    wrong = []
    for entry in entries:
        path = root / entry.path.removeprefix(PREFIX)
        try:
            with path.open("rb") as handle:
                sha256, size = copy_hashing(handle)
        except OSError:
            wrong.append(entry.path)
            continue
        if (sha256, size) != (entry.sha256, entry.size):
            wrong.append(entry.path)
    return wrong
