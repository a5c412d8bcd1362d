"""Template helpers: Bootstrap classes on form widgets, and little display aids."""

from django import forms, template

register = template.Library()


@register.filter
def bs(field, size: str = "sm"):
    """Render a bound field's widget with Bootstrap's form classes."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = f"form-select form-select-{size}" if size else "form-select"
    else:
        css = f"form-control form-control-{size}" if size else "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: the value under ``key`` of a dict the view passed, or nothing."""
    return (mapping or {}).get(key)
