"""The clauses of GB/T 36112-2018 that handbook rules serve (clauses 4–11 and both annexes).

Clause headings only: the standard's text is not reproduced here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    code: str
    title: str

    @property
    def parent(self) -> str | None:
        return self.code.split(".")[0] if "." in self.code else None

    @property
    def is_leaf(self) -> bool:
        return not any(c.code.startswith(self.code + ".") for c in CLAUSES)

    @property
    def label(self) -> str:
        return self.title if self.code in {"A", "B"} else f"{self.code} {self.title}"


CLAUSES: tuple[Clause, ...] = (
    Clause("4", "管理主体和职责"),
    Clause("5", "人员服务管理"),
    Clause("5.1", "仪容仪表"),
    Clause("5.2", "举止行为"),
    Clause("5.3", "服务用语"),
    Clause("6", "空间管理"),
    Clause("6.1", "划分要求"),
    Clause("6.2", "管理要求"),
    Clause("7", "秩序管理"),
    Clause("7.1", "管理内容"),
    Clause("7.2", "管理要求"),
    Clause("8", "物品管理"),
    Clause("8.1", "管理内容"),
    Clause("8.2", "管理要求"),
    Clause("9", "设施设备管理"),
    Clause("9.1", "管理内容"),
    Clause("9.2", "管理要求"),
    Clause("10", "文档管理"),
    Clause("10.1", "管理内容"),
    Clause("10.2", "管理要求"),
    Clause("11", "监督考核"),
    Clause("A", "附录A 空间平面示意图"),
    Clause("B", "附录B 办公物品存放数量表"),
)
CLAUSE_CODES = frozenset(c.code for c in CLAUSES)
CLAUSE_BY_CODE = {c.code: c for c in CLAUSES}
#: Clauses a handbook must serve: every leaf (a parent is served through its sub-clauses).
LEAF_CLAUSES = tuple(c for c in CLAUSES if c.is_leaf)


def clause_label(code: str) -> str:
    clause = CLAUSE_BY_CODE.get(code)
    return clause.label if clause else code
