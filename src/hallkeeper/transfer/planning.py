"""Checking every row against the hall's data and planning the writes; nothing is written here.

The hall's records are loaded once into dictionaries by code, so checking a row costs no
query. Model ``clean()`` methods run on instances whose related objects come from those
dictionaries, so they cost no query either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .columns import SCALAR_KINDS, Col, Kind
from .parsing import Row
from .results import ImportResult
from .specs import TARGETS, EntitySpec


@dataclass
class Planned:
    """One row of the file as the record it creates or updates."""

    row: int
    code: str
    obj: models.Model
    is_new: bool
    changed: set[str] = field(default_factory=set)  # attributes that differ from the database
    links: dict[str, set[int]] = field(default_factory=dict)  # many-to-many attribute → new target ids
    pending: dict[str, str] = field(default_factory=dict)  # attribute → code of a row created by this file


class Planner:
    def __init__(self, spec: EntitySpec, *, hall, user, columns: list[Col], result: ImportResult) -> None:
        self.spec = spec
        self.model = spec.model
        self.hall = hall
        self.user = user
        self.columns = columns
        self.result = result
        self.labels = {col.attr: str(col.label) for col in spec.columns}
        self.fields = {col.key: self.model._meta.get_field(col.attr) for col in spec.columns}
        self.code_col = spec.code_col
        self.file_codes: dict[str, int] = {}

    # -- loading ----------------------------------------------------------------
    def _load(self, rows: list[Row]) -> None:
        qs = self.model.objects.visible_to(self.user, "change").filter(hall=self.hall)
        # timestamps are never read here; bulk_update writes updated_at explicitly
        self.existing: dict[str, models.Model] = {
            getattr(o, self.spec.code_attr): o for o in qs.defer("created_at", "updated_at")
        }
        self.lookups: dict[str, dict[str, models.Model]] = {}
        for col in self.spec.columns:  # every reference, so clean() finds its related objects cached
            if col.kind in (Kind.REF, Kind.REFS) and col.target != self.spec.target and col.target not in self.lookups:
                self.lookups[col.target] = self._load_targets(col, rows)
        self.current_links = {col.attr: self._load_links(col) for col in self.columns if col.kind == Kind.REFS}
        self._attach_related()

    def _load_targets(self, col: Col, rows: list[Row]) -> dict[str, models.Model]:
        target = TARGETS[col.target]
        if target.hall_scoped:
            refs = target.model.objects.visible_to(self.user, "view").filter(hall=self.hall)
        else:  # logins: only the ones the file names
            codes = {v for row in rows for v in _as_list(row.values.get(col.key))}
            refs = target.model._default_manager.filter(**{f"{target.code}__in": codes})
        return {getattr(o, target.code): o for o in refs}

    def _attach_related(self) -> None:
        """Cache each existing record's related objects from the lookups (like select_related)."""
        for col in self.spec.columns:
            if col.kind != Kind.REF or not TARGETS[col.target].hall_scoped:
                continue
            model_field = self.fields[col.key]
            pool = self.existing if col.target == self.spec.target else self.lookups[col.target]
            by_pk = {o.pk: o for o in pool.values()}
            for obj in self.existing.values():
                ref_id = getattr(obj, model_field.attname)
                if ref_id is not None and ref_id in by_pk:
                    model_field.set_cached_value(obj, by_pk[ref_id])

    def _load_links(self, col: Col) -> dict[int, set[int]]:
        m2m = self.fields[col.key]
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        links: dict[int, set[int]] = defaultdict(set)
        rows = m2m.remote_field.through.objects.filter(**{f"{source}__hall": self.hall})
        for a, b in rows.values_list(f"{source}_id", f"{target}_id"):
            links[a].add(b)
        return links

    # -- planning ---------------------------------------------------------------
    def plan(self, rows: list[Row]) -> list[Planned]:
        self._load(rows)
        items = [self._plan_row(row) for row in self._unique_rows(rows)]
        for col in self.columns:
            if col.kind == Kind.REF and col.target == self.spec.target:
                self._check_loops(col, items)
            if col.unique:
                self._check_unique(col, items)
        return items

    def _error(self, row: int, col: Col | str, message: Any) -> None:
        self.result.add_error(row, col.label if isinstance(col, Col) else col, message)

    def _unique_rows(self, rows: list[Row]) -> list[Row]:
        key = self.code_col.key
        unique = []
        for row in rows:
            code = row.values.get(key)
            if code is None:
                continue  # already reported: required or unreadable
            if code in self.file_codes:
                self._error(row.number, self.code_col, _("“%(code)s” is already used in row %(row)s of this file.")
                            % {"code": code, "row": self.file_codes[code]})
                continue
            self.file_codes[code] = row.number
            unique.append(row)
        return unique

    def _plan_row(self, row: Row) -> Planned:
        code = row.values[self.code_col.key]
        obj = self.existing.get(code)
        if obj is None:
            obj = self.model(hall=self.hall)
        item = Planned(row=row.number, code=code, obj=obj, is_new=obj.pk is None)
        errors_before = self.result.error_count
        for col in self.columns:
            if col.key not in row.values or (col is self.code_col and not item.is_new):
                continue
            value = row.values[col.key]
            if col.kind in SCALAR_KINDS:
                self._set_scalar(item, col, value)
            elif col.kind == Kind.REF:
                self._set_ref(item, col, value)
            else:
                self._set_links(item, col, value)
        if row.valid and self.result.error_count == errors_before:
            self._clean(item)
        return item

    def _set_scalar(self, item: Planned, col: Col, value: Any) -> None:
        model_field = self.fields[col.key]
        if value is None:
            value = model_field.get_default()
        else:
            try:
                model_field.run_validators(value)
            except ValidationError as exc:
                for message in exc.messages:
                    self._error(item.row, col, message)
                return
        if item.is_new or getattr(item.obj, col.attr) != value:
            setattr(item.obj, col.attr, value)
            item.changed.add(col.attr)

    def _set_ref(self, item: Planned, col: Col, code: str | None) -> None:
        target = TARGETS[col.target]
        ref = None
        if code is not None and col.target == self.spec.target:
            if code == item.code:
                self._error(item.row, col, _("A row cannot refer to itself."))
                return
            ref = self.existing.get(code)
            if ref is None and code in self.file_codes:
                item.pending[col.attr] = code  # a new row of this file: linked once it is created
                setattr(item.obj, col.attr, None)
                return
        elif code is not None:
            ref = self.lookups[col.target].get(code)
        if code is not None and ref is None:
            self._error(item.row, col, target.unknown % {"code": code})
            return
        ref_id = ref.pk if ref else None
        if item.is_new or getattr(item.obj, self.fields[col.key].attname) != ref_id:
            item.changed.add(col.attr)
            setattr(item.obj, col.attr, ref)

    def _set_links(self, item: Planned, col: Col, codes: list[str] | None) -> None:
        target = TARGETS[col.target]
        lookup = self.lookups[col.target]
        ids: set[int] = set()
        unknown = False
        for code in codes or []:
            ref = lookup.get(code)
            if ref is None:
                self._error(item.row, col, target.unknown % {"code": code})
                unknown = True
            else:
                ids.add(ref.pk)
        current = set() if item.is_new else self.current_links[col.attr].get(item.obj.pk, set())
        if not unknown and ids != current:
            item.links[col.attr] = ids

    def _clean(self, item: Planned) -> None:
        try:
            item.obj.clean()
        except ValidationError as exc:
            errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
            for name, messages in errors.items():
                for message in ValidationError(messages).messages:
                    self._error(item.row, self.labels.get(name, ""), message)

    # -- checks across rows -----------------------------------------------------
    def _check_loops(self, col: Col, items: list[Planned]) -> None:
        """A position inside a position inside the first one… would never end."""
        attname = self.fields[col.key].attname
        code_of = {o.pk: code for code, o in self.existing.items()}
        parent_of = {code: code_of.get(getattr(o, attname)) for code, o in self.existing.items()}
        rows = {item.code: item for item in items}
        for item in items:
            parent_of[item.code] = item.pending.get(col.attr) or code_of.get(getattr(item.obj, attname))
        done: set[str] = set()
        for start in rows:
            path: list[str] = []
            on_path: set[str] = set()
            node: str | None = start
            while node is not None and node not in done and node not in on_path:
                path.append(node)
                on_path.add(node)
                node = parent_of.get(node)
            if node is not None and node in on_path:
                loop = path[path.index(node):]
                text = " → ".join([*loop, loop[0]])
                for code in loop:
                    if code in rows:
                        self._error(rows[code].row, col, _("Rows refer to each other in a loop: %(codes)s.")
                                    % {"codes": text})
            done.update(path)

    def _check_unique(self, col: Col, items: list[Planned]) -> None:
        """E.g. one login is linked to at most one person of the hall."""
        attname = self.fields[col.key].attname
        rows = {item.code: item for item in items}
        holders: dict[Any, list[str]] = defaultdict(list)
        for code, obj in self.existing.items():
            if code not in rows and getattr(obj, attname) is not None:
                holders[getattr(obj, attname)].append(code)
        for item in items:
            if getattr(item.obj, attname) is not None:
                holders[getattr(item.obj, attname)].append(item.code)
        names = {o.pk: code for code, o in self.lookups[col.target].items()}
        for ref_id, codes in holders.items():
            if len(codes) < 2:
                continue
            for code in codes:
                if code in rows:
                    value = names.get(ref_id, ref_id)
                    others = "、".join(c for c in codes if c != code)
                    self._error(rows[code].row, col, _("“%(value)s” is also given to %(others)s; it may be used only "
                                                       "once in the hall.") % {"value": value, "others": others})


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
