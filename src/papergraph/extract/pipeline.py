"""Build the extraction pipeline and run it over notes.

A note is processed as one doc, "title" + blank line + "summary" (newlines in the title become
spaces, so the blank line is the boundary and offsets stay the same); mentions are mapped back
to offsets in `note.title` or `note.summary`, so `getattr(note, m.field)[m.start:m.end] ==
m.text` always holds. A summary longer than `pg_layout.max_chars` is cut (work per note is
bounded); mentions always refer to the note's own strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.attrs import IS_PUNCT, IS_STOP, LIKE_NUM, LOWER, ORTH
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex, minibatch

from papergraph.extract.components import TITLE_SEPARATOR  # importing registers the factories
from papergraph.extract.mentions import Mention, NoteExtraction
from papergraph.read import Note

__all__ = ["PIPE_NAMES", "build_pipeline", "extract_notes", "known_family", "note_text"]

PIPE_NAMES = ("pg_layout", "pg_abbreviations", "pg_gazetteer", "pg_names",
              "pg_concepts", "pg_quantities")  # fmt: skip
_TITLE_MAX = 1000
_TITLE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _keep_names_whole(nlp: Language) -> None:
    """Keep "Llama-3.1-8B", "SF-AdamW", "eye-in-hand", "ADE20K" as one token: drop the default
    infix rules that split hyphens between letters and digits (dashes still split) and the
    unit suffixes."""
    infixes = []
    for pattern in nlp.Defaults.infixes:
        if re.search(pattern, "a-b") and not re.search(pattern, "a—b"):
            continue
        if re.search(pattern, "a-b"):
            pattern = pattern.replace("-|", "").replace("\\-|", "")
            if re.search(pattern, "a-b"):
                pattern = r"(?<=[A-Za-z0-9])(?:—|–|--)(?=[A-Za-z])"
        elif re.search(pattern, "3-1"):
            pattern = pattern.replace("\\-", "")
        infixes.append(pattern)
    # a dash after a bracket or quote splits too: "PolarSR (SR benchmark)—proposing …"
    infixes.append(r"(?<=[A-Za-z0-9])[)\]\"”’](?=—|–|--)|(?<=[)\]\"”’])(?:—|–|--)(?=[A-Za-z(\"“])")
    # a slash after a name's closing "+" splits as one after a letter does: "ScanNet++/FooSet"
    infixes.append(r"(?<=\+)/(?=[A-Za-z])")
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # Keep "ADE20K", "ImageNet-1K", "50M" whole: drop the unit suffixes ("10km" -> "10", "km").
    suffixes = [
        r"(?<=[0-9])%" if re.search(pattern, "20K") and re.search(pattern, "10km") else pattern
        for pattern in nlp.Defaults.suffixes
    ]
    # a sentence-final period after a capital ("… trained with AdamW.") is punctuation
    suffixes.append(r"(?<=[A-Za-z0-9+)\]])\.$")
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


# The lexeme attributes the components read (`text.py`'s token table, `like_num`, `lower_`).
_LEXEME_ATTRIBUTES = (LOWER, IS_STOP, IS_PUNCT, LIKE_NUM)
_TOKENIZER_CACHE_CHUNKS = 100_000


def _tokenize_cheaply(nlp: Language) -> None:
    """Tokenize a third to a half faster without changing a token (README, "Single
    measurements"; `tests/test_extract.py` compares with spaCy's own tokenizer):

    - Drop the special cases that keep a string as the one token it is anyway ("—", "'").
      Once any special case matches in a doc, spaCy caches none of the doc's later chunks,
      and a lone "—" matched in half of the notes.
    - Cache up to 100,000 distinct chunks, not 10,000: the shared pages hold 21,000.
    - Compute only the lexeme attributes the components read: each new word otherwise costs
      23 Python calls, and real notes bring new words in every note.
    """
    tokenizer = nlp.tokenizer
    rules = dict(tokenizer.rules or {})
    tokenizer.rules = {}
    tokenizer.rules = {
        orth: tokens
        for orth, tokens in rules.items()
        if not (tokens == [{ORTH: orth}] and [t.text for t in tokenizer(orth)] == [orth])
    }
    tokenizer.max_cache_size = _TOKENIZER_CACHE_CHUNKS
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {a: getters[a] for a in _LEXEME_ATTRIBUTES}


def build_pipeline(config: dict | None = None) -> Language:
    """The extraction pipeline on `spacy.blank("en")`.

    `config` maps component names to config overrides, e.g.
    `{"pg_gazetteer": {"vocab_dir": "my/vocab"}, "pg_concepts": {"max_concepts": 5}}`.
    The gazetteer is loaded once here, not per note.
    """
    config = config or {}
    nlp = spacy.blank("en")
    _keep_names_whole(nlp)
    _tokenize_cheaply(nlp)
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config=dict(config.get(name, {})))
    return nlp


def known_family(nlp: Language) -> Callable[[str], bool]:
    """Whether the pipeline's vocabulary names a model or method family ("Llama" -> LLaMA):
    the linker creates such a variant parent even when no note writes it on its own."""
    gazetteer = nlp.get_pipe("pg_gazetteer").gazetteer
    return lambda label: gazetteer.lookup(label, named=True) is not None


def note_text(note: Note, max_chars: int) -> str:
    """The doc text of a note: title (one line), a blank line, the (capped) summary."""
    title = _TITLE_BREAKS.sub(" ", (note.title or "")[:_TITLE_MAX])
    return f"{title}{TITLE_SEPARATOR}{(note.summary or '')[:max_chars]}"


def _field_offsets(start: int, end: int, title_len: int, summary_start: int):
    if end <= title_len:
        return "title", start, end
    if start >= summary_start:
        return "summary", start - summary_start, end - summary_start
    return None


def _to_mentions(names: list, concepts: list, note: Note) -> list[Mention]:
    """The `pg_names` candidates and `pg_concepts` spans of a note's doc as mentions with
    offsets in the note's own title or summary."""
    title_len = min(len(note.title or ""), _TITLE_MAX)
    summary_start = title_len + len(TITLE_SEPARATOR)
    mentions: list[Mention] = []
    items = [
        (c.start, c.end, c.entity_type or "Method", c.relation, c.rule, c.confidence,
         c.long_form, c.vocab.iri if c.vocab else None)
        for c in names
    ] + [
        (c.start, c.end, "Concept", "discusses", c.rule, round(min(1.0, c.score / 6), 3),
         None, c.vocab_iri)
        for c in concepts
    ]  # fmt: skip
    for start, end, etype, relation, rule, confidence, long_form, iri in items:
        where = _field_offsets(start, end, title_len, summary_start)
        if where is None or relation is None:
            continue
        field, s, e = where
        text = getattr(note, field)[s:e]
        if not text.strip():
            continue
        mentions.append(
            Mention(text, s, e, field, etype, relation, rule, round(confidence, 3),
                    long_form, iri)
        )  # fmt: skip
    return mentions


def _docs_by_component(nlp: Language, texts: list[str]) -> list:
    """Run the pipeline over a batch one component at a time, not one doc at a time as
    `nlp.pipe` does for plain callable components: each component's code and tables stay hot
    in the CPU caches over the batch, which made extraction 23–28% faster (README, "Single
    measurements")."""
    docs = [nlp.make_doc(text) for text in texts]
    for _name, component in nlp.pipeline:
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs))
        else:
            docs = [component(doc) for doc in docs]
    return docs


def extract_notes(
    nlp: Language, notes: Iterable[Note], *, batch_size: int = 64
) -> Iterator[NoteExtraction]:
    """One `NoteExtraction` per note, in input order; the notes go through the pipeline
    `batch_size` at a time, component by component."""
    max_chars = nlp.get_pipe("pg_layout").max_chars if "pg_layout" in nlp.pipe_names else 20000
    for batch in minibatch(notes, batch_size):
        docs = _docs_by_component(nlp, [note_text(note, max_chars) for note in batch])
        for note, doc in zip(batch, docs, strict=True):
            ext = doc._  # one Underscore object per doc, not one per attribute
            quantities = [
                q for q in ext.get("pg_quantities") or [] if q.end <= len(note.summary or "")
            ]
            mentions = _to_mentions(ext.get("pg_names") or [], ext.get("pg_concepts") or [], note)
            yield NoteExtraction(note, mentions, quantities)
