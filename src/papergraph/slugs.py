"""Stable, readable slugs for resource IRIs: `slugify("Llama 3.1-8B") == "llama-3.1-8b"`."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slugify"]

_NON_ALNUM = re.compile(r"[^a-z0-9.]+")
# A dot survives only between two digits ("3.1"); every other dot is a separator.
_STRAY_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_DASHES = re.compile(r"-{2,}")


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def slugify(text: str, max_length: int = 80) -> str:
    """Turn a label into a slug of `[a-z0-9.-]`, stable across runs and platforms.

    ASCII-folds ("Schrödinger" -> "schrodinger"), lowercases, turns every run of other
    characters into one "-", keeps "." only between digits ("llama-3.1"), and strips
    leading/trailing "-". A slug longer than `max_length` is cut and ends with "-" plus an
    8-hex-digit hash of the full text, so two long labels sharing a prefix stay distinct. Text
    with no ASCII letter or digit (maths, CJK) becomes "x-<hash>": never empty.
    """
    max_length = max(max_length, 12)
    # Accents fold away; any other non-ASCII character ("→", "∑") separates like a space.
    folded = "".join(
        ch if ch.isascii() else ("" if unicodedata.combining(ch) else "-")
        for ch in unicodedata.normalize("NFKD", text)
    )
    slug = _NON_ALNUM.sub("-", folded.lower())
    slug = _STRAY_DOT.sub("-", slug)
    slug = _DASHES.sub("-", slug).strip("-")
    if not slug:
        return f"x-{_short_hash(text)}"
    if len(slug) > max_length:
        head = slug[: max_length - 9].rstrip("-.")
        slug = f"{head}-{_short_hash(text)}"
    return slug
