"""Every write of the budget: the price list, the survey and its counts, approval, purchases and hand-outs.

Each service checks who may act (``core/capabilities.py``), refuses bad input field by field with nothing
changed (``core/validation.py``), locks the survey and refuses a step its state no longer allows — above all any
change to an approved survey, whose lines are frozen — and records an event."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import approves_budget, leads_zones, manages_budget
from hallkeeper.core.changes import snapshot
from hallkeeper.core.events import record_event, record_save
from hallkeeper.core.uploads import files_for_transaction
from hallkeeper.core.validation import field_error
from hallkeeper.inspections.choices import InspectionStatus
from hallkeeper.inspections.models import QuantityCount
from hallkeeper.places.choices import PositionKind
from hallkeeper.places.models import Position, Zone
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, LayoutSlot, QuantityStandard
from hallkeeper.transfer.reading import read_upload
from hallkeeper.transfer.results import ImportResult

from . import imports
from . import survey as arithmetic
from .choices import MAX_PRICE, MAX_QUANTITY, SurveyState
from .models import HandOut, PriceItem, Purchase, Survey, SurveyLine

MAX_TITLE = 200


# -- checks ------------------------------------------------------------------------------------------------


def _keeper(user, hall_id: int) -> None:
    if not manages_budget(get_access(user), hall_id):
        raise PermissionDenied(_("Only administrators and the leadership group keep the budget."))


def may_count(user, zone: Zone) -> bool:
    """Whether ``user`` enters what ``zone`` has: the budget's keepers, or the zone's own lead."""
    access = get_access(user)
    if manages_budget(access, zone.hall_id):
        return True
    return leads_zones(access, zone.hall_id) and zone.lead_id is not None and zone.lead.user_id == user.pk


def _text(value, field: str, *, required_message: str = "", max_length: int = MAX_TITLE) -> str:
    text = (value or "").strip()
    if not text and required_message:
        raise field_error(field, required_message, "required")
    if len(text) > max_length:
        raise field_error(field, _("At most %(max)s characters.") % {"max": max_length}, "too_long")
    return text


def _whole(value, field: str, *, minimum: int = 0) -> int:
    """A count or quantity typed by a person: a whole number from ``minimum`` up to the bound."""
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise field_error(field, _("Enter a whole number."), "invalid") from None
    if number < 0:
        raise field_error(field, _("A quantity cannot be negative."), "negative")
    if number < minimum:
        raise field_error(field, _("Enter at least %(min)s.") % {"min": minimum}, "too_small")
    if number > MAX_QUANTITY:
        raise field_error(field, _("At most %(max)s.") % {"max": MAX_QUANTITY}, "too_large")
    return number


def _money(value, field: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise field_error(field, _("Enter an amount in yuan, as 12.50."), "invalid") from None
    if not amount.is_finite():
        raise field_error(field, _("Enter an amount in yuan, as 12.50."), "invalid")
    if amount < 0:
        raise field_error(field, _("A price or an amount cannot be negative."), "negative")
    if amount > MAX_PRICE:
        raise field_error(field, _("At most %(max)s yuan.") % {"max": MAX_PRICE}, "too_large")
    if amount != amount.quantize(Decimal("0.01")):
        raise field_error(field, _("At most two decimal places (fen)."), "precision")
    return amount.quantize(Decimal("0.01"))


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise field_error(field, _("Enter a date."), "required")
    return value


def _locked(survey: Survey, *states: str) -> Survey:
    """The survey, locked, in one of ``states``; an approved survey's refusal says its lines are frozen."""
    locked = Survey.objects.select_for_update().select_related("hall").get(pk=survey.pk)
    if locked.state in states:
        return locked
    if locked.state == SurveyState.APPROVED:
        message = _("This budget survey is approved: its lines are frozen and cannot change.")
        code = "approved"
    elif SurveyState.APPROVED in states:
        message = _("This budget survey is not approved yet: purchases and hand-outs wait for the approval.")
        code = "not_approved"
    else:
        message = _("This budget survey is %(state)s; the step is no longer possible. Reload the page.") % {
            "state": locked.get_state_display()
        }
        code = "stale_state"
    raise field_error(NON_FIELD_ERRORS, message, code)


# -- the price list ---------------------------------------------------------------------------------------

PRICE_FIELDS = ("name", "spec", "unit", "unit_price", "supplier", "remark", "handbook_item", "position_kind",
                "per_position", "order")  # fmt: skip


def clean_price_item(hall, data: dict, *, instance: PriceItem | None = None) -> dict:
    """The price-list fields of ``data``, checked field by field (used by the page and the import)."""
    clean = {
        "name": _text(data.get("name"), "name", required_message=_("Name the item."), max_length=60),
        "spec": _text(data.get("spec"), "spec", max_length=120),
        "unit": _text(data.get("unit"), "unit", required_message=_("Give the unit of measure."), max_length=10),
        "unit_price": _money(data.get("unit_price"), "unit_price"),
        "supplier": _text(data.get("supplier"), "supplier", max_length=120),
        "remark": _text(data.get("remark"), "remark", max_length=200),
        "handbook_item": _text(data.get("handbook_item"), "handbook_item", max_length=60),
        "position_kind": (data.get("position_kind") or "").strip(),
        "per_position": _whole(data.get("per_position") or 0, "per_position"),
        "order": _whole(data.get("order") or 0, "order"),
    }
    if clean["position_kind"] and clean["position_kind"] not in PositionKind.values:
        raise field_error("position_kind", _("Choose a kind of position."), "invalid")
    if bool(clean["position_kind"]) != bool(clean["per_position"]):
        raise field_error(
            "per_position", _("Give both the kind of position and the quantity per position, or neither."), "pair"
        )
    same = PriceItem.objects.filter(hall=hall, name=clean["name"])
    if instance is not None:
        same = same.exclude(pk=instance.pk)
    if same.exists():
        raise field_error("name", _("The price list already has this item."), "duplicate")
    return clean


@transaction.atomic
def price_item_save(*, user, hall, data: dict, item: PriceItem | None = None) -> PriceItem:
    """Add an item to the hall's price list, or change one (surveys already approved keep their prices)."""
    _keeper(user, hall.pk)
    clean = clean_price_item(hall, data, instance=item)
    before = None
    if item is None:
        item = PriceItem(hall=hall)
    else:
        item = PriceItem.objects.select_for_update().get(pk=item.pk, hall=hall)
        before = snapshot(item)
    for name, value in clean.items():
        setattr(item, name, value)
    item.save()
    record_save(target=item, actor=user, before=before, hall=hall)
    return item


# -- the survey -------------------------------------------------------------------------------------------


def published_version(hall) -> HandbookVersion | None:
    return HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.PUBLISHED).first()


def _department(zone: Zone) -> str:
    units = sorted({u.name for u in zone.units.all()}) or sorted({w.unit.name for w in zone.windows.all()})
    return "、".join(units)


def _plan(hall, version: HandbookVersion | None) -> tuple[dict[tuple[int, int], int], dict[int, PriceItem]]:
    """What each zone's positions require of each price-list item, and the items."""
    items = {i.pk: i for i in PriceItem.objects.filter(hall=hall)}
    standards: dict[tuple[str, str], int] = {}
    layouts: dict[tuple[str, str], int] = {}
    if version is not None:
        for kind, name, quantity in QuantityStandard.objects.filter(version=version).values_list(
            "position_kind", "item", "quantity"
        ):
            standards[(kind, name)] = quantity
        seen_layout: dict[str, int] = {}
        for layout_id, kind, name, quantity in LayoutSlot.objects.filter(layout__version=version).values_list(
            "layout_id", "layout__position_kind", "item", "quantity"
        ):
            if seen_layout.setdefault(kind, layout_id) != layout_id:
                continue  # a kind's first layout is its standard
            layouts[(kind, name)] = layouts.get((kind, name), 0) + quantity
    rules = [arithmetic.ItemRule(i.pk, i.counts_as, i.position_kind, i.per_position) for i in items.values()]
    positions = Position.objects.filter(hall=hall).values_list("zone_id", "kind")
    return arithmetic.required_by_zone(positions, rules, standards, layouts), items


def _inspection_counts(hall, pairs, items: dict[int, PriceItem]) -> dict[tuple[int, int], int]:
    """What the latest submitted inspection counted of each item at each position, summed per zone."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for item in items.values():
        if not item.per_position:
            by_name[item.counts_as].append(item.pk)
    zones = {zone_id for zone_id, _item in pairs}
    rows = (
        QuantityCount.objects.filter(
            inspection__hall=hall,
            inspection__status=InspectionStatus.SUBMITTED,
            standard__item__in=list(by_name),
            position__zone_id__in=zones,
        )
        .order_by("position_id", "standard__item", "-inspection__submitted_at", "-inspection_id")
        .values_list("position__zone_id", "position_id", "standard__item", "counted")
    )
    seen: set[tuple[int, str]] = set()
    result: dict[tuple[int, int], int] = defaultdict(int)
    for zone_id, position_id, name, counted in rows:
        if (position_id, name) in seen:
            continue
        seen.add((position_id, name))
        for item_id in by_name[name]:
            result[(zone_id, item_id)] += counted
    return result


def _write_lines(survey: Survey) -> tuple[int, int, int]:
    """Create, refresh or remove the survey's lines from the positions, the handbook and the price list; what
    zones have stays. Returns (created, updated, removed)."""
    plan, items = _plan(survey.hall, survey.version)
    zones = {z.pk: z for z in Zone.objects.filter(hall=survey.hall).prefetch_related("units", "windows__unit")}
    departments = {pk: _department(zone) for pk, zone in zones.items()}
    existing = {(line.zone_id, line.item_id): line for line in survey.lines.all()}
    counted = _inspection_counts(survey.hall, [p for p in plan if p not in existing], items)
    created, updated = [], []
    for (zone_id, item_id), required in plan.items():
        item = items[item_id]
        values = {
            "department": departments.get(zone_id, "")[:200],
            "name": item.name,
            "spec": item.spec,
            "unit": item.unit,
            "unit_price": item.unit_price,
            "required": min(required, MAX_QUANTITY),
        }
        line = existing.get((zone_id, item_id))
        if line is None:
            has = counted.get((zone_id, item_id))
            created.append(
                SurveyLine(
                    survey=survey,
                    zone_id=zone_id,
                    item_id=item_id,
                    has=min(has or 0, MAX_QUANTITY),
                    has_from_inspection=has is not None,
                    **values,
                )
            )
        elif any(getattr(line, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(line, k, v)
            updated.append(line)
    SurveyLine.objects.bulk_create(created)
    if updated:
        SurveyLine.objects.bulk_update(updated, ["department", "name", "spec", "unit", "unit_price", "required"])
    gone = [line.pk for key, line in existing.items() if key not in plan]
    SurveyLine.objects.filter(pk__in=gone).delete()
    return len(created), len(updated), len(gone)


@transaction.atomic
def survey_create(*, user, hall, title: str, surveyed_on: dt.date | None, note: str = "") -> Survey:
    """Start a survey of ``surveyed_on``: one line per zone and price-list item its positions require, the
    "has" counts taken from the latest inspection counts where there are any (the zone leads confirm them)."""
    _keeper(user, hall.pk)
    title = _text(title, "title", required_message=_("Give the survey a title."))
    surveyed_on = _date(surveyed_on, "surveyed_on")
    note = _text(note, "note", max_length=2000)
    if not PriceItem.objects.filter(hall=hall).exists():
        raise field_error(NON_FIELD_ERRORS, _("Fill in the price list first: the survey prices its lines."), "prices")
    survey = Survey.objects.create(
        hall=hall, title=title, surveyed_on=surveyed_on, note=note, version=published_version(hall), created_by=user
    )
    created, _updated, _removed = _write_lines(survey)
    record_event(
        target=survey, actor=user, verb="budget_survey.created", to_state=survey.state, data={"lines": created}
    )
    return survey


@transaction.atomic
def survey_recompute(*, user, survey: Survey) -> Survey:
    """Read a draft's requirements and prices again (positions, the handbook now published, the price list)."""
    _keeper(user, survey.hall_id)
    survey = _locked(survey, SurveyState.DRAFT)
    survey.version = published_version(survey.hall)
    survey.save(update_fields=["version", "updated_at"])
    created, updated, removed = _write_lines(survey)
    record_event(
        target=survey,
        actor=user,
        verb="budget_survey.recomputed",
        data={"created": created, "updated": updated, "removed": removed},
    )
    return survey


@transaction.atomic
def counts_save(*, user, survey: Survey, zone: Zone, counts: dict[int, object]) -> int:
    """What ``zone`` has of each of its lines (``{line id: count}``), entered and confirmed by its lead (or a
    keeper) while the survey is a draft. Every count is checked before any is saved."""
    if not may_count(user, zone):
        raise PermissionDenied(_("Only the zone's lead (or the budget's keepers) enters what it has."))
    survey = _locked(survey, SurveyState.DRAFT)
    lines = {line.pk: line for line in SurveyLine.objects.select_for_update().filter(survey=survey, zone=zone)}
    clean: dict[int, int] = {}
    for line_id, value in counts.items():
        if line_id not in lines:
            raise field_error(NON_FIELD_ERRORS, _("A count names a line of another zone or survey."), "line")
        clean[line_id] = _whole(value, f"has_{line_id}")
    now = timezone.now()
    changed = {}
    for line_id, has in clean.items():
        line = lines[line_id]
        if line.has != has:
            changed[line.name] = [line.has, has]
        line.has, line.has_from_inspection, line.confirmed_at, line.confirmed_by = has, False, now, user
    SurveyLine.objects.bulk_update(
        [lines[i] for i in clean], ["has", "has_from_inspection", "confirmed_at", "confirmed_by"]
    )
    record_event(
        target=survey,
        actor=user,
        verb="budget_survey.counted",
        data={"zone": zone.code, "lines": len(clean), "changed": changed},
    )
    return len(clean)


@transaction.atomic
def survey_submit(*, user, survey: Survey) -> Survey:
    """Submit a draft with at least one line to the leadership group."""
    _keeper(user, survey.hall_id)
    survey = _locked(survey, SurveyState.DRAFT)
    if not survey.lines.exists():
        raise field_error(NON_FIELD_ERRORS, _("The survey has no lines: nothing to submit."), "empty")
    survey.state = SurveyState.SUBMITTED
    survey.submitted_at, survey.submitted_by = timezone.now(), user
    survey.save()
    record_event(
        target=survey, actor=user, verb="budget_survey.submitted", from_state=SurveyState.DRAFT, to_state=survey.state
    )
    return survey


@transaction.atomic
def survey_approve(*, user, survey: Survey) -> Survey:
    """The leadership group approves a submitted survey: its lines, counts and prices are frozen from now on."""
    if not approves_budget(get_access(user), survey.hall_id):
        raise PermissionDenied(_("Only the leadership group approves a budget."))
    survey = _locked(survey, SurveyState.SUBMITTED)
    survey.state = SurveyState.APPROVED
    survey.approved_at, survey.approved_by = timezone.now(), user
    survey.save()
    lines = list(survey.lines.all())
    record_event(
        target=survey,
        actor=user,
        verb="budget_survey.approved",
        from_state=SurveyState.SUBMITTED,
        to_state=survey.state,
        data={"total": str(arithmetic.grand_total(lines)), "lines": len(lines)},
    )
    return survey


@transaction.atomic
def survey_reject(*, user, survey: Survey, reason: str) -> Survey:
    """The leadership group sends a submitted survey back to draft with the reason."""
    if not approves_budget(get_access(user), survey.hall_id):
        raise PermissionDenied(_("Only the leadership group sends a budget back."))
    reason = _text(reason, "reason", required_message=_("Say why it goes back."), max_length=2000)
    survey = _locked(survey, SurveyState.SUBMITTED)
    survey.state = SurveyState.DRAFT
    survey.rejected_at, survey.rejected_by, survey.rejection_reason = timezone.now(), user, reason
    survey.save()
    record_event(
        target=survey,
        actor=user,
        verb="budget_survey.rejected",
        from_state=SurveyState.SUBMITTED,
        to_state=survey.state,
        comment=reason,
    )
    return survey


# -- purchases and hand-outs ------------------------------------------------------------------------------


def _survey_item(survey: Survey, item: PriceItem | None) -> PriceItem:
    if item is None or not survey.lines.filter(item=item).exists():
        raise field_error("item", _("Choose an item of this survey."), "item")
    return item


@transaction.atomic
def purchase_record(
    *,
    user,
    survey: Survey,
    item: PriceItem | None,
    quantity,
    amount,
    bought_on: dt.date | None,
    supplier: str = "",
    note: str = "",
    evidence=None,
) -> Purchase:
    """Record items bought for an approved survey; ``evidence`` is an invoice photo already checked by
    ``core/uploads.validate_image``."""
    _keeper(user, survey.hall_id)
    survey = _locked(survey, SurveyState.APPROVED)
    item = _survey_item(survey, item)
    purchase = Purchase(
        survey=survey,
        item=item,
        quantity=_whole(quantity, "quantity", minimum=1),
        amount=_money(amount, "amount"),
        bought_on=_date(bought_on, "bought_on"),
        supplier=_text(supplier, "supplier", max_length=120),
        note=_text(note, "note"),
        recorded_by=user,
    )
    with files_for_transaction() as files:
        if evidence is not None:
            files.save(purchase.evidence, evidence.name, evidence)
        purchase.save()
    record_event(
        target=purchase,
        actor=user,
        hall=survey.hall,
        verb="budget_purchase.recorded",
        data={"item": item.name, "quantity": purchase.quantity, "amount": str(purchase.amount)},
    )
    return purchase


@transaction.atomic
def handout_record(
    *, user, survey: Survey, zone: Zone | None, item: PriceItem | None, quantity, received_by: str, handed_on
) -> HandOut:
    """Record items handed out to a zone; never more than is in stock (bought less handed out)."""
    _keeper(user, survey.hall_id)
    survey = _locked(survey, SurveyState.APPROVED)
    if zone is None or not survey.lines.filter(zone=zone).exists():
        raise field_error("zone", _("Choose a zone of this survey."), "zone")
    item = _survey_item(survey, item)
    quantity = _whole(quantity, "quantity", minimum=1)
    bought = survey.purchases.filter(item=item).aggregate(n=Sum("quantity"))["n"] or 0
    handed = survey.handouts.filter(item=item).aggregate(n=Sum("quantity"))["n"] or 0
    if quantity > bought - handed:
        raise field_error(
            "quantity",
            _("Only %(stock)s in stock (bought %(bought)s, handed out %(handed)s).")
            % {"stock": bought - handed, "bought": bought, "handed": handed},
            "stock",
        )
    handout = HandOut.objects.create(
        survey=survey,
        zone=zone,
        item=item,
        quantity=quantity,
        received_by=_text(received_by, "received_by", required_message=_("Who received them?"), max_length=60),
        handed_on=_date(handed_on, "handed_on"),
        recorded_by=user,
    )
    record_event(
        target=handout,
        actor=user,
        hall=survey.hall,
        verb="budget_handout.recorded",
        data={"zone": zone.code, "item": item.name, "quantity": quantity},
    )
    return handout


def price_list_import(*, user, hall, file) -> ImportResult:
    """Import the price list from an .xlsx upload: every row checked first, then all written (an item of the
    same name updated, the others added) or, with any error, nothing."""
    _keeper(user, hall.pk)
    result = ImportResult(entity="prices")
    sheet = read_upload(file, result)
    if sheet is None:
        return result
    columns = imports.match_header(sheet.header, result)
    if not result.ok:
        return result
    if not sheet.rows:
        result.add_error(None, "", _("The file has no rows below the header row; there is nothing to import."))
        return result
    existing = {item.name: item for item in PriceItem.objects.filter(hall=hall)}

    def clean(hall, data):
        item = existing.get((data.get("name") or "").strip())
        kept = {}
        if item is not None:  # what the sheet does not hold stays as it is
            kept = {name: getattr(item, name) for name in ("handbook_item", "position_kind", "per_position", "order")}
        return clean_price_item(hall, {**kept, **data}, instance=item)

    rows = imports.parse_rows(hall, columns, sheet.rows, result, clean)
    if not result.ok:
        return result
    with transaction.atomic():
        for _number, data in rows:
            item = existing.get(data["name"]) or PriceItem(hall=hall)
            if item.pk is None:
                result.created += 1
            elif any(getattr(item, k) != v for k, v in data.items()):
                result.updated += 1
            else:
                result.unchanged += 1
                continue
            for name, value in data.items():
                setattr(item, name, value)
            item.save()
        record_event(
            target=hall,
            hall=hall,
            actor=user,
            verb="budget_prices.imported",
            data={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    return result
