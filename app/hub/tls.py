"""TLS for a hub that listens beyond loopback (team-setup.md §4), and pinning for its clients.

The hub uses the operator's certificate (``--tls-cert/--tls-key``) or makes a self-signed one in
its data directory on first start; people compare and desks pin the SHA-256 of its DER encoding.
:func:`pinned_context` checks that fingerprint inside the TLS handshake itself (no chain or
hostname checks: the pin is the trust), so reconnects are checked as well.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import ssl
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.hub.files import write_atomic

__all__ = [
    "PinMismatch",
    "cert_fingerprint",
    "display_fingerprint",
    "ensure_self_signed",
    "pinned_context",
]

_VALID_DAYS = 3650


class PinMismatch(ssl.SSLCertVerificationError):
    """The hub's certificate does not match the pinned fingerprint."""


def cert_fingerprint(cert_pem: Path) -> bytes:
    """SHA-256 of the (first) certificate's DER encoding in a PEM file."""
    cert = x509.load_pem_x509_certificate(cert_pem.read_bytes())
    return cert.fingerprint(hashes.SHA256())


def display_fingerprint(fingerprint: bytes) -> str:
    """The form people compare: colon-separated upper-case hex pairs."""
    return ":".join(f"{b:02X}" for b in fingerprint)


def ensure_self_signed(directory: Path, host: str) -> tuple[Path, Path]:
    """The hub's self-signed certificate and key in ``directory``, made on first use.

    Args:
        directory: Where ``cert.pem`` and ``key.pem`` (mode 0600) live.
        host: The interface the hub listens on; named in the certificate with loopback.

    Returns:
        ``(cert_path, key_path)``.
    """
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    try:
        names.append(x509.IPAddress(ipaddress.ip_address(host)))
    except ValueError:
        names.append(x509.DNSName(host))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "switchboard hub")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=_VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(list(dict.fromkeys(names))), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    write_atomic(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        mode=0o600,
    )
    write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def pinned_context(fingerprint: bytes) -> ssl.SSLContext:
    """A client context that accepts exactly the certificate whose SHA-256 is ``fingerprint``.

    Raises:
        ValueError: ``fingerprint`` is not 32 bytes.
    """
    if len(fingerprint) != hashlib.sha256().digest_size:
        raise ValueError("a certificate fingerprint is a 32-byte SHA-256")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False  # the pin names the server; a LAN address has no CA name
    context.verify_mode = ssl.CERT_NONE  # checked below, against the pin, in every handshake
    context.sslobject_class = _pinned_object(fingerprint)
    return context


def _pinned_object(fingerprint: bytes) -> type[ssl.SSLObject]:
    class _Pinned(ssl.SSLObject):
        # asyncio's start_tls (which nats-py uses) drives handshakes through SSLObject.
        def do_handshake(self) -> None:
            super().do_handshake()
            der: Any = self.getpeercert(binary_form=True)
            if not isinstance(der, bytes) or hashlib.sha256(der).digest() != fingerprint:
                raise PinMismatch("the hub's certificate does not match the pinned fingerprint")

    return _Pinned
