"""The bytes of an Apple Health export as the XML parser gets them: DTD blanked, stray controls out.

Two things Apple writes make a correct XML parser refuse a genuine export:

- iOS 16 exports ("HealthKit Export Version: 12") carry an internal DTD whose
  `<!ATTLIST VisionPrescription` is never closed, so every parser stops around line 15. The
  internal subset declares element and attribute lists only, nothing PHR reads, so the subset is
  overwritten with spaces before the parser sees it. Newlines are kept, so line numbers in
  messages still point at the person's file, and the byte count does not change.
- Some iOS 16 exports have raw control characters (U+000B vertical tab, seen in device and
  metadata strings) inside attribute values, which XML 1.0 forbids anywhere. They are dropped
  while streaming and counted, so the import can say so. NUL is not dropped: a NUL means a
  UTF-16 file or a damaged one, and the parser refuses it.

Blanking the subset must not weaken the defences it sits beside, so the prolog (everything
before `<HealthData`, at most `MAX_PROLOG_BYTES`) is checked first: any `<!ENTITY` declaration,
and a DOCTYPE naming an external DTD (SYSTEM or PUBLIC), are refused with a message. Apple never
writes either; the parser behind this also forbids entities and never fetches anything.
"""

from __future__ import annotations

import re
from typing import Protocol

from phr.archives import describe_size
from phr.errors import MalformedFile

MAX_PROLOG_BYTES = 1024 * 1024  # Apple's DTD is ~6 kB; the root follows it
# C0 controls XML 1.0 forbids, except NUL (left for the parser to refuse), tab, LF and CR.
STRAY_CONTROLS = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_ROOT = re.compile(rb"<HealthData[\s>/]")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+[^\[>]*")
_EXTERNAL_ID = re.compile(rb"\s(SYSTEM|PUBLIC)[\s\"']")
_NOT_NEWLINE = re.compile(rb"[^\r\n]")
_SUBSET_END = re.compile(rb"\]\s*>")


class ByteSource(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _blanked(text: bytes) -> bytes:
    """`text` with every byte but CR and LF turned into a space (line numbers survive)."""
    return _NOT_NEWLINE.sub(b" ", text)


class CleanExport:
    """Wraps the raw export: the first read returns the checked, blanked prolog.

    `dropped` counts the control characters left out so far.
    """

    def __init__(self, raw: ByteSource, name: str) -> None:
        self._raw = raw
        self._name = name
        self._pending = b""
        self._prolog_done = False
        self.dropped = 0

    def read(self, size: int = -1, /) -> bytes:
        if not self._prolog_done:
            self._prolog_done = True
            self._pending = self._prolog()
        if self._pending:
            cut = len(self._pending) if size < 0 else size
            chunk, self._pending = self._pending[:cut], self._pending[cut:]
            return chunk
        return self._clean(self._raw.read(size))

    def _clean(self, chunk: bytes) -> bytes:
        kept = chunk.translate(None, STRAY_CONTROLS)
        self.dropped += len(chunk) - len(kept)
        return kept

    def _prolog(self) -> bytes:
        """Reads up to the root element (or the limit) and returns it checked and blanked."""
        head = b""
        while len(head) < MAX_PROLOG_BYTES:
            more = self._raw.read(64 * 1024)
            if not more:
                break
            head += more
            if _ROOT.search(head):
                break
        head = self._clean(head)
        root = _ROOT.search(head)
        prolog = head[: root.start()] if root else head[:MAX_PROLOG_BYTES]
        if b"<!ENTITY" in prolog:
            raise MalformedFile(
                f"{self._name} declares XML entities, which PHR refuses to read for safety (they "
                "can expand without end or point at external files). A real Apple Health export "
                "never does; nothing was imported."
            )
        doctype = _DOCTYPE.search(prolog)
        if doctype is None:
            return head
        if _EXTERNAL_ID.search(doctype.group() + b" "):
            raise MalformedFile(
                f"{self._name} names an external DTD (SYSTEM or PUBLIC), which PHR never fetches "
                "or reads. A real Apple Health export never does; nothing was imported."
            )
        opened = doctype.end()
        if opened >= len(prolog) or prolog[opened : opened + 1] != b"[":
            return head  # no internal subset
        if root is None:
            raise MalformedFile(
                f"{self._name}: the document type declaration at the top runs on for more than "
                f"{describe_size(MAX_PROLOG_BYTES)} without the Apple Health data after it, "
                "which no Apple Health export has; nothing was imported."
            )
        ends = [m.start() for m in _SUBSET_END.finditer(prolog, opened)]
        closed = ends[-1] if ends else -1
        if closed <= opened:
            raise MalformedFile(
                f"{self._name}: the document type declaration at the top never ends; "
                "nothing was imported."
            )
        return head[: opened + 1] + _blanked(head[opened + 1 : closed]) + head[closed:]
