"""Time building the handbook's documents (PDF and Word) of a full handbook, uncached.

``python -m bench.handbook`` sets Django up like ``python -m bench`` (a fresh SQLite file in
``var/bench/`` unless ``DATABASE_URL`` is set), installs the default handbook in a new hall (or a
synthetic handbook of the same size when the default content is missing), gives the first rules a
reference photo and a counter-example, and prints the p50 of a few builds of each document, with
its size and page count. Nothing is served from the document store or the picture cache: every
run builds from the database and the picture files.

Only the standard library is imported at module level: Django is configured first.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO

DEFAULT_RUNS = 3
CONTENT_MODULE = "hallkeeper.standards.content.handbook"
DEFAULT_PICTURED_RULES = 10  # rules given two pictures each (a realistic first handbook has few)
REQUIREMENT = (
    "窗口台面只允许摆放评价器、暂停服务牌、便民笔和告知单架，并放在定置图标明的位置；"
    "除此之外的物品不得放上台面，资料平整无卷角。"
)


@dataclass
class DocumentTiming:
    name: str
    times_s: list[float]
    size: int
    pages: int | None

    @property
    def p50(self) -> float:
        return statistics.median(self.times_s)


def synthetic_handbook() -> tuple[dict, list[dict], list[dict]]:
    """About 90 rules in 4 parts, 4 layouts and a quantity table, as ``defaults.fill_version`` takes them."""
    methods = ("look", "photo", "count", "spot", "ledger", "system")
    clauses = ("5.1", "5.2", "5.3", "6.1", "6.2", "7.2", "8.1", "8.2", "9.1", "9.2", "10.1", "10.2", "11", "4")
    parts = []
    n = 0
    for p in range(1, 5):
        sections = []
        for s in range(1, 6):
            rules = []
            for r in range(1, 5 + (p + s) % 2):
                n += 1
                rules.append(
                    {
                        "key": f"rule-{p}-{s}-{r}",
                        "code": f"{p}.{s}.{r}",
                        "title": f"第{n}条现场管理细则",
                        "requirement": REQUIREMENT,
                        "check_method": methods[n % len(methods)],
                        "deduction": "0.5" if n % 3 else "1",
                        "cap": None if n % 4 == 0 else "2",
                        "severity": "veto" if n % 29 == 0 else ("major" if n % 5 == 0 else "minor"),
                        "area_kinds": ["window_service"],
                        "position_kinds": ["desk"] if n % 2 else [],
                        "clauses": [clauses[n % len(clauses)]],
                        "example": "台面按定置图摆放，物品齐全、整洁。",
                        "counter_example": "台面上放着水杯和手机，评价器被材料挡住。",
                    }
                )
            sections.append({"code": f"{p}.{s}", "title": f"第{s}节", "rules": rules})
        parts.append({"code": str(p), "title": f"第{p}部分", "intro": "本部分的总体要求。", "sections": sections})
    handbook = {"title": "政务服务大厅现场管理标准化手册", "preface": "基准测试用的手册。", "parts": parts}
    layouts = [
        {
            "position_kind": kind,
            "name": f"{name}定置图",
            "width": 1400,
            "depth": 700,
            "slots": [
                {"item": f"物品{i}", "x": 50 + (i % 4) * 330, "y": 50 + (i // 4) * 300, "width": 280, "depth": 250}
                for i in range(8)
            ],
        }
        for kind, name in (("desk", "办公桌面"), ("counter", "窗口台面"), ("drawer", "抽屉"), ("cabinet", "文件柜"))
    ]
    quantities = [
        {"item": f"物品{i}", "position_kind": kind, "quantity": 1 + i % 3, "unit": "个"}
        for kind in ("desk", "counter", "drawer", "cabinet")
        for i in range(10)
    ]
    return handbook, layouts, quantities


def install_handbook(hall):
    """The default handbook, published; the synthetic one in its place when the default content is missing."""
    source = "default content"
    try:
        import hallkeeper.standards.content.handbook  # noqa: F401
    except ImportError:
        # ``defaults`` reads its data from this module: give it the synthetic handbook instead.
        handbook, layouts, quantities = synthetic_handbook()
        module = types.ModuleType(CONTENT_MODULE)
        module.HANDBOOK, module.LAYOUTS, module.QUANTITY_STANDARDS = handbook, layouts, quantities
        sys.modules[CONTENT_MODULE] = module
        sys.modules.pop("hallkeeper.standards.defaults", None)
        source = "synthetic content"
    from hallkeeper.standards.defaults import install_default_handbook

    return install_default_handbook(hall), source


def photo(seed: int, size=(2000, 1500)) -> bytes:
    """A photo-like JPEG (noise, so it compresses like a photo) at the upload limit of 2,000 px."""
    from PIL import Image, ImageFilter

    image = Image.effect_noise(size, 40 + seed % 20).convert("RGB").filter(ImageFilter.GaussianBlur(1.5))
    out = BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def add_pictures(version, rules: int) -> int:
    from django.core.files.base import ContentFile

    from hallkeeper.standards.choices import ImageKind
    from hallkeeper.standards.models import RuleImage

    count = 0
    for i, rule in enumerate(version.rules.order_by("section__part__order", "section__order", "order")[:rules]):
        for kind in (ImageKind.REFERENCE, ImageKind.COUNTER):
            RuleImage.objects.create(
                rule=rule, kind=kind, caption=f"{rule.title}示例", image=ContentFile(photo(i), f"{kind}-{i}.jpg")
            )
            count += 1
    return count


def time_document(name: str, build: Callable[[], bytes], runs: int, pages: Callable[[bytes], int | None]):
    from django.core.cache import cache

    times, content = [], b""
    for _ in range(runs):
        cache.clear()  # the scaled pictures are cached: every run starts from the picture files
        started = time.perf_counter()
        content = build()
        times.append(time.perf_counter() - started)
    return DocumentTiming(name, times, len(content), pages(content))


def _pdf_pages(content: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page\b(?!s)", content)) or None
    return len(PdfReader(BytesIO(content)).pages)


def bench_handbook_documents(
    *, runs: int = DEFAULT_RUNS, pictured_rules: int = DEFAULT_PICTURED_RULES, log: Callable[[str], None] = print
) -> list[DocumentTiming]:
    """Build the full handbook's PDF and Word document ``runs`` times each; print and return p50, size, pages.

    Needs Django set up and migrated (``bench.run.configure``). Writes a hall with its handbook to the
    database, and the pictures to a temporary MEDIA_ROOT.
    """
    from django.test import override_settings

    from hallkeeper.core.fonts import cjk_font
    from hallkeeper.halls.models import Hall
    from hallkeeper.standards.documents.docx import handbook_docx
    from hallkeeper.standards.documents.pdf import handbook_pdf

    with tempfile.TemporaryDirectory(prefix="hallkeeper-bench-media-") as media, override_settings(MEDIA_ROOT=media):
        code = f"bench-handbook-{int(time.time())}"
        hall = Hall.objects.create(code=code, name="基准测试政务服务中心", organization="基准测试市行政审批局")
        version, source = install_handbook(hall)
        pictures = add_pictures(version, pictured_rules)
        font = cjk_font()
        log(
            f"\nHandbook documents ({source}: {version.rules.count()} rules, {version.layouts.count()} layouts, "
            f"{pictures} pictures of 2000 × 1500 px; PDF font {font.name}{' embedded' if font.embedded else ''}; "
            f"p50 of {runs} uncached builds)"
        )
        results = [
            time_document("handbook.pdf", lambda: handbook_pdf(version), runs, _pdf_pages),
            time_document("handbook.docx", lambda: handbook_docx(version), runs, lambda _content: None),
        ]
    for r in results:
        pages = f", {r.pages} pages" if r.pages else ""
        log(
            f"  {r.name:<14} p50 {r.p50:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in r.times_s)})  "
            f"{r.size / 1024:8.0f} KiB{pages}"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handbook", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="builds of each document (default %(default)s)")
    parser.add_argument(
        "--pictured-rules",
        type=int,
        default=DEFAULT_PICTURED_RULES,
        help="rules given a reference photo and a counter-example (default %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.pictured_rules < 0:
        parser.error("--runs must be at least 1 and --pictured-rules at least 0")
    from bench.run import BenchError, configure

    try:
        configure()
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    bench_handbook_documents(runs=args.runs, pictured_rules=args.pictured_rules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
