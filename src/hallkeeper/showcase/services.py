"""Every write to the model window: designate it, record and remove its set-up photos, adopt a rule's photo as
the handbook's reference picture (through ``standards.services.rule_image_add``, into the draft revision).

Refusals are field-keyed ``ValidationError`` (or ``PermissionDenied``) raised before anything is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.events import record_event
from hallkeeper.core.input import date_in_range
from hallkeeper.core.uploads import files_for_transaction, make_thumbnail, validate_image
from hallkeeper.core.validation import field_error
from hallkeeper.standards import services as handbook
from hallkeeper.standards.choices import ImageKind

from .models import ModelWindow, SetupKind, SetupPhoto
from .selectors import can_record, draft_version, setup_target


def _ensure_recorder(user, hall) -> None:
    if not can_record(user, hall):
        raise PermissionDenied(
            _("The service centre's administrators, the leadership and the promotion group record the model window.")
        )


@transaction.atomic
def model_window_designate(*, user, hall, window, note: str = "") -> ModelWindow:
    """Make ``window`` the hall's model window (the previous one keeps its record and photos)."""
    _ensure_recorder(user, hall)
    if window is None or window.hall_id != hall.pk:
        raise field_error("window", _("No such window."), "window_not_found")
    note = str(note or "").strip()
    if len(note) > 2000:
        raise field_error("note", _("At most %(max)s characters.") % {"max": 2000}, "too_long")
    previous = ModelWindow.objects.select_for_update().filter(hall=hall, is_current=True).first()
    if previous is not None and previous.window_id != window.pk:
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
    record, created = ModelWindow.objects.get_or_create(
        hall=hall, window=window, defaults={"designated_by": user, "note": note, "is_current": True}
    )
    if not created:
        record.is_current, record.designated_by = True, user
        record.note = note or record.note
        record.save(update_fields=["is_current", "designated_by", "note", "updated_at"])
    record_event(
        target=record,
        hall=hall,
        actor=user,
        verb="model_window.designated",
        data={"window": window.number, "previous": previous.window.number if previous else None},
    )
    return record


def setup_photo_add(
    *,
    user,
    model_window: ModelWindow,
    kind: str,
    target_key: str,
    image,
    built_on: dt.date | None,
    built_by=None,
    caption: str = "",
) -> SetupPhoto:
    """Record a reference photo of the model window for one layout standard (by name) or rule (by key) of the
    published handbook that applies there; who built it (a person of the hall) and when (not in the future)."""
    hall = model_window.hall
    _ensure_recorder(user, hall)
    if not model_window.is_current:
        raise field_error("window", _("This window is no longer the model window."), "not_current")
    if kind not in SetupKind.values:
        raise field_error("target", _("Choose a layout standard or a rule."), "kind")
    version, label = setup_target(user, model_window.window, kind, str(target_key or ""))
    if label is None:
        raise field_error("target", _("No such layout standard or rule applies at the model window."), "target")
    if built_on is None:
        raise field_error("built_on", _("Say when it was built."), "required")
    if built_on > timezone.localdate() or not date_in_range(built_on):
        raise field_error("built_on", _("The day it was built cannot be in the future."), "future")
    if built_by is not None and built_by.hall_id != hall.pk:
        raise field_error("built_by", _("No such person."), "person_not_found")
    caption = str(caption or "").strip()
    if len(caption) > 200:
        raise field_error("caption", _("At most %(max)s characters.") % {"max": 200}, "too_long")
    if not image:
        raise field_error("image", _("Choose a photo."), "required")
    try:
        clean = validate_image(image)
    except ValidationError as error:
        raise field_error("image", error.messages[0], "image") from None
    data = clean.read()
    photo = SetupPhoto(
        model_window=model_window,
        kind=kind,
        target_key=target_key,
        target_label=label[:200],
        caption=caption,
        built_by=built_by,
        built_on=built_on,
        taken_by=user,
    )
    with files_for_transaction() as files, transaction.atomic():
        files.save(photo.image, clean.name, clean)
        thumb = make_thumbnail(data, clean.name)
        files.save(photo.thumbnail, thumb.name, thumb)
        photo.save()
        record_event(
            target=photo,
            hall=hall,
            actor=user,
            verb="model_window.photo_added",
            data={"kind": kind, "target": target_key, "version": version.number if version else None},
        )
    return photo


@transaction.atomic
def setup_photo_remove(*, user, photo: SetupPhoto) -> None:
    """Remove a photo from the set-up record (a picture it gave the handbook stays there)."""
    hall = photo.model_window.hall
    _ensure_recorder(user, hall)
    record_event(
        target=photo,
        hall=hall,
        actor=user,
        verb="model_window.photo_removed",
        data={"kind": photo.kind, "target": photo.target_key},
    )
    photo.delete()


@transaction.atomic
def setup_photo_adopt(*, user, photo: SetupPhoto) -> SetupPhoto:
    """Give the handbook's draft revision this photo as the reference picture (标准样例) of its rule."""
    hall = photo.model_window.hall
    _ensure_recorder(user, hall)
    if photo.kind != SetupKind.RULE:
        raise field_error("photo", _("Only a rule's photo becomes a picture of the handbook."), "not_a_rule")
    draft = draft_version(hall)
    if draft is None:
        raise field_error(
            "photo",
            _("No draft revision of the handbook: start a revision first, the picture goes into the draft."),
            "no_draft",
        )
    rule = draft.rules.filter(key=photo.target_key).first()
    if rule is None:
        raise field_error("photo", _("The draft revision has no rule %(key)s.") % {"key": photo.target_key}, "rule")
    photo = (
        SetupPhoto.objects.select_for_update(of=("self",))
        .select_related("adopted_as__rule", "model_window__window")
        .get(pk=photo.pk)
    )
    if photo.adopted_as is not None and photo.adopted_as.rule.version_id == draft.pk:
        raise field_error("photo", _("This photo is already a picture of the draft revision."), "adopted")
    with photo.image.open("rb") as handle:
        clean = validate_image(handle)
    caption = photo.caption or _("Model window %(window)s") % {"window": photo.model_window.window}
    picture = handbook.rule_image_add(rule=rule, user=user, kind=ImageKind.REFERENCE, image=clean, caption=caption)
    photo.adopted_as = picture
    photo.save(update_fields=["adopted_as", "updated_at"])
    record_event(
        target=photo,
        hall=hall,
        actor=user,
        verb="model_window.photo_adopted",
        data={"rule": rule.key, "version": draft.number, "picture": picture.pk},
    )
    return photo
