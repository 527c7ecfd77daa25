"""Desktop notifications of a desk: the tray icon with its unread badge, notification banners
(or an in-window toast where the desktop has no tray), and the do-not-disturb switch.

Who is told about what is decided in `app.domain.notify`; this package only presents it.
"""
