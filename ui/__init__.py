"""PHR desktop app (PySide6). Imports `phr`; `phr` never imports this.

Map: `ui.qt` (the only Qt import), `ui.ops` (`Op`, the one vault worker thread),
`ui.session` (`Session`: the open vault, `vault_changed`), `ui.pages` (`PAGES` registry and
the `Page` base class), `ui.welcome`, `ui.main_window`, `ui.idle`, `ui.app` (`phr-desktop`).
"""
