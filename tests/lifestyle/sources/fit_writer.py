"""A tiny FIT encoder for tests and benchmarks (PHR only decodes FIT, with fitdecode).

Writes the FIT file layout of Garmin's FIT SDK: a 14-byte header with its CRC, definition
messages then data messages (little-endian, no compressed timestamps), and the file CRC.
Only the base types the fixtures use are known here.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

FIT_EPOCH = 631065600
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
# base type -> (FIT base type byte, struct code)
TYPES = {
    "enum": (0x00, "B"),
    "uint8": (0x02, "B"),
    "uint16": (0x84, "H"),
    "uint32": (0x86, "I"),
    "uint32z": (0x8C, "I"),
    "sint32": (0x85, "i"),
}


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_time(moment: datetime) -> int:
    return int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp()) - FIT_EPOCH


class FitWriter:
    """`define(local, global_num, [(field_num, type)])` then `write(local, values)`."""

    def __init__(self) -> None:
        self.records = bytearray()
        self._formats: dict[int, struct.Struct] = {}

    def define(self, local: int, global_num: int, fields: list[tuple[int, str]]) -> None:
        self.records += struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
        for num, kind in fields:
            base, code = TYPES[kind]
            self.records += struct.pack("<BBB", num, struct.calcsize(code), base)
        self._formats[local] = struct.Struct("<B" + "".join(TYPES[k][1] for _, k in fields))

    def write(self, local: int, *values: int) -> None:
        self.records += self._formats[local].pack(local, *values)

    def data(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.records), b".FIT")
        header += struct.pack("<H", crc16(header))
        body = header + bytes(self.records)
        return body + struct.pack("<H", crc16(body))


def activity_file(sessions: list[tuple[datetime, float, int]], offset_minutes: int) -> bytes:
    """An activity file: file_id, one session per (start UTC, timer seconds, sport), activity."""
    w = FitWriter()
    w.define(0, 0, [(0, "enum"), (1, "uint16"), (4, "uint32")])
    first = fit_time(sessions[0][0])
    w.write(0, 4, 1, first)
    w.define(1, 18, [(253, "uint32"), (2, "uint32"), (8, "uint32"), (7, "uint32"), (5, "enum")])
    end = first
    for start, seconds, sport in sessions:
        begin = fit_time(start)
        end = begin + int(seconds) + 300
        w.write(1, end, begin, int(seconds * 1000), int((seconds + 300) * 1000), sport)
    w.define(2, 34, [(253, "uint32"), (5, "uint32"), (1, "uint16")])
    w.write(2, end, end + offset_minutes * 60, len(sessions))
    return w.data()


def monitoring_file(
    start: datetime, minutes: int, offset_minutes: int, resting: int | None = 52
) -> bytes:
    """A monitoring_b file: per-minute heart rate (timestamp_16) and cumulative walking steps."""
    w = FitWriter()
    w.define(0, 0, [(0, "enum"), (1, "uint16"), (4, "uint32")])
    begin = fit_time(start)
    w.write(0, 32, 1, begin)
    w.define(1, 103, [(253, "uint32"), (0, "uint32")])
    w.write(1, begin, begin + offset_minutes * 60)
    w.define(2, 55, [(253, "uint32"), (5, "enum"), (3, "uint32"), (27, "uint8")])
    w.define(3, 55, [(26, "uint16"), (5, "enum"), (3, "uint32"), (27, "uint8")])
    steps = 0
    for minute in range(minutes):
        stamp = begin + minute * 60
        steps += 10
        rate = 60 + minute % 40
        if minute == 0:
            w.write(2, stamp, 6, steps, rate)
        else:
            w.write(3, stamp & 0xFFFF, 6, steps, rate)
    if resting is not None:
        w.define(4, 211, [(253, "uint32"), (0, "uint8")])
        w.write(4, begin + minutes * 60, resting)
    return w.data()
