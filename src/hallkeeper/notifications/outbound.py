"""Where a robot message may go, and posting it there without being steered elsewhere.

A webhook address is accepted only when

* its scheme is ``https`` and it carries no user name or password;
* its host is on ``settings.HALLKEEPER_WEBHOOK_HOSTS`` (WeCom's and DingTalk's by default; an entry
  ``host`` allows port 443, ``host:port`` that port) and is a name, never an IP address in any spelling;
* every address the host resolves to is a public one (not private, loopback, link-local, reserved,
  multicast or unspecified — IPv4-mapped IPv6 addresses are judged by their IPv4 address).

The message is then sent to the address that was checked (the TLS certificate is still verified for the
host name), so a DNS answer that changes between the check and the connection cannot redirect it; a
redirect in the answer is never followed. Why an address is refused or a delivery failed goes to the
server log only: whoever tests a robot learns nothing about the network.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.parse
from dataclasses import dataclass

from django.conf import settings

HTTPS_PORT = 443


class WebhookRefused(Exception):
    """The address may not be used; the message (for the log) says why."""


@dataclass(frozen=True)
class Destination:
    host: str
    port: int
    target: str  # path and query, as sent in the request line


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def allowed_destinations() -> set[tuple[str, int]]:
    """The configured (host, port) pairs robots may be reached at."""
    allowed = set()
    for entry in getattr(settings, "HALLKEEPER_WEBHOOK_HOSTS", ()):
        entry = entry.strip().lower()
        host, sep, port = entry.rpartition(":")
        if not sep or not port.isdigit():
            host, port = entry, str(HTTPS_PORT)
        allowed.add((host, int(port)))
    return allowed


def _is_ip_literal(host: str) -> bool:
    """Is ``host`` an IP address in any spelling the resolver would accept (``2130706433``, ``0x7f.1``, ``[::1]``)?"""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    try:
        socket.inet_aton(host)  # the permissive BSD parser: decimal, octal, hex and short forms
        return True
    except OSError:
        return False


def check_destination(url: str) -> Destination:
    """The destination of ``url`` if it is https and allowlisted (no DNS lookup); ``WebhookRefused`` otherwise."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port or HTTPS_PORT
    except ValueError as error:
        raise WebhookRefused(f"unparsable address: {error}") from None
    if parts.scheme.lower() != "https":
        raise WebhookRefused(f"scheme {parts.scheme!r} is not https")
    if parts.username is not None or parts.password is not None:
        raise WebhookRefused("credentials in the address")
    host = (parts.hostname or "").rstrip(".")
    if not host or _is_ip_literal(host):
        raise WebhookRefused(f"host {host!r} is not a name")
    if (host, port) not in allowed_destinations():
        raise WebhookRefused(f"{host}:{port} is not on HALLKEEPER_WEBHOOK_HOSTS")
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return Destination(host=host, port=port, target=target)


def is_public(address: str) -> bool:
    """Is an IP address one a robot may live at (globally routable, nothing special about it)?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None or ip.teredo is not None or ip.is_site_local:
            return False
    special = (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )
    return ip.is_global and not special


def resolve_public(host: str, port: int) -> str:
    """The address to connect to: ``host`` is resolved and *every* address must be public; the first is used."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise WebhookRefused(f"{host} does not resolve: {error}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise WebhookRefused(f"{host} has no address")
    for address in addresses:
        if not is_public(address):
            raise WebhookRefused(f"{host} resolves to the non-public address {address}")
    return addresses[0]


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to ``host`` (SNI, certificate and Host header) over a socket to the already checked ``address``."""

    def __init__(self, host: str, port: int, address: str, *, timeout: float, context: ssl.SSLContext):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def tls_context() -> ssl.SSLContext:
    ca_file = getattr(settings, "HALLKEEPER_WEBHOOK_CA_FILE", "") or None
    return ssl.create_default_context(cafile=ca_file)


def post_json(url: str, body: bytes, *, timeout: float, max_bytes: int) -> Answer:
    """POST ``body`` (JSON) to ``url`` after the checks above; redirects are answers, never followed.

    Raises ``WebhookRefused`` for a refused address and ``OSError`` (or ``http.client.HTTPException``) when
    the robot cannot be reached."""
    destination = check_destination(url)
    address = resolve_public(destination.host, destination.port)
    connection = PinnedHTTPSConnection(
        destination.host, destination.port, address, timeout=timeout, context=tls_context()
    )
    try:
        connection.request(
            "POST",
            destination.target,
            body=body,
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "Hallkeeper"},
        )
        response = connection.getresponse()
        return Answer(status=response.status, body=response.read(max_bytes))
    finally:
        connection.close()
