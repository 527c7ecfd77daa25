"""End-to-end cryptography: keys, envelopes, the team chain and the keystore format.

PURE over bytes (crypto.md §3): imports only the standard library's pure modules, `cryptography`
and `app.domain`. No files, clocks, keyring, network, threads or Qt; randomness is injected as an
`Rng` (`os.urandom` by default) and times are passed in as integers. Failures on data from outside
raise subclasses of `app.domain.errors.EnvelopeRejected` with short reason codes (`errors.py`).
"""
