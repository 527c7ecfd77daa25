"""The desk's languages: English (the source texts) and German.

`switchboard_<lang>.ts` holds the translations (Qt Linguist XML, kept current by
`scripts/i18n-update`); the compiled `.qm` is built at install time and never committed
(`catalog.py` compiles one into the user cache when it is missing or stale). `language.py`
decides which language to speak and installs the translators at start.
"""
