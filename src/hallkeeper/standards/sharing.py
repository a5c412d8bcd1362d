"""Share a handbook version between halls: how a city hands its handbook to the county halls.

``export_version`` packs one version into a single .zip file: ``manifest.json`` (the handbook as
plain data, the shape ``defaults.fill_version`` reads) and the rules' pictures under ``images/``.
``import_version`` checks such a file completely before it writes anything, then makes it a new
draft of the receiving hall, to be reviewed and published there.
"""

from __future__ import annotations

import io
import json
import posixpath
import zipfile
import zlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.events import record_event
from hallkeeper.core.uploads import files_for_transaction, max_image_bytes, validate_image
from hallkeeper.places.choices import AreaKind, PositionKind

from .choices import DEFAULT_POINTS, CheckMethod, ImageKind, Severity, VersionStatus
from .clauses import CLAUSE_CODES
from .defaults import fill_version
from .layouts import SlotBox, slot_problems
from .models import Handbook, HandbookVersion, Layout, LayoutSlot, Part, QuantityStandard, Rule, RuleImage, Section
from .services import RULE_FIELDS, ensure_editor, quantity_duplicates

FORMAT = "hallkeeper-handbook"
FORMAT_VERSION = 1
SUPPORTED_FORMAT_VERSIONS = frozenset({1})
MANIFEST = "manifest.json"
FILE_SUFFIX = ".hkhandbook.zip"
#: Zip-bomb guards: the archive as uploaded, everything in it unpacked, the number of members, the manifest.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
#: How much a member may shrink in the archive (a zip bomb shrinks by thousands), for members above a megabyte.
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
#: How deep the manifest may nest (a shared handbook nests ten levels) and what it may hold: checked before
#: any rule is looked at, so that a file too large for a handbook costs nothing and a handbook that imports
#: can always be printed.
MAX_DEPTH = 16
MAX_PARTS = 50
MAX_SECTIONS = 500
MAX_RULES = 1000
MAX_IMAGES_PER_RULE = 20
MAX_LAYOUTS = 200
MAX_SLOTS = 200
MAX_QUANTITIES = 1000
#: The longest text of a rule field, and of a preface or a part's introduction.
MAX_RULE_TEXT = 4000
MAX_LONG_TEXT = 20000
#: A fixed timestamp for the members, so that the same version packs to the same members.
_ZIP_DATE = (2018, 1, 1, 0, 0, 0)
_DECIMAL_FIELDS = ("points", "deduction", "cap")
_LIST_FIELDS = ("area_kinds", "position_kinds", "clauses")
_TEXT_FIELDS = ("key", "code", "title", "requirement", "check_method", "severity", "example", "counter_example")


# -- export ---------------------------------------------------------------------------------------


def export_filename(version: HandbookVersion) -> str:
    return f"{_('Handbook')}-{version.label}{FILE_SUFFIX}"


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def export_version(version: HandbookVersion) -> bytes:
    """The version as a .zip file (manifest.json + images/), in reading order."""
    files: list[tuple[str, bytes]] = []
    rules_by_section: dict[int, list[Rule]] = {}
    for rule in version.rules.select_related("section").prefetch_related("images"):
        rules_by_section.setdefault(rule.section_id, []).append(rule)

    def rule_data(rule: Rule) -> dict:
        data = {f: getattr(rule, f) for f in RULE_FIELDS}
        for f in _DECIMAL_FIELDS:
            data[f] = _decimal_text(data[f])
        for f in _LIST_FIELDS:
            data[f] = list(data[f])
        data["images"] = []
        for image in rule.images.all():  # ordered by kind, order, pk
            try:
                with image.image.open("rb") as fh:
                    content = fh.read()
            except OSError:
                continue  # a picture whose file is gone cannot be shared
            ext = posixpath.splitext(image.image.name)[1].lower().lstrip(".") or "png"
            name = f"images/{len(files) + 1}.{ext}"
            files.append((name, content))
            data["images"].append({"kind": image.kind, "caption": image.caption, "file": name})
        return data

    parts = []
    for part in version.parts.order_by("order", "code"):
        sections = []
        for section in part.sections.order_by("order", "code"):
            rules = [rule_data(r) for r in rules_by_section.get(section.pk, [])]
            sections.append({"code": section.code, "title": section.title, "rules": rules})
        parts.append({"code": part.code, "title": part.title, "intro": part.intro, "sections": sections})

    layouts = [
        {
            "position_kind": layout.position_kind,
            "name": layout.name,
            "width": layout.width,
            "depth": layout.depth,
            "note": layout.note,
            "slots": [
                {
                    "item": s.item,
                    "x": s.x,
                    "y": s.y,
                    "width": s.width,
                    "depth": s.depth,
                    "quantity": s.quantity,
                    "colour": s.colour,
                }
                for s in layout.slots.all()
            ],
        }
        for layout in version.layouts.prefetch_related("slots")
    ]
    quantities = [
        {"item": q.item, "position_kind": q.position_kind, "quantity": q.quantity, "unit": q.unit, "note": q.note}
        for q in version.quantities.all()
    ]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "source": {"hall": version.handbook.hall.name, "version": version.label},
        "handbook": {"title": version.title, "preface": version.preface, "parts": parts},
        "layouts": layouts,
        "quantities": quantities,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
        zf.writestr(zipfile.ZipInfo(MANIFEST, _ZIP_DATE), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
        for name, content in files:
            zf.writestr(zipfile.ZipInfo(name, _ZIP_DATE), content, zipfile.ZIP_STORED)
    return out.getvalue()


# -- import: checks -------------------------------------------------------------------------------


class _Problems:
    """Collects every problem of a file, so the person importing sees them all at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def text(self, obj: dict, key: str, where: str, *, required: bool = True) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(_("%(where)s: “%(field)s” must be a non-empty text.") % {"where": where, "field": key})
            return ""
        return value

    def integer(self, obj: dict, key: str, where: str, *, default: int | None = None) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(_("%(where)s: “%(field)s” must be a whole number.") % {"where": where, "field": key})
            return 0
        return value

    def items(self, obj: dict, key: str, where: str, *, of=dict, required: bool = True) -> list:
        value = obj.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(v, of) and not isinstance(v, bool) for v in value):
            self.add(_("%(where)s: “%(field)s” must be a list.") % {"where": where, "field": key})
            return []
        return value

    def model(self, instance, exclude: list[str], where: str) -> None:
        """The model's own field checks (lengths, choices, validators), without uniqueness."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = field if field != "__all__" else ""
                for message in messages:
                    self.add(
                        _("%(where)s: %(field)s %(message)s") % {"where": where, "field": label, "message": message}
                    )


def _refuse(message: str) -> ValidationError:
    return ValidationError(message)


def _not_ours() -> ValidationError:
    return _refuse(_("This is not a Hallkeeper handbook file (a .hkhandbook.zip exported from a hall)."))


def _damaged() -> ValidationError:
    return _refuse(_("The handbook file is damaged and cannot be read; export it again."))


def _safe_member_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":  # a Windows drive letter
        return False
    return ".." not in name.split("/")


def _open_archive(file) -> zipfile.ZipFile:
    size = getattr(file, "size", None)
    if size is not None and size > MAX_ARCHIVE_BYTES:
        raise _refuse(_("The handbook file is larger than %(limit)s MB.") % {"limit": MAX_ARCHIVE_BYTES // 2**20})
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _not_ours() from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(_("The handbook file holds more than %(limit)s files.") % {"limit": MAX_MEMBERS})
    for info in members:
        if not _safe_member_name(info.filename):
            raise _refuse(
                _("The handbook file holds a file with an unsafe name (“%(name)s”); it is refused.")
                % {"name": info.filename}
            )
    for info in members:
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                _(
                    "The handbook file holds a file (“%(name)s”) that unpacks to more than %(ratio)s times its size; "
                    "it is refused."
                )
                % {"name": info.filename, "ratio": MAX_RATIO}
            )
    if sum(info.file_size for info in members) > MAX_TOTAL_BYTES:
        raise _refuse(
            _("Unpacked, the handbook file would be larger than %(limit)s MB; it is refused.")
            % {"limit": MAX_TOTAL_BYTES // 2**20}
        )
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, at most ``limit + 1`` of them (the declared size is not trusted); the bytes read from
    the whole archive are counted against ``MAX_TOTAL_BYTES``."""
    try:
        with archive.open(name) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError):
        raise _damaged() from None
    read = getattr(archive, "_hallkeeper_read", 0) + len(data)
    archive._hallkeeper_read = read  # type: ignore[attr-defined]
    if read > MAX_TOTAL_BYTES:
        raise _refuse(
            _("Unpacked, the handbook file would be larger than %(limit)s MB; it is refused.")
            % {"limit": MAX_TOTAL_BYTES // 2**20}
        )
    return data


def _depth(value) -> int:
    """How deep ``value`` nests lists and objects (iteratively: a hostile depth cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _list(obj, key: str) -> list:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _check_limits(manifest: dict) -> None:
    """Counts and text lengths, before any content is checked: a handbook beyond them is refused at once."""
    handbook = manifest.get("handbook")
    parts = _list(handbook, "parts")
    sections = [s for p in parts for s in _list(p, "sections")]
    rules = [r for s in sections for r in _list(s, "rules")]
    layouts = _list(manifest, "layouts")
    counts = [
        (len(parts), MAX_PARTS, _("parts")),
        (len(sections), MAX_SECTIONS, _("sections")),
        (len(rules), MAX_RULES, _("rules")),
        (len(layouts), MAX_LAYOUTS, _("layout standards")),
        (max((len(_list(lay, "slots")) for lay in layouts), default=0), MAX_SLOTS, _("items in one layout")),
        (len(_list(manifest, "quantities")), MAX_QUANTITIES, _("standard quantity rows")),
        (max((len(_list(r, "images")) for r in rules), default=0), MAX_IMAGES_PER_RULE, _("pictures of one rule")),
    ]
    problems = [
        _("The handbook file holds %(count)s %(what)s; a shared handbook may hold at most %(limit)s.")
        % {"count": count, "what": what, "limit": limit}
        for count, limit, what in counts
        if count > limit
    ]

    def too_long(obj, fields, limit) -> list[str]:
        return [f for f in fields if isinstance(obj, dict) and isinstance(obj.get(f), str) and len(obj[f]) > limit]

    long_fields = too_long(handbook, ("preface",), MAX_LONG_TEXT)
    long_fields += [f for p in parts for f in too_long(p, ("intro",), MAX_LONG_TEXT)]
    if long_fields:
        problems.append(
            _("A preface or a part's introduction is longer than %(limit)s characters.") % {"limit": MAX_LONG_TEXT}
        )
    long_rules = [r.get("code") for r in rules if too_long(r, _TEXT_FIELDS, MAX_RULE_TEXT)]
    if long_rules:
        problems.append(
            _("Rules %(codes)s have a text longer than %(limit)s characters.")
            % {"codes": ", ".join(str(c)[:20] for c in long_rules[:10]), "limit": MAX_RULE_TEXT}
        )
    if problems:
        raise ValidationError(problems)


def _too_deep() -> ValidationError:
    return _refuse(_("The handbook description (manifest.json) nests too deeply; it is refused."))


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    if MANIFEST not in archive.namelist():
        raise _not_ours()
    data = _read_member(archive, MANIFEST, MAX_MANIFEST_BYTES)
    if len(data) > MAX_MANIFEST_BYTES:
        raise _refuse(_("The handbook description (manifest.json) is too large."))
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(_("The handbook description (manifest.json) is not valid JSON; export it again.")) from None
    except RecursionError:
        raise _too_deep() from None
    if _depth(manifest) > MAX_DEPTH:
        raise _too_deep()
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_ours()
    if manifest.get("format_version") not in SUPPORTED_FORMAT_VERSIONS:
        raise _refuse(
            _("The handbook file is of format version %(version)s, which this Hallkeeper cannot read.")
            % {"version": manifest.get("format_version")}
        )
    return manifest


def _check_rule(p: _Problems, r: dict, where: str) -> dict:
    for field in ("key", "code", "title", "requirement"):
        p.text(r, field, where)
    for field in ("check_method", "severity", "example", "counter_example"):
        p.text(r, field, where, required=False)
    check_method = r.get("check_method") or ""
    if isinstance(check_method, str) and check_method and check_method not in CheckMethod.values:
        p.add(_("%(where)s: unknown check method “%(value)s”.") % {"where": where, "value": check_method})
    severity = r.get("severity") or Severity.MINOR
    if isinstance(severity, str) and severity not in Severity.values:
        p.add(_("%(where)s: unknown severity “%(value)s”.") % {"where": where, "value": severity})
    decimals: dict[str, str | None] = {}
    for field in _DECIMAL_FIELDS:
        value = r.get(field)
        decimals[field] = None
        if value in (None, ""):
            continue
        try:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            p.add(_("%(where)s: “%(field)s” must be a number.") % {"where": where, "field": field})
            continue
        decimals[field] = str(number)
    lists = {field: p.items(r, field, where, of=str, required=False) for field in _LIST_FIELDS}
    unknown_kinds = [k for k in lists["area_kinds"] if k not in AreaKind.values]
    unknown_kinds += [k for k in lists["position_kinds"] if k not in PositionKind.values]
    if unknown_kinds:
        p.add(
            _("%(where)s: unknown area or position kinds: %(kinds)s.")
            % {"where": where, "kinds": ", ".join(unknown_kinds)}
        )
    unknown_clauses = [c for c in lists["clauses"] if c not in CLAUSE_CODES]
    if unknown_clauses:
        p.add(
            _("%(where)s: unknown GB/T 36112 clauses: %(clauses)s.")
            % {"where": where, "clauses": ", ".join(unknown_clauses)}
        )
    texts_ok = all(isinstance(r.get(f) or "", str) for f in _TEXT_FIELDS)
    clean = {f: r.get(f) or "" if isinstance(r.get(f) or "", str) else "" for f in _TEXT_FIELDS}
    clean.update(decimals)
    if clean.get("points") is None:  # a file from before rules had points: the default points
        clean["points"] = str(DEFAULT_POINTS)
    clean.update(lists)
    clean["severity"] = clean["severity"] or Severity.MINOR
    if texts_ok:  # the checks of the model itself: lengths, the key's pattern, the decimals' digits
        p.model(
            Rule(**{f: clean[f] for f in RULE_FIELDS if f != "order"}),
            ["version", "section", "order", "check_method", "severity", *_LIST_FIELDS],
            where,
        )
    return clean


def _check_images(p: _Problems, archive: zipfile.ZipFile, r: dict, where: str, cache: dict) -> list[tuple]:
    """The pictures of a rule as (kind, caption, clean ContentFile), each checked like an upload."""
    result = []
    names = set(archive.namelist())
    for i, image in enumerate(p.items(r, "images", where, required=False), start=1):
        image_where = _("%(where)s, picture %(n)s") % {"where": where, "n": i}
        kind = image.get("kind", ImageKind.REFERENCE)
        if kind not in ImageKind.values:
            p.add(_("%(where)s: unknown picture kind “%(value)s”.") % {"where": image_where, "value": kind})
        caption = p.text(image, "caption", image_where, required=False)
        if len(caption) > 200:
            p.add(_("%(where)s: the caption is longer than 200 characters.") % {"where": image_where})
        name = image.get("file")
        if not isinstance(name, str) or name not in names or name == MANIFEST:
            p.add(_("%(where)s: the picture file “%(file)s” is missing.") % {"where": image_where, "file": name})
            continue
        if name not in cache:
            data = _read_member(archive, name, max_image_bytes())
            try:
                cache[name] = validate_image(ContentFile(data, name=posixpath.basename(name)))
            except ValidationError as error:
                cache[name] = None
                for message in error.messages:
                    p.add(
                        _("%(where)s (“%(file)s”): %(message)s")
                        % {"where": image_where, "file": name, "message": message}
                    )
        if cache[name] is not None:
            result.append((kind, caption, cache[name]))
    return result


def _check_content(manifest: dict, archive: zipfile.ZipFile) -> tuple[dict, list, list, dict[str, list]]:
    """Everything in the manifest, checked; returns clean plain data for ``fill_version`` and the pictures."""
    p = _Problems()
    handbook = manifest.get("handbook")
    layouts_in = manifest.get("layouts", [])
    quantities_in = manifest.get("quantities", [])
    if not isinstance(handbook, dict):
        raise _refuse(_("The handbook file describes no handbook."))
    title = p.text(handbook, "title", _("handbook"))
    if len(title) > 120:
        p.add(_("The handbook title is longer than 120 characters."))
    preface = p.text(handbook, "preface", _("handbook"), required=False)
    clean_parts = []
    pictures: dict[str, list] = {}
    part_codes, section_codes, rule_keys, rule_codes = set(), set(), set(), set()
    image_cache: dict = {}
    rule_count = 0

    def unique(seen: set, value, message: str) -> None:
        if value in seen:
            p.add(message)
        seen.add(value)

    for part in p.items(handbook, "parts", _("handbook")):
        where = _("part %(code)s") % {"code": part.get("code", "?")}
        clean_part = {
            "code": p.text(part, "code", where),
            "title": p.text(part, "title", where),
            "intro": p.text(part, "intro", where, required=False),
            "sections": [],
        }
        unique(part_codes, clean_part["code"], _("Part code %(code)s is used twice.") % {"code": clean_part["code"]})
        p.model(Part(**{k: v for k, v in clean_part.items() if k != "sections"}), ["version"], where)
        for section in p.items(part, "sections", where):
            s_where = _("section %(code)s") % {"code": section.get("code", "?")}
            clean_section = {"code": p.text(section, "code", s_where), "title": p.text(section, "title", s_where)}
            unique(
                section_codes,
                clean_section["code"],
                _("Section code %(code)s is used twice.") % {"code": clean_section["code"]},
            )
            p.model(Section(**clean_section), ["version", "part"], s_where)
            clean_section["rules"] = []
            for rule in p.items(section, "rules", s_where):
                rule_count += 1
                r_where = _("rule %(code)s") % {"code": rule.get("code", "?")}
                clean_rule = _check_rule(p, rule, r_where)
                unique(rule_keys, clean_rule["key"], _("Rule key %(key)s is used twice.") % {"key": clean_rule["key"]})
                unique(
                    rule_codes,
                    clean_rule["code"],
                    _("Rule code %(code)s is used twice.") % {"code": clean_rule["code"]},
                )
                images = _check_images(p, archive, rule, r_where, image_cache)
                if images:
                    pictures[clean_rule["key"]] = images
                clean_section["rules"].append(clean_rule)
            clean_part["sections"].append(clean_section)
        clean_parts.append(clean_part)
    if not rule_count and not p.messages:
        p.add(_("The handbook file holds no rules."))

    clean_layouts = []
    layout_names: set = set()
    if not isinstance(layouts_in, list):
        p.add(_("The layout standards must be a list."))
        layouts_in = []
    for i, layout in enumerate(layouts_in, start=1):
        if not isinstance(layout, dict):
            p.add(_("Layout standard %(n)s is not readable.") % {"n": i})
            continue
        where = _("layout standard “%(name)s”") % {"name": layout.get("name", i)}
        clean_layout = {
            "position_kind": p.text(layout, "position_kind", where),
            "name": p.text(layout, "name", where),
            "width": p.integer(layout, "width", where),
            "depth": p.integer(layout, "depth", where),
            "note": p.text(layout, "note", where, required=False),
            "slots": [],
        }
        unique(
            layout_names,
            clean_layout["name"],
            _("Layout name “%(name)s” is used twice.") % {"name": clean_layout["name"]},
        )
        p.model(Layout(**{k: v for k, v in clean_layout.items() if k != "slots"}), ["version", "order"], where)
        slot_boxes = []
        for slot in p.items(layout, "slots", where):
            clean_slot = {
                "item": p.text(slot, "item", where),
                "x": p.integer(slot, "x", where),
                "y": p.integer(slot, "y", where),
                "width": p.integer(slot, "width", where),
                "depth": p.integer(slot, "depth", where),
                "quantity": p.integer(slot, "quantity", where, default=1),
                "colour": slot.get("colour", "#e9ecef"),
            }
            p.model(LayoutSlot(**clean_slot), ["layout", "order"], where)
            clean_layout["slots"].append(clean_slot)
            slot_boxes.append(SlotBox(**clean_slot) if isinstance(clean_slot["colour"], str) else None)
        if all(slot_boxes):
            for message in slot_problems(clean_layout["width"], clean_layout["depth"], slot_boxes):
                p.add(_("%(where)s: %(message)s") % {"where": where, "message": message})
        clean_layouts.append(clean_layout)

    clean_quantities = []
    if not isinstance(quantities_in, list) or not all(isinstance(q, dict) for q in quantities_in):
        p.add(_("The standard quantity table must be a list of rows."))
        quantities_in = []
    for i, row in enumerate(quantities_in, start=1):
        where = _("standard quantity row %(n)s") % {"n": i}
        clean_row = {
            "item": p.text(row, "item", where),
            "position_kind": p.text(row, "position_kind", where),
            "quantity": p.integer(row, "quantity", where),
            "unit": p.text(row, "unit", where, required=False),
            "note": p.text(row, "note", where, required=False),
        }
        p.model(QuantityStandard(**clean_row), ["version", "order"], where)
        clean_quantities.append(clean_row)
    for message in quantity_duplicates(clean_quantities):
        p.add(message)

    if p.messages:
        raise ValidationError(p.messages)
    return {"title": title, "preface": preface, "parts": clean_parts}, clean_layouts, clean_quantities, pictures


# -- import: writing ------------------------------------------------------------------------------


def _has_draft(hall) -> bool:
    return HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.DRAFT).exists()


def _draft_exists() -> ValidationError:
    return _refuse(_("This hall already has a draft revision; publish or discard it before importing a handbook."))


def import_version(*, hall, file, user) -> HandbookVersion:
    """Make a handbook file a new draft of ``hall`` (editors only). The whole file is checked first:
    any problem raises ``ValidationError`` listing them, and nothing is written."""
    ensure_editor(user, hall)
    if _has_draft(hall):
        raise _draft_exists()
    archive = _open_archive(file)
    with archive:
        manifest = _read_manifest(archive)
        _check_limits(manifest)
        handbook_data, layouts, quantities, pictures = _check_content(manifest, archive)
    with files_for_transaction() as files, transaction.atomic():
        handbook, _created = Handbook.objects.get_or_create(hall=hall, defaults={"title": handbook_data["title"]})
        handbook = Handbook.objects.select_for_update().get(pk=handbook.pk)
        if handbook.versions.filter(status=VersionStatus.DRAFT).exists():
            raise _draft_exists()
        latest = handbook.versions.order_by("-number").first()
        draft = HandbookVersion.objects.create(
            handbook=handbook,
            number=(latest.number + 1) if latest else 1,
            status=VersionStatus.DRAFT,
            title=handbook_data["title"],
            preface=handbook_data["preface"],
            based_on=latest,
            created_by=user,
        )
        fill_version(draft, handbook_data, layouts, quantities)
        rules = {r.key: r for r in draft.rules.select_related("version__handbook")}
        for key, images in pictures.items():
            orders: dict[str, int] = {}
            for kind, caption, content in images:
                picture = RuleImage(rule=rules[key], kind=kind, caption=caption, order=orders.get(kind, 0))
                orders[kind] = picture.order + 1
                content.seek(0)
                files.save(picture.image, content.name, ContentFile(content.read(), name=content.name))
                picture.save()
        record_event(
            target=draft,
            hall=hall,
            actor=user,
            verb="handbook_version.imported",
            to_state=VersionStatus.DRAFT,
            data={
                "file": getattr(file, "name", "") or "",
                "number": draft.number,
                "rules": len(rules),
                "pictures": sum(len(images) for images in pictures.values()),
            },
        )
    return draft
