"""Services raise field-keyed refusals; views put them on their forms with one helper, never by reading codes.

The scan reads every view module (``views*.py``, the audit and settings pages, the dashboard) as Python
and fails when a view looks inside a caught exception to decide where its message goes (``error.code``,
``getattr(error, "code")``, ``error.error_dict``/``error_list``/``params``) or names a form field itself
(``form.add_error("field", …)``): the service says which field with ``core.validation.field_error`` and the
view calls ``apply_service_errors`` (or ``ServiceErrorsMixin.service_refused``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from hallkeeper.core.validation import apply_service_errors, error_fields, error_on, field_error, refusal_json

SRC = Path(__file__).resolve().parent.parent / "src" / "hallkeeper"

#: Attributes of a caught exception that tell a view which field a message belongs to.
INSIDE = {"code", "error_dict", "error_list", "params"}

#: Modules that still map codes by hand, each with why; the test fails when one no longer needs its line.
KNOWN: dict[str, str] = {}


def _view_modules() -> list[Path]:
    found = set(SRC.glob("*/views*.py")) | set((SRC / "dashboard").glob("*.py"))
    found |= {SRC / "core" / "audit_views.py", SRC / "core" / "hall_settings.py"}
    return sorted(p for p in found if p.exists())


def by_hand(source: str) -> list[tuple[int, str]]:
    """(line, what) of every place ``source`` maps a service error onto a field by hand."""
    tree = ast.parse(source)
    caught = {h.name for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.name}
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in INSIDE
            and isinstance(node.value, ast.Name)
            and node.value.id in caught
        ):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            args = node.args
            if (
                name in ("getattr", "hasattr")
                and len(args) >= 2
                and isinstance(args[1], ast.Constant)
                and args[1].value in INSIDE
            ):
                found.append((node.lineno, f"{name}(…, {args[1].value!r})"))
            elif name == "add_error" and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                found.append((node.lineno, f"add_error({args[0].value!r}, …)"))
    return sorted(found)


def test_the_scan_covers_the_views():
    names = {str(p.relative_to(SRC)) for p in _view_modules()}
    assert {"accounts/views.py", "inspections/views_capture.py", "standards/views_editor.py"} <= names
    assert {"rectification/views.py", "core/hall_settings.py", "dashboard/views.py"} <= names


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_do_not_map_service_errors_by_hand(path: Path):
    name = str(path.relative_to(SRC))
    found = by_hand(path.read_text(encoding="utf-8"))
    if name in KNOWN:
        assert found, f"{name} no longer maps codes by hand: remove it from KNOWN"
        return
    assert not found, (
        "let the service raise core.validation.field_error and pass the error to apply_service_errors:\n"
        + "\n".join(f"{name}:{line}: {what}" for line, what in found)
    )


def test_the_scan_catches_a_hand_made_mapping():
    assert by_hand(
        "try:\n    run()\nexcept ValidationError as error:\n    field = {'deadline_past': 'deadline'}.get(error.code)\n"
    ) == [(4, "error.code")]
    assert by_hand(
        "try:\n    run()\nexcept ValidationError as e:\n    if getattr(e, 'code', '') == 'x':\n        quit()\n"
    )
    assert by_hand("try:\n    run()\nexcept ValidationError as e:\n    for f in e.error_dict:\n        pass\n")
    assert by_hand("if not verify(code):\n    form.add_error('code', 'wrong')\n") == [(2, "add_error('code', …)")]
    assert not by_hand("try:\n    run()\nexcept ValidationError as error:\n    apply_service_errors(form, error)\n")
    assert not by_hand("form.add_error(None, 'no published handbook')\nzone.code\n")


# -- the helpers ------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField()
    note = forms.CharField(required=False)


def _form(**data) -> CodeForm:
    form = CodeForm(data={"code": "123456", **data})
    assert form.is_valid()
    return form


def test_a_field_error_names_its_field_and_keeps_code_params_and_messages():
    error = field_error("occurrences", "Between 1 and %(max)s.", "occurrences_range", params={"max": 99})

    assert error_fields(error) == {"occurrences"}
    assert error.messages == ["Between 1 and 99."]
    assert (error.code, error.params) == ("occurrences_range", {"max": 99})
    (inner,) = error.error_dict["occurrences"]
    assert (inner.code, inner.params) == ("occurrences_range", {"max": 99})


def test_error_on_answers_for_field_errors_only():
    error = field_error("status", "Submitted already.", "submitted")

    assert error_on(error, "status") and not error_on(error, "items")
    assert error_on(ValidationError("plain"), NON_FIELD_ERRORS)
    assert not error_on(PermissionDenied("no"), "status")


def test_apply_puts_each_field_on_its_field_and_the_rest_above_the_form():
    form = _form()
    error = ValidationError(
        {
            "code": [ValidationError("Wrong code.", code="invalid_code")],
            "elsewhere": [ValidationError("Not a field of this form.", code="other")],
            NON_FIELD_ERRORS: [ValidationError("Try again later.", code="later")],
        }
    )

    apply_service_errors(form, error)

    assert form.errors["code"] == ["Wrong code."]
    assert form.errors.as_data()["code"][0].code == "invalid_code"
    assert form.non_field_errors() == ["Not a field of this form.", "Try again later."]
    assert "code" not in form.cleaned_data  # the field's value is no longer taken as clean


def test_apply_puts_a_plain_error_above_the_form():
    form = _form()

    apply_service_errors(form, ValidationError(["First.", "Second."]))

    assert form.non_field_errors() == ["First.", "Second."]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_apply_shows_one_line_for_errors_the_page_lists_elsewhere():
    form = _form(note="x")
    error = ValidationError(
        {"rules": [ValidationError("1.1.1 has no check method."), ValidationError("1.1.2 has no deduction.")]}
    )

    apply_service_errors(form, error, shown_elsewhere={"rules": "See the list above."})

    assert form.non_field_errors() == ["See the list above."]


def test_a_refusal_for_a_script_carries_its_code_and_each_field_s_message():
    keyed = field_error("deadline", "The deadline cannot be in the past.", "deadline_past")
    assert refusal_json(keyed) == {
        "code": "deadline_past",
        "fields": {"deadline": "The deadline cannot be in the past."},
    }
    assert refusal_json(ValidationError("No.", code="plain")) == {"code": "plain"}
    assert refusal_json(ValidationError("No.")) == {"code": None}
