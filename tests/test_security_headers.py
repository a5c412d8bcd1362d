"""Security headers and the rules that keep the Content-Security-Policy strict.

Pages carry a strict CSP (nonces for the few inline scripts and style blocks, no eval, no inline handlers),
a Permissions-Policy and the other headers; no template or script of ours needs more than that policy
allows; the production settings pass ``check --deploy``; user text reaches reportlab and SVG escaped.
"""

from __future__ import annotations

import base64
import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.core.pdf_markup import esc
from hallkeeper.settings.base import PACKAGE_DIR

from .injection_data import SECRET_SIZE, secret_picture

PAGE_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.DOTALL)


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.mark.django_db
def test_pages_carry_a_strict_policy_with_a_nonce_on_every_inline_script(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(reverse("plan_create", kwargs={"hall": alpha.hall.code}))
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    nonce = next(s for s in policy["script-src"] if s.startswith("'nonce-"))[7:-1]
    assert len(nonce) >= 16
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]  # attributes only; see docs/architecture.md
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert not any("unsafe-eval" in s for sources in policy.values() for s in sources)
    html = response.content.decode()
    inline = [attrs for attrs in PAGE_SCRIPT.findall(html) if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "the page has an inline script to check"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
    # htmx evaluates nothing and injects no style element.
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html


@pytest.mark.django_db
def test_every_response_carries_the_other_security_headers(client, alpha):
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    assert features["geolocation"] == "()" and features["microphone"] == "()" and features["camera"] == "(self)"
    assert features["fullscreen"] == "(self)"  # the big screen's button, our own pages only
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    client.get(reverse("login"))
    assert client.cookies["csrftoken"]["httponly"] is True


def _templates() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/templates/**/*.html"))


def test_no_template_has_inline_handlers_or_scripts_and_styles_without_nonce():
    problems = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE_DIR)
        problems += [f"{name}: inline handler {m}=" for m in HANDLER.findall(text)]
        for attrs in PAGE_SCRIPT.findall(text):
            if "src=" not in attrs and "nonce=" not in attrs:
                problems.append(f"{name}: <script> without a nonce")
        problems += [f"{name}: <style> without a nonce" for a in STYLE_BLOCK.findall(text) if "nonce=" not in a]
        for pattern in ("javascript:", "hx-on", "js:", "|safe }}{{", "autoescape off"):
            if pattern in text:
                problems.append(f"{name}: {pattern}")
    assert len(_templates()) > 50
    assert not problems, "\n".join(problems)


def test_our_scripts_build_no_html_from_strings_and_evaluate_nothing():
    scripts = [p for p in PACKAGE_DIR.glob("**/static/**/*.js") if "dist" not in p.parts]
    assert scripts
    forbidden = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function")
    found = [f"{p.name}: {m}" for p in scripts for m in forbidden.findall(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_production_settings_pass_the_deployment_check(tmp_path):
    """``check --deploy`` under production settings reports nothing, not even a warning."""
    # Nothing of the test run leaks in (the browser tests allow async-unsafe database access, for one).
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    env = keep | {
        "HALLKEEPER_ENV": "prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hall.example.cn",
        "HALLKEEPER_FIELD_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "HALLKEEPER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hallkeeper.settings",
    }
    command = [sys.executable, "-m", "hallkeeper", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
    # Behind a proxy that redirects to HTTPS itself, the application's redirect can be switched off.
    result = subprocess.run(command, env=env | {"SECURE_SSL_REDIRECT": "off"}, capture_output=True, text=True)
    assert result.returncode == 0 and "1 silenced" in result.stdout, result.stdout + result.stderr


def test_reportlab_text_is_escaped_and_names_no_file(tmp_path):
    """One helper turns user text into Paragraph markup: markup shows literally, a file path is never read."""
    from pypdf import PdfReader
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    picture = secret_picture(tmp_path)
    hostile = f'<img src="{picture}" width="40" height="40"/> <b>&amp; "quoted" \'x\'</b>\nline two'
    assert esc(hostile).count("<") == 1 and esc(hostile).endswith("line two")  # only the line break is markup
    assert esc(None) == "" and esc(0) == ""
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph(esc(hostile), ParagraphStyle("p"))])
    reader = PdfReader(io.BytesIO(out.getvalue()))
    printed = reader.pages[0].extract_text()
    assert f'<img src="{picture}"' in printed.replace("\n", "")  # a long path wraps onto the next line
    resources = reader.pages[0].get("/Resources") or {}
    sizes = [(x.get_object()["/Width"], x.get_object()["/Height"]) for x in resources.get("/XObject", {}).values()]
    assert SECRET_SIZE not in sizes


def test_layout_diagram_escapes_names_in_attributes_and_text():
    import xml.etree.ElementTree as ET

    from hallkeeper.standards.layouts import SlotBox, layout_svg

    name = '"><script>alert(1)</script><x a="'
    slot = SlotBox(item='<img src=x onerror=alert(1)>"', x=0, y=0, width=100, depth=50, quantity=1, colour="#ffffff")
    svg = layout_svg(name, 400, 200, [slot])
    root = ET.fromstring(svg)
    assert root.get("aria-label") == name
    assert not [el for el in root.iter() if el.tag.endswith(("script", "img"))]
    assert '<img src=x onerror=alert(1)>"' in "".join(root.itertext())
