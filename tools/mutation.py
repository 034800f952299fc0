"""Mutation testing of the modules whose mistakes silently corrupt the graph or open the service.

    PYTHONPATH=src nice -n 10 python tools/mutation.py                 # every module
    PYTHONPATH=src nice -n 10 python tools/mutation.py slugs sparqlguard
    python tools/mutation.py --table                                   # the last results only
    PYTHONPATH=src nice -n 10 python tools/mutation.py --by-hand        # the named mutations

mutmut (the `mutation` extra; its settings are `[tool.mutmut]` in pyproject.toml) copies
src/ and tests/ into mutants/, then for each mutant runs only the selected tests that called the
mutated function. This script runs it one module at a time and prints one row per module:
mutants, killed, survived, score (killed / mutants). A mutant no selected test reaches counts as
surviving; one stopped by the time limit counts as killed (mutmut's own convention).
The survivors judged equivalent are listed, with the reason, in docs/mutation.md.

`--by-hand` applies each mistake of `BY_HAND` (written out, as a reviewer would make it) to a
copy of src/, runs the tests that must catch it against that copy and says whether they did.
mutmut does not mutate decorated functions (`@lru_cache`, `@contextmanager`), and some of these
mistakes are in such functions or in modules outside the mutmut run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """A module under mutation: its source file and the mutant names that belong to it."""

    name: str
    path: str
    functions: tuple[str, ...] = ()  # only these functions; empty: the whole module

    @property
    def module(self) -> str:
        return self.path.removeprefix("src/").removesuffix(".py").replace("/", ".")

    def patterns(self) -> list[str]:
        """mutmut's mutant-name patterns for this target (`module.x_function__mutmut_N`)."""
        if not self.functions:
            return [f"{self.module}.*"]
        return [f"{self.module}.x_{function}__mutmut_*" for function in self.functions]

    def owns(self, mutant: str) -> bool:
        if not self.functions:
            return mutant.startswith(self.module + ".")
        return any(mutant.startswith(f"{self.module}.x_{f}__mutmut_") for f in self.functions)


TARGETS = [
    Target("abbreviations", "src/papergraph/extract/abbreviations.py"),
    Target("sparqlguard", "src/papergraph/sparqlguard.py"),
    Target("sparqltext", "src/papergraph/store/sparqltext.py"),
    Target("slugs", "src/papergraph/slugs.py"),
    Target("link", "src/papergraph/link.py"),
    Target("reason", "src/papergraph/reason.py"),
    Target(
        "embedded",
        "src/papergraph/store/embedded.py",
        ("_switch_current", "_new_build", "_remove_stale_builds", "current_build"),
    ),
]

# mutmut's exit codes of a mutant's test run (mutmut.stats.status_by_exit_code).
_KILLED = {1, 3, 24, -24, 36, 152, 255}
_SURVIVED = {0, 5, 33}


ABBREVIATION_TESTS = (
    "tests/test_abbreviations.py",
    "tests/test_extract.py::test_find_abbreviations",
    "tests/test_extract.py::test_find_abbreviations_rejects",
    "tests/test_extract.py::test_match_long_form",
    "tests/test_extract.py::test_title_prefix_expansion",
    "tests/test_terms.py",
)
_ABBREVIATIONS = "src/papergraph/extract/abbreviations.py"


@dataclass(frozen=True)
class HandMutation:
    """A mistake written out: `edits` (old, new) in the file `path`, and the tests that must
    fail with it; or, when `equivalent` says why no result can change, that may pass."""

    name: str
    title: str
    path: str
    edits: tuple[tuple[str, str], ...]
    tests: tuple[str, ...]
    equivalent: str = ""


BY_HAND = [
    HandMutation(
        "a",
        "abbreviations: no 'short form is a word of the long form' guard",
        _ABBREVIATIONS,
        (
            (
                "if low in _NO_LONG_FORM_START or short.lower() in long.lower().split():",
                "if low in _NO_LONG_FORM_START:",
            ),
            ("        if short.lower() in long.lower().split():\n            continue\n", ""),
        ),
        ABBREVIATION_TESTS,
    ),
    HandMutation(
        "b1",
        "abbreviations: long-form window min(n+5, 2n) -> n+5 (definition_holds)",
        _ABBREVIATIONS,
        (("len(words) > min(len(chars) + 5, len(chars) * 2)", "len(words) > len(chars) + 5"),),
        ABBREVIATION_TESTS,
    ),
    HandMutation(
        "b2",
        "abbreviations: long-form window min(n+5, 2n) -> n+5 (match_long_form)",
        _ABBREVIATIONS,
        (("len(words) > min(n + 5, n * 2)", "len(words) > n + 5"),),
        ABBREVIATION_TESTS,
        "definition_holds checks the same window on the same short form",
    ),
    HandMutation(
        "b3",
        "abbreviations: long-form window min(n+5, 2n) -> n+5 (words left of the parenthesis)",
        _ABBREVIATIONS,
        (("paren.start(), min(n + 5, n * 2))", "paren.start(), n + 5)"),),
        ABBREVIATION_TESTS,
    ),
    HandMutation(
        "c1",
        "abbreviations: len(long) <= len(short) -> < (definition_holds)",
        _ABBREVIATIONS,
        (
            (
                "findall(long)) < 2 or len(long) <= len(short):",
                "findall(long)) < 2 or len(long) < len(short):",
            ),
        ),
        ABBREVIATION_TESTS,
    ),
    HandMutation(
        "c2",
        "abbreviations: len(long) <= len(short) -> < (match_long_form)",
        _ABBREVIATIONS,
        (("n * 2) or len(long) <= len(short):", "n * 2) or len(long) < len(short):"),),
        ABBREVIATION_TESTS,
        "definition_holds checks the same length on the same short form",
    ),
    HandMutation(
        "d",
        "slugs: a slug of exactly max_length is cut (> -> >=)",
        "src/papergraph/slugs.py",
        (("if len(slug) > max_length:", "if len(slug) >= max_length:"),),
        ("tests/test_link.py",),
    ),
    HandMutation(
        "e",
        "slugs: digit-only slugs are hashed as well",
        "src/papergraph/slugs.py",
        (("    if not slug:\n", '    if not slug or slug.replace(".", "").isdigit():\n'),),
        ("tests/test_link.py",),
    ),
    HandMutation(
        "f",
        "lookup: the second ring is always empty",
        "src/papergraph/lookup.py",
        (
            (
                "_cooccurring(dataset, [ref.iri for ref in cooccurring], ring)",
                "[]",
            ),
        ),
        ("tests/test_lookup.py::test_two_hops_add_a_second_ring",),
    ),
    HandMutation(
        "g",
        "cli: `centrality` ignores --metric",
        "src/papergraph/cli/ask.py",
        (
            (
                "top_entities(open_store(store), metric=metric,",
                'top_entities(open_store(store), metric="pagerank",',
            ),
        ),
        ("tests/test_lookup.py::test_centrality_ranks_by_each_metric",),
    ),
    HandMutation(
        "h",
        "store: a new build removes the build it replaces (readers may still hold it)",
        "src/papergraph/store/embedded.py",
        (
            (
                "keep = {build.resolve()} | ({previous} if previous is not None else set())",
                "keep = {build.resolve()}",
            ),
        ),
        ("tests/test_store_switch.py",),
    ),
    HandMutation(
        "i",
        "store: a failed build leaves its directory behind",
        "src/papergraph/store/embedded.py",
        (
            (
                "            _discard_build(store_dir, build)\n            raise\n",
                "            raise\n",
            ),
        ),
        ("tests/test_store_switch.py",),
    ),
    HandMutation(
        "j",
        "store: the new build becomes current before its data is written",
        "src/papergraph/store/embedded.py",
        (
            (
                "            yield build\n        except",
                "            _switch_current(store_dir, build)\n"
                "            yield build\n        except",
            ),
        ),
        ("tests/test_store_switch.py",),
    ),
]


def run_by_hand(mutation: HandMutation) -> bool:
    """Whether the tests of `mutation` fail on a copy of src/ with it applied."""
    with tempfile.TemporaryDirectory(prefix="papergraph-mutation-") as scratch:
        src = Path(scratch) / "src"
        shutil.copytree(REPO / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
        target = Path(scratch) / mutation.path
        text = target.read_text(encoding="utf-8")
        for old, new in mutation.edits:
            if text.count(old) != 1:
                raise SystemExit(f"{mutation.name}: {old!r} is not once in {mutation.path}")
            text = text.replace(old, new)
        target.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
        env = {**os.environ, "PYTHONPATH": str(src)}
        result = subprocess.run(
            [*command, *mutation.tests], cwd=REPO, env=env, capture_output=True, text=True
        )
    return result.returncode == 1


def _results(target: Target) -> Counter[str]:
    """Counts of killed, survived and not-yet-run mutants of `target`, from mutmut's files."""
    meta = REPO / "mutants" / (target.path + ".meta")
    counts: Counter[str] = Counter(killed=0, survived=0, other=0)
    if not meta.exists():
        return counts
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    for mutant, code in codes.items():
        if not target.owns(mutant):
            continue
        if code in _KILLED:
            counts["killed"] += 1
        elif code in _SURVIVED:
            counts["survived"] += 1
        else:
            counts["other"] += 1
    return counts


def survivors(target: Target) -> list[str]:
    """The names of `target`'s mutants that no selected test killed."""
    meta = REPO / "mutants" / (target.path + ".meta")
    if not meta.exists():
        return []
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return sorted(m for m, code in codes.items() if target.owns(m) and code in _SURVIVED)


def table(targets: list[Target]) -> str:
    """The score table (Markdown) of `targets` from the last mutmut results."""
    rows = ["| module | mutants | killed | survived | score |", "|---|--:|--:|--:|--:|"]
    for target in targets:
        counts = _results(target)
        total = sum(counts.values())
        score = f"{counts['killed'] / total:.0%}" if total else "-"
        rows.append(
            f"| {target.path} | {total} | {counts['killed']} | {counts['survived']} | {score} |"
        )
    return "\n".join(rows)


def run(target: Target, max_children: int) -> int:
    """Run mutmut on the mutants of `target`; its exit code."""
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([*command, *target.patterns()], cwd=REPO, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = " ".join(t.name for t in TARGETS)
    parser.add_argument("modules", nargs="*", help=f"names from: {names} (a-g with --by-hand)")
    parser.add_argument("--table", action="store_true", help="print the last results, run nothing")
    parser.add_argument("--survivors", action="store_true", help="also list surviving mutants")
    parser.add_argument("--by-hand", action="store_true", help="run the mistakes of BY_HAND")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutant runs")
    args = parser.parse_args(argv)
    if args.by_hand:
        print("| mistake | caught |\n|---|---|")
        missed = 0
        for mutation in BY_HAND:
            if args.modules and mutation.name not in args.modules:
                continue
            caught = run_by_hand(mutation)
            missed += not caught and not mutation.equivalent
            verdict = (
                "yes" if caught else f"no: {mutation.equivalent}" if mutation.equivalent else "NO"
            )
            print(f"| {mutation.name}. {mutation.title} | {verdict} |", flush=True)
        return 1 if missed else 0
    by_name = {t.name: t for t in TARGETS}
    unknown = [m for m in args.modules if m not in by_name]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)}")
    targets = [by_name[m] for m in args.modules] or TARGETS
    if not args.table:
        for target in targets:
            if run(target, args.max_children) != 0:
                print(f"mutmut failed on {target.path}", file=sys.stderr)
                return 1
    print(table(targets))
    if args.survivors:
        for target in targets:
            for mutant in survivors(target):
                print(mutant)
    return 0


if __name__ == "__main__":
    sys.exit(main())
