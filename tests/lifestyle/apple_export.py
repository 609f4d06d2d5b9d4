"""Builds small Apple Health exports for tests, in Apple's own shapes (see
shared/data/apple-health/PROVENANCE.md): attribute order, date format, no-break space in
"Apple Watch", records grouped by type."""

from __future__ import annotations

from pathlib import Path

WATCH = "Sam’s Apple\u00a0Watch"
PHONE = "Sam’s iPhone"
WATCH_DEVICE = (
    "&lt;&lt;HKDevice: 0x281e64230&gt;, name:Apple Watch, manufacturer:Apple Inc., "
    "model:Watch, hardware:Watch6,2, software:10.2&gt;"
)
PHONE_DEVICE = (
    "&lt;&lt;HKDevice: 0x281e6ffff&gt;, name:iPhone, manufacturer:Apple Inc., "
    "model:iPhone, hardware:iPhone14,5, software:17.2&gt;"
)
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"


def record(
    rtype: str,
    start: str,
    end: str,
    value: str,
    *,
    source: str = WATCH,
    unit: str | None = None,
    device: str | None = None,
    children: str = "",
) -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    device_attr = f' device="{device}"' if device else ""
    head = (
        f' <Record type="{rtype}" sourceName="{source}" sourceVersion="10.2"{device_attr}'
        f'{unit_attr} creationDate="{end}" startDate="{start}" endDate="{end}" value="{value}"'
    )
    return head + (f">\n{children} </Record>\n" if children else "/>\n")


def sleep(start: str, end: str, stage: str, source: str = WATCH) -> str:
    return record(SLEEP, start, end, f"HKCategoryValueSleepAnalysis{stage}", source=source)


def steps(start: str, end: str, value: int, source: str = WATCH, device: str | None = None) -> str:
    return record(STEPS, start, end, str(value), source=source, unit="count", device=device)


def write_export(path: Path, *elements: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n]>\n"
        '<HealthData locale="en_GB">\n'
        ' <ExportDate value="2025-01-01 09:00:00 +0000"/>\n'
        + "".join(elements)
        + "</HealthData>\n",
        encoding="utf-8",
    )
    return path
