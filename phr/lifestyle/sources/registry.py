"""The wearable sources PHR reads, and finding the one a picked file, zip or folder holds.

Each source says, from a member's first bytes, what that member holds for it (never from the
picked file's own name). The source that recognises the most members wins; a file no source
recognises is left to the CSV and Apple Health readers. Sniffing reads at most
`SNIFF_MEMBERS` heads of a few kB, so a folder of thousands of files or a 2 GB Apple Health zip
costs milliseconds here.
"""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from phr.errors import MalformedFile, UnsupportedFile
from phr.input_file import refuse_special
from phr.lifestyle.entries import EntryRow
from phr.lifestyle.sources.base import Container, Member, SourceStats, WearableSource
from phr.lifestyle.sources.fitbit import Fitbit
from phr.lifestyle.sources.garmin import Garmin
from phr.lifestyle.sources.withings import Withings
from phr.progress import CancelToken, Progress

SOURCES: tuple[WearableSource, ...] = (Fitbit(), Garmin(), Withings())
SNIFF_MEMBERS = 2_000


class Found:
    """A recognised source with the kind of each member it will read."""

    def __init__(self, source: WearableSource, container: Container, kinds: dict[Member, str]):
        self.source, self.container, self.kinds = source, container, kinds

    def rows(
        self, stats: SourceStats, progress: Progress, cancel: CancelToken | None
    ) -> Iterator[EntryRow]:
        return self.source.rows(self.container, self.kinds, stats, progress, cancel)


def detect(path: Path) -> Found | None:
    """The source this file, zip or folder comes from, or None (not a wearable export).

    The caller closes `found.container`. A folder nothing recognises is refused here, since
    the other readers take files only."""
    try:
        container = Container(path)
    except OSError as exc:
        raise UnsupportedFile(f"Cannot read {path.name}: {exc.strerror}.") from None
    try:
        found = _classify(container)
    except BaseException:
        container.close()
        raise
    if found is None:
        container.close()
        if path.is_dir():  # the other readers take files only: the shared folder message
            refuse_special(path.name, stat.S_IFDIR)
    return found


def _classify(container: Container) -> Found | None:
    kinds: dict[str, dict[Member, str]] = {s.name: {} for s in SOURCES}
    looked = 0
    refused: MalformedFile | UnsupportedFile | None = None  # the first member we could not open
    for member in container.members:
        if member.size == 0:
            continue
        if looked >= SNIFF_MEMBERS and not any(kinds.values()):
            break
        looked += 1
        try:
            head = container.head(member)
        except (MalformedFile, UnsupportedFile) as exc:
            refused = refused or exc
            continue  # a member PHR cannot open is judged when (if) it is read
        for source in SOURCES:
            kind = source.member_kind(member, head)
            if kind is not None:
                kinds[source.name][member] = kind
    useful = Counter(
        {
            name: sum(1 for k in found.values() if k not in ("series", "nested", "profile"))
            for name, found in kinds.items()
        }
    )
    if not useful or useful.most_common(1)[0][1] == 0:
        if refused and not any(m.base.endswith(".xml") for m in container.members):
            # Encrypted or exotic members in a zip that is no Apple Health export either:
            # say what stopped PHR rather than "nothing recognised".
            raise refused
        return None  # the Apple Health reader gives its own message for its zip
    best = useful.most_common(1)[0][0]
    source = next(s for s in SOURCES if s.name == best)
    return Found(source, container, kinds[best])
