"""Files live and die with their rows: a failed write removes the files it wrote, and ``sweep_media`` finds
(and with ``--delete`` removes) the files no record refers to — with real files in a scratch MEDIA_ROOT."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from hallkeeper.accounts.choices import Role
from hallkeeper.core.uploads import files_for_transaction, validate_image
from hallkeeper.standards.models import RuleImage
from hallkeeper.standards.services import handbook_version_revise, rule_image_add

from . import inspection_matrix as im
from .inspection_data import photo_file
from .standards_data import add_rule_picture, install_tiny_handbook

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def hall(alpha, media):
    version = install_tiny_handbook(alpha.hall)
    alpha.rule = version.rules.order_by("pk").first()
    return alpha


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_a_refused_write_removes_the_files_it_wrote(hall, media):
    before = files_under(media)
    with pytest.raises(ValidationError), files_for_transaction() as files, transaction.atomic():
        picture = RuleImage(rule=hall.rule, kind="reference")
        files.save(picture.image, "x.jpg", validate_image(photo_file("red")))
        picture.save()
        assert Path(picture.image.path).exists()
        raise ValidationError("refused after the file was written")
    assert files_under(media) == before
    assert not RuleImage.objects.exists()


def test_a_service_that_fails_after_writing_leaves_no_file(hall, media, monkeypatch):
    draft = handbook_version_revise(handbook=hall.hall.handbook, user=hall.users[Role.ADMIN])
    rule = draft.rules.order_by("pk").first()
    before = files_under(media)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(RuleImage, "save", broken_save)
    with pytest.raises(RuntimeError):
        rule_image_add(rule=rule, user=hall.users[Role.ADMIN], kind="reference", image=validate_image(photo_file()))
    assert files_under(media) == before


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_sweep_lists_old_unreferenced_files_and_deletes_them_only_when_asked(hall, media, capsys):
    picture = add_rule_picture(hall.rule)
    photo = im.photo(hall)
    kept = {picture.image.name, photo.image.name, photo.thumbnail.name}
    orphan = media / "handbook" / str(hall.hall.pk) / "lost.jpg"
    orphan.write_bytes(b"x" * 10)
    partial = media / "inspections" / ".part-abc"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"y" * 5)
    young = media / "handbook" / "young.jpg"
    young.write_bytes(b"z")
    cached = media / "cache" / "handbook-documents" / "1" / "pdf-abc.pdf"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"%PDF")
    for path in [orphan, partial, cached, *(media / name for name in kept)]:
        _age(path, 3 * DAY)

    call_command("sweep_media")
    out = capsys.readouterr().out
    assert f"handbook/{hall.hall.pk}/lost.jpg" in out and "inspections/.part-abc" in out
    assert "young.jpg" not in out and "cache/" not in out and not any(name in out for name in kept)
    assert "2 file(s) no record refers to (15 bytes)" in out
    assert orphan.exists() and partial.exists()  # a dry run by default

    call_command("sweep_media", "--delete")
    assert "2 file(s) no record refers to removed" in capsys.readouterr().out
    assert not orphan.exists() and not partial.exists()
    assert young.exists() and cached.exists() and all((media / name).exists() for name in kept)

    call_command("sweep_media", "--delete", "--grace-hours", "0")
    assert not young.exists() and all((media / name).exists() for name in kept)


def test_sweep_refuses_a_negative_grace_period(media):
    with pytest.raises(CommandError):
        call_command("sweep_media", "--grace-hours", "-1")
