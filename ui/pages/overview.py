"""Overview: facts about the vault file itself, and what PHR does (and never does) with it."""

from __future__ import annotations

import time
from calendar import timegm

from phr.progress import CancelToken, Progress
from phr.vault import VaultInfo, info
from ui.pages.base import Page
from ui.qt import QFormLayout, QLabel, Qt, QWidget
from ui.session import Session
from ui.style import SPACING, heading, note_label

PRIVACY = (
    "Everything you keep in PHR lives in this one encrypted file, on this computer. "
    "PHR never connects to the internet and sends nothing anywhere. The file can only be "
    "opened with your passphrase, and nobody, including the makers of PHR, can recover it "
    "if the passphrase is lost. Data leaves the vault only when you export it yourself."
)

# (vault table, label shown to the person)
COUNTED = (
    ("genomes", "Genomes imported"),
    ("medications", "Medicines listed"),
    ("log_entries", "Log entries"),
)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def local_date(iso_utc: str | None) -> str:
    """The vault stores UTC (`2024-05-01T09:30:00Z`); people read their local time."""
    if not iso_utc:
        return "unknown"
    try:
        seconds = timegm(time.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return iso_utc
    return time.strftime("%d %B %Y, %H:%M", time.localtime(seconds))


class OverviewPage(Page):
    title = "Overview"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.facts: dict[str, QLabel] = {}
        self.demo_banner = note_label(
            "This is the demo vault: everything in it is made up. It is replaced each time "
            "you open the demo.",
            "warning",
            self,
        )
        self.demo_banner.hide()
        self.body.addWidget(self.demo_banner)
        form = QFormLayout()
        form.setHorizontalSpacing(SPACING * 2)
        form.setVerticalSpacing(SPACING // 2)
        rows = [
            ("path", "Vault file"),
            ("size", "File size"),
            ("created", "Created"),
            ("schema", "Format version"),
            *COUNTED,
        ]
        for key, label in rows:
            value = QLabel("…", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.facts[key] = value
            form.addRow(label + ":", value)
        self.body.addLayout(form)
        self.body.addSpacing(SPACING)
        self.body.addWidget(heading("Your privacy", self, scale=1.15))
        self.body.addWidget(note_label(PRIVACY, "hint", self))
        self.body.addStretch(1)

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> tuple[VaultInfo, bool]:
            vault = self.session.vault
            return info(vault), vault.get_setting("demo") == "1"

        self.op(load).success(lambda loaded: self.show_info(*loaded)).run()

    def show_info(self, facts: VaultInfo, is_demo: bool = False) -> None:
        self.demo_banner.setVisible(is_demo)
        self.facts["path"].setText(facts.path)
        self.facts["size"].setText(human_size(facts.file_size))
        self.facts["created"].setText(local_date(facts.created_at))
        self.facts["schema"].setText(str(facts.schema_version))
        for table, _ in COUNTED:
            self.facts[table].setText(str(facts.counts.get(table, 0)))

    def clear(self) -> None:
        self.demo_banner.hide()
        for label in self.facts.values():
            label.setText("…")
