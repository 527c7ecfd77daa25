"""OS adapters: the keychain (`keychain`, `devicekey`) and the profile's place on disk (`paths`).

May import `app.domain` and `app.crypto`, plus keyring; never Qt, store, sync or services.
`main` builds these and injects them behind Protocols (`keychain.SecretStore`).
"""
