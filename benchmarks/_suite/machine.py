"""The machine a run measured: platform, CPU, memory, Python, package and browser versions."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

__all__ = ["describe_machine"]

PACKAGES = (
    "papergraph", "pyoxigraph", "oxrdflib", "rdflib", "rdflib-endpoint", "spacy", "networkx",
    "flask", "waitress", "uvicorn", "playwright", "psutil", "requests",
)  # fmt: skip


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _installed(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _chromium_version(chromium: str) -> str:
    try:
        answer = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return answer.stdout.strip() or "unknown"


def describe_machine(chromium: str) -> dict[str, object]:
    """Platform, CPUs, memory, load, Python and the versions of the packages measured."""
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": {package: _installed(package) for package in PACKAGES},
        "chromium": _chromium_version(chromium),
    }
