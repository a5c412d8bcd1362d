"""A small hall's organization and campaign for the campaign tests: the three work groups of the plan (a
leader and a deputy with their own duties, members sharing one), a campaign of 1 July – 31 August 2026 with the
plan's four phases."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from hallkeeper.accounts.choices import Role
from hallkeeper.campaign import services
from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.org.models import Person

from .factories import MembershipFactory, PersonFactory, UnitFactory, WorkGroupFactory

JUL1, AUG31 = dt.date(2026, 7, 1), dt.date(2026, 8, 31)


def add_groups(small) -> dict:
    """The leadership group (the leadership login's person as 组长, zone lead 1 as 副组长 with their own duty),
    the promotion group (both zone leads, one shared duty) and the supervision group (no members)."""
    hall = small.hall
    unit = UnitFactory(hall=hall, code="ZWFW", name="政务服务中心")
    leader = PersonFactory(hall=hall, user=small.users[Role.LEADERSHIP], name="边长青", code="LD01")
    lead1 = Person.objects.get(hall=hall, user=small.users["lead1"])
    lead2 = Person.objects.get(hall=hall, user=small.users["lead2"])
    lead1.unit = unit
    lead1.save()
    leadership = WorkGroupFactory(hall=hall, kind=GroupKind.LEADERSHIP, name="领导小组", duty="负责组织领导。")
    MembershipFactory(group=leadership, person=leader, role=MemberRole.LEADER, duty="负责全面组织领导、宣传发动。")
    MembershipFactory(group=leadership, person=lead1, role=MemberRole.DEPUTY, duty="负责一区的窗口推进工作。")
    promotion = WorkGroupFactory(
        hall=hall, kind=GroupKind.PROMOTION, name="推进小组", duty="完成各责任区的工作任务，汇总收集意见和建议。"
    )
    MembershipFactory(group=promotion, person=lead1)
    MembershipFactory(group=promotion, person=lead2)
    supervision = WorkGroupFactory(
        hall=hall, kind=GroupKind.SUPERVISION, name="督查考核组", duty="负责工作推进、检查评价、督促整改。"
    )
    return {
        "unit": unit,
        "leader": leader,
        "lead1": lead1,
        "lead2": lead2,
        "leadership": leadership,
        "promotion": promotion,
        "supervision": supervision,
    }


def make_campaign(small, **kwargs):
    options = {
        "title": "现场管理标准化建设",
        "starts": JUL1,
        "ends": AUG31,
        "goal": "场所整洁、管理规范、运作有序、服务高效。",
        "requirements": "统一思想，提高认识。",
        "plan_phases": True,
        **kwargs,
    }
    return services.campaign_create(user=small.users[Role.LEADERSHIP], hall=small.hall, **options)


def libreoffice_text(docx: bytes, tmp_path, name: str = "document") -> str:
    """The text of ``docx`` converted to PDF by LibreOffice (spaces removed); the test is skipped without it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    pypdf = pytest.importorskip("pypdf")
    path = tmp_path / f"{name}.docx"
    path.write_bytes(docx)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / f"{name}.pdf").pages).replace(" ", "")
