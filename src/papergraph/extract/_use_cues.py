"""Cues that a name is an existing artifact the paper uses, whatever clause it stands in:
"pretrained FooLM", "introduces FooNet into video super-resolution", "on FooSet-256" (a
variant of a vocabulary dataset)."""

from __future__ import annotations

from papergraph.extract._candidates import Candidate, NoteView
from papergraph.extract.shapes import variant_parent

__all__ = ["existing_artifact", "known_dataset"]

# Words right before a name that make it something that exists already, also inside the
# proposal's own clause ("PASE, a framework that leverages pretrained FooLM")
_EXISTING = frozenset({"pretrained", "pre-trained", "predefined", "off-the-shelf"})


def existing_artifact(view: NoteView, c: Candidate, prev: list[str]) -> bool:
    """ "pretrained FooLM", "the predefined ZQ divergence"; and "introduces FooNet into video
    super-resolution": an artifact brought to a new field, used there (what the paper
    introduces as its own is not introduced "into" a field)."""
    if prev[-1:] and prev[-1] in _EXISTING:
        return True
    k = c.tok_end
    into = k + 1 < len(view.lowers) and view.lowers[k] == "into" and view.words[k + 1].islower()
    return into and prev[-1:] in (["introduce"], ["introduces"])


def known_dataset(view: NoteView, c: Candidate, surface: str) -> bool:
    """A vocabulary dataset, or a variant of one ("FooNet-256" of the dataset FooNet)."""
    entry = c.vocab
    if entry is None and c.shape == "versioned" and (parent := variant_parent(surface)):
        entry = view.gazetteer.lookup(parent)
    return entry is not None and entry.suggested_type == "Dataset"
