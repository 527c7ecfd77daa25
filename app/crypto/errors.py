"""Typed rejections of outside data, all under `EnvelopeRejected` (a `DataFault`).

    EnvelopeRejected            (app.domain.errors)
    ├── Malformed               not canonical or not allowed: parse, version, suite, type, padding
    │   └── DecodeError         the strict codec gave up (reason "parse", `detail` says why)
    ├── BadSignature            signature or author binding failed
    ├── Undecryptable           key commitment or AEAD failed, or no key for it
    ├── ChainInvalid            a team chain link failed validation (crypto.md §3.5)
    └── KeystoreRejected        the fallback key file failed parsing, policy or decryption

Reasons and details are fixed short codes: never key material, plaintext or peer-chosen text.
"""

from __future__ import annotations

from app.domain.errors import EnvelopeRejected


class Malformed(EnvelopeRejected):
    """Bytes that are not in canonical form or carry a value this version refuses."""

    code = "malformed"


class DecodeError(Malformed):
    """The strict codec rejected its input: short, over-long, trailing bytes, bad UTF-8 …"""

    def __init__(self, detail: str) -> None:
        super().__init__("parse")
        self.detail = detail
        """What went wrong, e.g. "short", "length", "trailing", "utf8", "value"."""

    def __str__(self) -> str:
        return f"parse: {self.detail}"


class BadSignature(EnvelopeRejected):
    """The signature does not verify, or the key does not belong to the named author."""

    code = "bad-signature"


class Undecryptable(EnvelopeRejected):
    """The ciphertext does not open with the key we hold (or we hold none)."""

    code = "undecryptable"


class ChainInvalid(EnvelopeRejected):
    """A team chain link broke a validation rule; the team state is `chain_invalid`."""

    code = "chain-invalid"


class KeystoreRejected(EnvelopeRejected):
    """The fallback key file is damaged, too weak, or the passphrase is wrong."""

    code = "keystore-rejected"
