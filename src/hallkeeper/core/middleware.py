"""Request context for the event log: the client address of the request being served."""

from __future__ import annotations

import ipaddress

from .events import current_address


def client_address(request) -> str | None:
    """``REMOTE_ADDR`` (behind the reverse proxy of docs/deploy.md it is the proxy's view of the client)."""
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
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
