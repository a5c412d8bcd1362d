"""A group robot for tests: an HTTPS server on 127.0.0.1 under the name ``robot.test``, with its own certificate
authority, that records what it is sent and answers like WeCom and DingTalk do.

The product refuses loopback addresses for robots; the ``robot`` fixture lets ``robot.test`` (and only that
name) resolve to 127.0.0.1, allowlists it with its port and trusts its authority. Everything else — https,
the allowlist, the certificate check for the name, the connection to the checked address — runs for real.
"""

from __future__ import annotations

import datetime
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "robot.test"


def _certificates(folder) -> tuple[str, str, str]:
    """(CA file, certificate file, key file) for ``HOST``."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Hallkeeper test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = (folder / "ca.pem", folder / "robot.pem", folder / "robot.key")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return tuple(str(p) for p in paths)


class Robot:
    def __init__(self, folder):
        self.requests: list[dict] = []
        self.answer = {"errcode": 0, "errmsg": "ok"}
        self.status = 200
        self.ca_file, cert_file, key_file = _certificates(folder)
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                robot.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body.decode("utf-8"))}
                )
                data = json.dumps(robot.answer).encode()
                self.send_response(robot.status)
                if robot.status in (301, 302, 307, 308):
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_port

    def url(self, query: str = "key=abc") -> str:
        return f"https://{HOST}:{self.port}/send?{query}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def let_robot_test_resolve_to_loopback(monkeypatch) -> None:
    """``robot.test`` resolves to 127.0.0.1 (the test's stand-in for a public robot host); nothing else changes."""
    from hallkeeper.notifications import outbound

    real = outbound.resolve_public
    monkeypatch.setattr(
        outbound, "resolve_public", lambda host, port: "127.0.0.1" if host == HOST else real(host, port)
    )


@pytest.fixture
def robot(settings, monkeypatch, tmp_path_factory):
    server = Robot(tmp_path_factory.mktemp("robot"))
    dead = free_port()
    settings.HALLKEEPER_WEBHOOK_HOSTS = [f"{HOST}:{server.port}", f"{HOST}:{dead}"]
    settings.HALLKEEPER_WEBHOOK_CA_FILE = server.ca_file
    server.dead_url = f"https://{HOST}:{dead}/send?key=gone"  # allowlisted, resolves, nothing listens
    let_robot_test_resolve_to_loopback(monkeypatch)
    yield server
    server.close()
