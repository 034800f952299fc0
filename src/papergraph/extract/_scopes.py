"""The scope of a paper's own proposal in a note: which tokens stand under a "we propose /
introduce / present …" verb (or the sentence's own subject) until a clause ends it. The
relation rules read these scopes to tell a proposal's named parts from the work it uses."""

from __future__ import annotations

from typing import NamedTuple

from papergraph.extract._candidates import NoteView
from papergraph.extract._lexicon import (
    COMPONENT_VERBS,
    COORDINATORS,
    NOUN_VERBS_3SG,
    PART_HEADS,
    PROPOSE_VERBS,
    RESULT_CUES,
    SELF_NOUNS,
    SELF_SUBJECTS,
    TOOL_VERBS,
    VERBS,
)

__all__ = ["Scope", "propose_scopes"]

_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "this", "these"})
_OTHER_WORK = frozenset({"prior", "previous", "previously", "existing", "earlier", "et", "al."})
_PREPOSITIONS = frozenset(
    {"of", "for", "on", "in", "to", "across", "between", "with", "from", "about", "into", "over",
     "under", "via", "by", "against", "than", "at", "among", "through", "toward", "towards"}
)  # fmt: skip


class Scope(NamedTuple):
    """Where a token stands in a clause that introduces the paper's own artifacts."""

    verb: int  # token index of the verb that opened the scope
    relative: bool  # inside a relative clause ("…, which employs X")
    after_prep: bool  # after a preposition of the main clause ("presents a study of X")
    kind: str  # "propose" (propose/introduce …), "component" (comprises …), "tool" (employs …)
    results: bool = False  # after a result cue ("…, achieving state-of-the-art … on X")


def propose_scopes(
    view: NoteView,
    own: frozenset[int] = frozenset(),
    *,
    without_own: dict[int, Scope] | None = None,
) -> dict[int, Scope]:
    """Token index -> its `Scope`, for the tokens a proposal's clause covers.

    The scope of "proposes/introduces/presents …" runs to the next clause break or main verb;
    a relative clause ("…, which employs X") extends it to the end of the sentence. A name
    after a preposition of the main clause ("presents a study of X") is not the object. After
    a result cue ("…, achieving state-of-the-art performance on X") a name in an evaluation
    context is no part of the proposal (see `_relation`). With the paper or
    its proposal (`own`: token indices of names the note proposes) as the subject, "comprises
    / consists of / integrates …" open a "component" scope and "employs / leverages /
    through …" a "tool" scope. A colon after a part noun continues the scope ("three
    modules: A, B and C").

    `without_own`, the scopes of the same view found with no `own`, spares reading again the
    sentences that `own` cannot change (those without a component or tool verb).
    """
    words, lowers = view.words, view.lowers
    scope: dict[int, Scope] = {}
    for sent_start, sent_end in view.sentences:
        if view.offsets[sent_end - 1] < view.summary_start:
            continue
        sent = lowers[sent_start:sent_end]
        if (
            without_own is not None
            and COMPONENT_VERBS.isdisjoint(sent)
            and TOOL_VERBS.isdisjoint(sent)
        ):
            scope.update(
                (i, without_own[i]) for i in range(sent_start, sent_end) if i in without_own
            )
            continue
        if PROPOSE_VERBS.isdisjoint(sent) and (
            (COMPONENT_VERBS.isdisjoint(sent) and TOOL_VERBS.isdisjoint(sent))
            or not _self_subject_in(view, sent_start, sent_end, own)
        ):
            continue  # no scope opens in this sentence
        # the scope of the current token; one object for the tokens a clause shares
        at: Scope | None = None
        first = next(i for i in range(sent_start, sent_end) if lowers[i] in _OPENERS)
        for i in range(first, sent_end):  # no token before the first opener is in a scope
            low = lowers[i]
            if low not in _SCOPE_WORDS:  # most words neither open, change nor end a scope
                if at is not None:
                    scope[i] = at
                continue
            opened = (
                _opens_scope(view, i, sent_start, own, at is not None) if low in _OPENERS else None
            )
            if opened is not None:
                at = Scope(i, False, False, opened)
                continue
            if at is None:
                continue
            if low in RESULT_CUES and words[i].islower():
                at = at._replace(results=True)
            elif low in _RELATIVES:
                at = at._replace(relative=True)
            elif low == "to" and i + 1 < sent_end and _infinitive(view, i + 1):
                at = at._replace(after_prep=True)  # "… to resolve X": the purpose, no part
            elif (
                low == "by"
                and lowers[i - 1].endswith("ed")
                and i + 1 < sent_end
                and view.words[i + 1][:1].isupper()
            ):
                at = at._replace(after_prep=False)  # "… established by X": one of its means
            elif low in _PREPOSITIONS and not at.relative:
                # "consists of X", "along with X" list parts; other prepositions end them
                joined = lowers[i - 1] in COMPONENT_VERBS or lowers[i - 1] in COORDINATORS
                if (
                    not at.after_prep
                    and not joined
                    and (at.kind == "propose" or low not in _TOOL_PREPOSITIONS)
                ):
                    at = at._replace(after_prep=True)
            elif (
                low == "and"
                and (not at.relative or lowers[i - 1] == ",")
                and i + 1 < sent_end
                and _new_predicate(view, i + 1)
            ):
                at = None  # "introduces X, which …, and shows that …": a new predicate
                continue
            elif low == "and" and (
                lowers[i - 1] == "," or i + 1 < sent_end and lowers[i + 1] in _DETERMINERS
            ):
                at = at._replace(after_prep=False)  # "… with Y, and the Z framework": new object
            elif low == ";" and i + 1 < sent_end and lowers[i + 1] in {"and", "a", "an", "the"}:
                at = at._replace(after_prep=False)  # "…; and a Foo module": the parts go on
            elif low == ":" and i > sent_start and lowers[i - 1] in PART_HEADS:
                at = at._replace(after_prep=False)  # "two modules: A and B"
            elif low in _SCOPE_BREAKS and _ends_scope(view, i, sent_end, at.relative):
                at = None
                continue
            scope[i] = at
    return scope


def _new_predicate(view: NoteView, i: int) -> bool:
    """Whether token i, after "and", is a finite verb ("…, and shows that")."""
    word, low = view.words[i], view.lowers[i]
    return word.islower() and (low in NOUN_VERBS_3SG or low in VERBS and low.endswith("s"))


def _infinitive(view: NoteView, i: int) -> bool:
    """Whether token i, after "to", is a verb ("to resolve"), not a noun phrase ("to the")."""
    word = view.words[i]
    return word.isalpha() and word.islower() and not view.stops[i] and not view.doc[i].like_num


_OPENERS = PROPOSE_VERBS | COMPONENT_VERBS | TOOL_VERBS


def _opens_scope(view: NoteView, i: int, sent_start: int, own, scope_open: bool) -> str | None:
    """The kind of scope token i opens (`scope_open`: whether a scope is open), or None."""
    word, low = view.words[i], view.lowers[i]
    if not word.islower() and not (i == sent_start and low.endswith("s") and word[1:].islower()):
        return None  # a telegraphic summary may open with its verb: "Proposes FooNet, …"
    prev = view.lowers[i - 1] if i > sent_start else ""
    if low in PROPOSE_VERBS:
        nxt = view.lowers[i + 1] if i + 1 < len(view.lowers) else ""
        if prev in _DETERMINERS or nxt == "by":
            return None
        if not _OTHER_WORK.isdisjoint(view.lowers[sent_start:i]):
            return None
        if prev in {"was", "were", "been", "originally", "recently", "previously"}:
            return None
        return "propose"
    if low in COMPONENT_VERBS or low in TOOL_VERBS:
        if scope_open and low in TOOL_VERBS:
            return None  # "introduces X via Y": the propose scope goes on
        if not _clause_subject_is_own(view, i, sent_start, own):
            return None
        return "component" if low in COMPONENT_VERBS else "tool"
    return None


def _self_subject_in(view: NoteView, start: int, end: int, own) -> bool:
    lowers = view.lowers
    return any(k in own or lowers[k] in SELF_SUBJECTS for k in range(start, end))


def _clause_subject_is_own(view: NoteView, i: int, sent_start: int, own) -> bool:
    """Whether the clause of token i is about the paper or its proposal: "It integrates",
    "This is accomplished through", "The method employs", "FooNet comprising", "FooNet,
    a framework that comprises"."""
    lowers = view.lowers
    for k in range(i - 1, max(sent_start, i - 16) - 1, -1):
        low = lowers[k]
        if k in own or low in {"it", "this", "we", "our"}:
            return True
        if low in SELF_NOUNS and _own_noun_phrase(view, k, sent_start):
            return True
        if low in {";", "."}:
            return False
        if low in VERBS and low not in {"is", "are"}:
            # "it decomposes X and employs Y": the subject of the first verb
            return k > sent_start and (k - 1 in own or lowers[k - 1] in {"it", "we", "this"})
    return False


def _own_noun_phrase(view: NoteView, k: int, sent_start: int) -> bool:
    """ "the method", "This framework", "The first point-based … framework": a noun phrase
    that opens with "the / this / our" and refers to the note's proposal."""
    j = k - 1
    while j > sent_start and j > k - 7 and view.words[j].islower() and not view.stops[j]:
        j -= 1
    return (
        j >= sent_start
        and view.lowers[j] in {"the", "this", "our"}
        and (j == k - 1 or j == sent_start)
    )


_TOOL_PREPOSITIONS = frozenset({"through", "via", "with", "using", "into"})
_SCOPE_BREAKS = VERBS | SELF_SUBJECTS | {";", ":"}  # the words `_ends_scope` can end a scope at
_RELATIVES = frozenset({"which", "that", "who", "whose", "where"})
# every word that `propose_scopes` reads: the others take the scope of the word before them
_SCOPE_WORDS = (
    _OPENERS | RESULT_CUES | _RELATIVES | _PREPOSITIONS | _SCOPE_BREAKS | {"to", "by", "and"}
)


def _ends_scope(view: NoteView, i: int, sent_end: int, relative: bool) -> bool:
    """A clause break, a new main verb, or a new subject ("this work demonstrates")."""
    word, low = view.words[i], view.lowers[i]
    if word in {";", ":"}:
        return True
    if word.islower() and low in VERBS and not relative:
        return True
    nxt = view.lowers[i + 1] if i + 1 < sent_end else ""
    return low in SELF_SUBJECTS and nxt in VERBS
