"""Time the doctor export (PDF + FHIR + CSV) on a full demo-size dataset. Target: under 2 s.

Two figures:
- the demo vault as `phr demo` builds it (whatever demo sections this build has), through
  `phr.report.export` end to end: gather from the vault, render, write atomically;
- a full synthetic report (9 genes, 10 notes, 5 medicines, 4 measures x 90 days, 360 entries)
  rendered and written, so the figure stays meaningful while demo sections are still thin.
The first run includes one-off costs (fonts, matplotlib import); the median of warm runs is what
a person waiting on the Save button sees after the first export.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_S = 2.0
RUNS = 5


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    started = time.perf_counter()
    from phr.demo import create_demo_vault
    from phr.report import ExportOptions, csv_files, export, fhir_json, render_pdf
    from phr.report.files import write_file, write_folder
    from tests.report import samples

    print(f"imports: {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory(prefix="phr-bench-export-") as tmp:
        folder = Path(tmp)
        vault = create_demo_vault(folder / "demo.phr")
        try:
            run = [0]

            def demo_export() -> None:
                run[0] += 1
                out = folder / f"demo-{run[0]}"
                out.mkdir()
                options = ExportOptions(
                    pdf=out / "s.pdf", fhir=out / "s.json", csv=out / "csv", force=True
                )
                export(vault, options)

            first = _timed(demo_export)
            warm = statistics.median(_timed(demo_export) for _ in range(RUNS))
        finally:
            vault.close()
        print(f"demo vault export (PDF+FHIR+CSV): first {first:.2f} s, warm median {warm:.2f} s")

        data = samples.report()
        synthetic_run = [0]

        def synthetic_export() -> None:
            synthetic_run[0] += 1
            out = folder / f"synthetic-{synthetic_run[0]}"
            out.mkdir()
            write_file(out / "s.pdf", render_pdf(data), force=False)
            write_file(out / "s.json", fhir_json(data), force=False)
            write_folder(out / "csv", csv_files(data), force=False)

        synthetic_first = _timed(synthetic_export)
        synthetic = statistics.median(_timed(synthetic_export) for _ in range(RUNS))
        print(
            f"full synthetic report (PDF+FHIR+CSV): first {synthetic_first:.2f} s, "
            f"warm median {synthetic:.2f} s"
        )
    worst = max(warm, synthetic)
    print(
        f"target {TARGET_S:.1f} s; worst warm median {worst:.2f} s "
        f"({worst / TARGET_S:.0%} of the target)"
    )
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
