"""The desk's Qt user interface.

The ONLY package that imports PySide6, shiboken6 and qasync. It may import `app.services.api`
(the `DeskApi` Protocol, its only dependency on the layers below) and `app.domain`. It never
imports a service implementation: `app.main` builds those and hands them to `ui.app.run_desks`.
"""
