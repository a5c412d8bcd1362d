"""A budget to test with: a price list of the plan's organizer boxes and dividers, labels and a handbook item,
for a small hall with the tiny handbook and a service window (desk, counter, drawer) in its first zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hallkeeper.accounts.choices import Role
from hallkeeper.budget import services

PRICES = [
    {"name": "文具整理盒", "spec": "四格 300×200mm", "unit": "个", "unit_price": "18.50", "supplier": "鞍山文具商行",
     "position_kind": "drawer", "per_position": 1},
    {"name": "抽屉隔板", "spec": "可调 PP", "unit": "块", "unit_price": "4.20", "position_kind": "drawer",
     "per_position": 3},
    {"name": "暂停服务牌", "spec": "亚克力", "unit": "块", "unit_price": "35.00", "remark": "按手册样式"},
    {"name": "定位标签", "spec": "30×10mm", "unit": "张", "unit_price": "1.50", "position_kind": "desk",
     "per_position": 2},
]  # fmt: skip
#: With nothing counted: zone 1 (desk, counter, drawer) 18.50 + 3 × 4.20 + 35.00 + 2 × 1.50; zone 2 (desk) 3.00.
ZONE1_TOTAL, ZONE2_TOTAL = D("69.10"), D("3.00")
DAY = dt.date(2026, 7, 3)


def price_list(small):
    return [services.price_item_save(user=small.users[Role.ADMIN], hall=small.hall, data=dict(p)) for p in PRICES]


def survey_in(small, state: str = "draft"):
    """A survey of the small hall (the price list made first when missing) in ``state``."""
    from hallkeeper.budget.models import PriceItem

    if not PriceItem.objects.filter(hall=small.hall).exists():
        price_list(small)
    admin, lead = small.users[Role.ADMIN], small.users[Role.LEADERSHIP]
    survey = services.survey_create(user=admin, hall=small.hall, title="文具整理盒、隔板购置预算", surveyed_on=DAY)
    if state in ("submitted", "approved"):
        survey = services.survey_submit(user=admin, survey=survey)
    if state == "approved":
        survey = services.survey_approve(user=lead, survey=survey)
    return survey


def item(small, name: str):
    from hallkeeper.budget.models import PriceItem

    return PriceItem.objects.get(hall=small.hall, name=name)


def cached_survey(h, state: str = "draft"):
    """One survey per state for the permission matrix and the fuzz walk (made once per hall object)."""
    name = f"_budget_{state}"
    if not hasattr(h, name):
        setattr(h, name, survey_in(h, state))
    return getattr(h, name)


def cached_purchase(h):
    """A purchase with its invoice photo on the approved survey."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from hallkeeper.core.uploads import validate_image

    if not hasattr(h, "_budget_purchase"):
        survey = cached_survey(h, "approved")
        out = io.BytesIO()
        Image.new("RGB", (40, 30), "white").save(out, "PNG")
        photo = validate_image(ContentFile(out.getvalue(), name="invoice.png"))
        h._budget_purchase = services.purchase_record(
            user=h.users[Role.ADMIN], survey=survey, item=item(h, "定位标签"), quantity=2, amount="3.00",
            bought_on=DAY, evidence=photo,
        )  # fmt: skip
    return h._budget_purchase
