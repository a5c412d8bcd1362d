"""Request context for the event log: the client address of the request being served."""

from __future__ import annotations

import ipaddress

from django.conf import settings

from .events import current_address


def client_address(request) -> str | None:
    """The client's IP address: ``REMOTE_ADDR``, or behind ``HALLKEEPER_PROXY_COUNT`` proxies the address the
    nearest trusted proxy appended to ``X-Forwarded-For`` (the entries before it can be forged by the client).
    A forwarded entry that is not an IP address (a misconfigured proxy) falls back to ``REMOTE_ADDR``; ``None``
    when neither is one. The audit trail and the login lockout both read it."""
    candidates = []
    proxies = settings.HALLKEEPER_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            candidates.append(hops[-min(proxies, len(hops))])
    candidates.append(request.META.get("REMOTE_ADDR") or "")
    for address in candidates:
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            continue
    return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)
