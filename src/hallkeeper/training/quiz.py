"""The handbook quiz, drawn from the published handbook's rules (pure: plain data in, plain data out).

Three kinds of question, each answerable from the handbook alone:

- *which part*: the rule's title, the handbook's parts as options (the rule's own and up to three others);
- *true or false*: a rule's title with a requirement that is either its own or that of a rule from another
  section (never a near twin from the same section, so the answer is sound);
- *severity*: how a failure of the rule is counted — minor, major or veto (一票否决).

Questions are stored on the quiz as data (the rule's words, the options, the index of the right answer); their
sentences are put together when shown, in the reader's language.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hallkeeper.standards.choices import Severity

from .choices import QuestionKind

KINDS = (QuestionKind.PART, QuestionKind.STATEMENT, QuestionKind.SEVERITY)
SEVERITIES = [Severity.MINOR.value, Severity.MAJOR.value, Severity.VETO.value]
TRUE, FALSE = 0, 1


@dataclass(frozen=True)
class RuleFact:
    key: str
    code: str
    title: str
    requirement: str
    part: str
    section: str
    severity: str


def make_questions(rules: Sequence[RuleFact], count: int, seed: int) -> list[dict]:
    """``count`` questions (at most one per rule), the kinds taken in turn; the same seed gives the same quiz."""
    rng = random.Random(seed)
    parts = sorted({r.part for r in rules})
    pool = list(rules)
    rng.shuffle(pool)
    questions = []
    for rule in pool[:count]:
        kind = KINDS[len(questions) % len(KINDS)]
        if kind == QuestionKind.PART and len(parts) < 2:
            kind = QuestionKind.STATEMENT
        questions.append(_question(kind, rule, rules, parts, rng))
    return questions


def _question(kind: str, rule: RuleFact, rules: Sequence[RuleFact], parts: list[str], rng: random.Random) -> dict:
    base = {"kind": kind, "rule": rule.key, "code": rule.code, "title": rule.title}
    if kind == QuestionKind.PART:
        options = [rule.part, *rng.sample([p for p in parts if p != rule.part], min(3, len(parts) - 1))]
        rng.shuffle(options)
        return {**base, "options": options, "answer": options.index(rule.part)}
    if kind == QuestionKind.STATEMENT:
        others = [r for r in rules if r.section != rule.section and r.requirement != rule.requirement]
        if others and rng.random() < 0.5:
            return {**base, "statement": rng.choice(others).requirement, "options": [], "answer": FALSE}
        return {**base, "statement": rule.requirement, "options": [], "answer": TRUE}
    return {**base, "options": list(SEVERITIES), "answer": SEVERITIES.index(rule.severity)}


def question_text(question: dict) -> str:
    kind = question["kind"]
    if kind == QuestionKind.PART:
        return _("Which part of the handbook does the rule “%(rule)s” belong to?") % {"rule": question["title"]}
    if kind == QuestionKind.STATEMENT:
        return _("True or false: the rule “%(rule)s” requires: %(statement)s") % {
            "rule": question["title"],
            "statement": question["statement"],
        }
    return _("How is a failure of the rule “%(rule)s” counted?") % {"rule": question["title"]}


def option_labels(question: dict) -> list[str]:
    if question["kind"] == QuestionKind.STATEMENT:
        return [_("True"), _("False")]
    if question["kind"] == QuestionKind.SEVERITY:
        return [str(Severity(v).label) for v in question["options"]]
    return list(question["options"])


def score(questions: Sequence[dict], answers: Sequence[int | None]) -> tuple[int, int, int]:
    """(correct answers, questions, score out of 100 rounded half up)."""
    total = len(questions)
    correct = sum(1 for q, a in zip(questions, answers, strict=False) if a is not None and a == q["answer"])
    return correct, total, (correct * 100 * 2 + total) // (2 * total) if total else 0
