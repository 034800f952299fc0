"""The sample page built into a store, for the benchmarks that serve it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

__all__ = ["SAMPLE", "store_or_sample"]

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "neurips2025-pretraining-notes.txt"


def store_or_sample(store: Path | None, work_dir: Path) -> Path:
    """`store` if given, else a store built from the sample page in `work_dir`."""
    if store is not None:
        return store
    store = work_dir / "store"
    print(f"building {SAMPLE.name} into {store} ...", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "papergraph", "build", str(SAMPLE), "--store", str(store)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store
