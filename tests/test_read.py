"""Tests for papergraph.read: every input format, and every kind of bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papergraph.errors import ReadError
from papergraph.read import NotesPage, read_page, read_text

HERE = Path(__file__).parent
DATA = HERE / "data" / "read"
SAMPLE = HERE.parent / "data" / "neurips2025-pretraining-notes.txt"

FORMATS = {"page", "mkdocs", "headings", "jsonl"}


def errors(page: NotesPage) -> list[str]:
    return [problem.message for problem in page.problems if problem.severity == "error"]


def pairs(page: NotesPage) -> list[tuple[str, str]]:
    return [(note.title, note.summary) for note in page.notes]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def small_page(
    *paragraphs: str, header: str = "📚 Pretraining\n\n🧠 NeurIPS2025 · 3 paper notes"
) -> str:
    return header + "\n\n" + "\n\n".join(paragraphs) + "\n"


S1 = "This paper shows that a small proxy model predicts the best data mixture for a large one."
S2 = "The authors replace the cosine schedule by a constant rate with a short cool-down phase."
S3 = "A study of 40 tokenizers finds that vocabulary size matters less than pre-tokenisation."


# --- the sample page -------------------------------------------------------------------------


def test_sample_page() -> None:
    page = read_page(SAMPLE)
    assert page.format == "page"
    assert page.venue == "NeurIPS 2025"
    assert page.topic == "Pretraining"
    assert page.claimed_count == 50
    assert len(page.notes) == 50
    assert len({note.title for note in page.notes}) == 48
    assert page.problems == []
    lines = set(SAMPLE.read_text(encoding="utf-8").split("\n"))
    for note in page.notes:
        assert note.title in lines
        assert note.summary in lines
        assert (note.venue, note.topic, note.source) == ("NeurIPS 2025", "Pretraining", SAMPLE)


def test_sample_page_note_lines_point_at_titles() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    for note in read_page(SAMPLE).notes:
        assert lines[note.line - 1] == note.title
        assert lines[note.line + 1] == note.summary


def test_sample_page_keeps_duplicate_titles_apart() -> None:
    page = read_page(SAMPLE)
    title = (
        "Language Model Behavioral Phases are Consistent Across Architecture, Training Data, "
        "and Scale"
    )
    twins = [note for note in page.notes if note.title == title]
    assert len(twins) == 2
    assert twins[0].summary != twins[1].summary


def test_read_text_matches_read_page() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert read_text(text, SAMPLE) == read_page(SAMPLE)


def test_site_chrome_around_the_page_is_not_notes() -> None:
    footer = (
        "\n\nBack to top\n\nPrevious\n\nHome\n\nNext\n\nScaling Laws\n\n"
        "Made with Material for MkDocs\n\n© 2025 The Reading Group. All rights reserved.\n"
    )
    page = read_text(SAMPLE.read_text(encoding="utf-8") + footer, SAMPLE)
    assert len(page.notes) == 50
    assert page.problems == []


# --- the other formats: realistic samples ------------------------------------------------------

MKDOCS_OPTIMISATION = [
    (
        "GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
        "This paper proposes GaLore, which projects gradients onto a low-rank subspace so that "
        "optimizer states shrink by up to 65.5% while every parameter is still trained. "
        "Pre-training a 7B model on a single 24 GB consumer GPU becomes possible without model "
        "parallelism.",
    ),
    (
        "Adam-mini: Fewer Learning Rates, Same Performance",
        "Adam-mini assigns one learning rate per parameter block instead of one per coordinate, "
        "cutting optimizer memory by 45–50% relative to AdamW with \\(\\beta_2 = 0.95\\). On "
        "Llama-2 7B pre-training it matches AdamW's loss curve while raising throughput by 33%.",
    ),
    (
        "Sharpness-Aware Minimization Revisited: When Does \\(\\rho\\) Matter?",
        "The authors show that SAM only helps when the perturbation radius satisfies "
        '\\(\\rho < \\rho^*\\), a threshold that shrinks with batch size; beyond it, "flatness" '
        "is bought with a higher training loss. A one-line rule for choosing \\(\\rho\\) "
        "recovers 90% of SAM's gain on ImageNet.",
    ),
    (
        "Warmup Is a Preconditioner",
        "This note argues that learning-rate warmup works by letting Adam's second-moment "
        "estimate settle before large steps are taken. Replacing warmup with a short v-only "
        "phase removes the need to tune its length on GPT-2 small and medium.",
    ),
    (
        "Schedule-Free Learning Rates for Transformer Pre-training",
        "Schedule-Free AdamW replaces the cosine schedule with implicit averaging of iterates, "
        "so training can stop at any step. A drop-in torch.optim implementation matches tuned "
        "cosine schedules from 124M to 1.3B parameters.",
    ),
    (
        "Muon at Scale: Orthogonalised Updates for 10B-Parameter Models",
        "Muon orthogonalises each weight update with five Newton–Schulz iterations, keeping "
        "\\[\\|\\Delta W\\|_2 \\le \\eta\\] for every matrix. At 10B parameters it reaches "
        "AdamW's loss with 52% of the FLOPs.",
    ),
    (
        "Warmup Is a Preconditioner",
        "A follow-up experiment in the same paper finds that the benefit of warmup vanishes "
        'when the second-moment estimate is initialised from a 1,000-step "dry run" without '
        "updates.",
    ),
    (
        "Lion Cubs: Sign-Based Optimisers for Small Batches",
        "Sign-based optimisers such as Lion degrade sharply at batch sizes below 64. Lion Cubs "
        "adds a per-layer momentum correction that restores parity with AdamW on BERT-base "
        "fine-tuning while keeping Lion's single momentum buffer.",
    ),
]

MKDOCS_RL = [
    (
        "Hindsight Reward Sketches for Sparse-Reward Manipulation",
        "This paper lets a human draw a rough sketch of the desired end-effector path once per "
        "task and turns it into a dense shaping reward. On six MimicGen-style tasks the "
        "sketch-shaped agent needs 4× fewer episodes than HER.",
    ),
    (
        "Offline-to-Online RL Without Forgetting",
        "Fine-tuning an offline policy online usually collapses its value estimates in the first "
        "few thousand steps. Anchoring the critic to a frozen CQL copy removes the dip and keeps "
        "97% of the offline return while online learning proceeds.",
    ),
    (
        "World Models as Curricula: Scheduling Imagined Rollouts",
        "The authors train DreamerV3 with a curriculum over imagination horizons, growing the "
        "rollout length from 5 to 64 steps with discount \\(\\gamma = 0.997\\). Crafter score "
        "improves from 14.5 to 19.2 at equal environment steps.",
    ),
    (
        "Q-Transformers Need Less Data Than You Think",
        "A decision-transformer-style Q-function trained with a high replay_ratio and "
        "conservative target updates matches IQL on D4RL locomotion using only 10% of each "
        "dataset.",
    ),
    (
        "Reward Models Are Not Metrics: Goodhart Effects in RLHF",
        "The paper measures how far a policy can push a learned reward before true preference "
        "drops, and finds the turning point scales with the \\(k\\)-step KL budget rather than "
        "with reward-model size. Ensembles delay but do not prevent the collapse.",
    ),
    (
        "Exploration via Disagreement of Small Critics",
        "Instead of one large critic, the agent keeps an ensemble of eight small ones and "
        "explores where they disagree most. On Montezuma's Revenge it reaches 6,600 points "
        "without demonstrations, at a quarter of RND's compute.",
    ),
]

HEADINGS_VISION = [
    (
        "Patch Dropout Revisited: Faster ViT Pre-training at No Cost",
        "Randomly dropping 50% of the patch tokens during pre-training cuts the cost of a "
        "ViT-B/16 run by 43% with no loss in ImageNet-1k linear-probe accuracy.\n\n"
        "Ablations show that the gain disappears when the dropped patches are chosen by "
        "saliency instead of uniformly at random.",
    ),
    (
        "Registers Are All You Need? Artifact-Free Attention Maps",
        "Adding four learnable register tokens to DINOv2 removes the high-norm artifact tokens "
        "that appear in background patches, and improves unsupervised object discovery by 6 "
        "points of CorLoc.",
    ),
    (
        "Scaling Vision Encoders to 22B Parameters",
        "The paper reports the training recipe for a 22B-parameter ViT: parallel attention and "
        "MLP blocks, QK-normalisation, and no biases in the projections. Without "
        "QK-normalisation the attention logits diverge after about 8,000 steps.",
    ),
    (
        "Sparse Mixture-of-Experts ViTs for Dense Prediction",
        "Routing only the patch tokens of high-resolution feature maps to 16 experts keeps the "
        "FLOPs of a dense ViT-L while improving ADE20K mIoU from 53.1 to 55.0.",
    ),
    (
        "Do ViTs See Shapes? A Cue-Conflict Study",
        "On cue-conflict images, ViTs trained with strong augmentation classify by shape in 68% "
        "of cases, against 22% for ResNet-50.\n\n"
        "Shape bias rises further when the patch size shrinks from 16 to 8.",
    ),
    (
        "Token Merging for Video Transformers",
        "Merging similar tokens across frames with bipartite matching doubles the throughput of "
        "a ViViT-B video classifier at a cost of 0.4 points of top-1 accuracy on Kinetics-400.",
    ),
]


def jsonl_expected() -> list[tuple[str, str]]:
    """The JSONL sample's notes, taken from the file with the json module (blank line skipped)."""
    lines = (DATA / "notes.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [(record["title"], record["summary"]) for record in records]


@pytest.mark.parametrize(
    ("name", "fmt", "venue", "topic", "claimed", "expected"),
    [
        ("mkdocs-optimisation.md", "mkdocs", "ICML 2024", "Optimisation", 8, MKDOCS_OPTIMISATION),
        ("mkdocs-rl.md", "mkdocs", "ICLR 2025", "Reinforcement Learning", 6, MKDOCS_RL),
        ("headings-vision.md", "headings", None, "Vision Transformers", None, HEADINGS_VISION),
        ("notes.jsonl", "jsonl", None, None, None, None),
    ],
)
def test_format_samples(name, fmt, venue, topic, claimed, expected) -> None:
    page = read_page(DATA / name)
    assert page.format == fmt
    assert (page.venue, page.topic, page.claimed_count) == (venue, topic, claimed)
    assert pairs(page) == (expected if expected is not None else jsonl_expected())
    assert page.problems == []
    for note in page.notes:
        assert note.source == DATA / name
        if fmt != "jsonl":
            assert (note.venue, note.topic) == (venue, topic)


def test_mkdocs_markup_and_navigation_are_removed() -> None:
    page = read_page(DATA / "mkdocs-optimisation.md")
    titles = [note.title for note in page.notes]
    text = " ".join(note.title + " " + note.summary for note in page.notes)
    assert "This paper proposes GaLore, which" in page.notes[0].summary  # was **GaLore**
    assert "\\(\\rho < \\rho^*\\)" in text  # was $\rho < \rho^*$
    assert "\\[\\|\\Delta W\\|_2 \\le \\eta\\]" in text  # was $$...$$
    for leftover in ("**", "](", "<!--", "-->", "TODO", "check the count", "$", "`"):
        assert leftover not in text
    for not_a_paper in ("Top topics", "Related", "Same area in other venues", "How to read"):
        assert not any(not_a_paper in title for title in titles)
    assert titles.count("Warmup Is a Preconditioner") == 2  # two notes, not merged


def test_mkdocs_note_lines_are_title_lines() -> None:
    path = DATA / "mkdocs-optimisation.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    page = read_page(path)
    assert [note.line for note in page.notes] == [20, 25, 30, 35, 40, 51, 54, 58]
    assert lines[page.notes[0].line - 1].startswith("**[GaLore:")


def test_jsonl_notes_carry_their_own_venue_and_topic() -> None:
    page = read_page(DATA / "notes.jsonl")
    assert [note.line for note in page.notes] == [1, 2, 4, 5, 6, 7, 8]
    assert [(note.venue, note.topic) for note in page.notes] == [
        ("ICLR 2025", "Pretraining"),
        ("ICLR 2025", "Pretraining"),
        ("ICLR 2025", "Pretraining"),
        ("ICLR 2025", "Pretraining"),
        ("NeurIPS 2024", "Data"),
        ("ICLR 2025", "Pretraining"),
        ("ICLR 2025", None),
    ]


@pytest.mark.parametrize(
    ("markdown", "summary"),
    [
        ("Uses **GaLore** and __Adam__.", "Uses GaLore and Adam."),
        (
            "An *italic* and _italic_ word, snake_case kept.",
            "An italic and italic word, snake_case kept.",
        ),
        ("Calls `torch.compile(**kw)` once.", "Calls torch.compile(**kw) once."),
        ("With $\\beta < d$ it overfits.", "With \\(\\beta < d\\) it overfits."),
        ("Display $$E = mc^2$$ inline.", "Display \\[E = mc^2\\] inline."),
        ("Already \\(a_1 + b_1\\) rendered.", "Already \\(a_1 + b_1\\) rendered."),
        ("Costs $5 and $10 per run.", "Costs $5 and $10 per run."),
        ('See [the paper](https://arxiv.org/abs/2401.00001 "arXiv") now.', "See the paper now."),
        ("An escaped \\*star\\* stays.", "An escaped *star* stays."),
        ("Unicode “quotes” — dashes – and ×4 stay.", "Unicode “quotes” — dashes – and ×4 stay."),
        ("Tags <sup>2</sup> and &amp; entities.", "Tags 2 and & entities."),
        ("A comment <!-- hidden --> vanishes.", "A comment vanishes."),
        ("Wrapped over\n  two lines.", "Wrapped over two lines."),
    ],
)
def test_inline_markup(markdown: str, summary: str) -> None:
    page = read_text(f"# Topic\n\n**A Paper**\n\n{markdown}\n", Path("inline.md"))
    assert pairs(page) == [("A Paper", summary)]


@pytest.mark.parametrize(
    "title_line",
    [
        "**A Paper**",
        "__A Paper__",
        "**[A Paper](https://example.org/p)**",
        "[**A Paper**](https://example.org/p)",
        "### [A Paper](https://example.org/p)",
        "**A Paper** · [pdf](https://example.org/p.pdf) · [code](https://github.com/x/y)",
        "**A Paper** { #a-paper }",
    ],
)
def test_mkdocs_title_forms(title_line: str) -> None:
    text = f"---\ntopic: Pretraining\n---\n\n# Notes\n\n{title_line}\n\n: {S1}\n"
    page = read_text(text, Path("forms.md"))
    assert page.format == "mkdocs"
    assert page.topic == "Pretraining"
    assert pairs(page) == [("A Paper", S1)]


def test_mkdocs_plain_paragraph_titles() -> None:
    text = (
        "# :books: Pretraining\n\n🧠 NeurIPS2025 · 2 paper notes\n\n"
        f"Data Mixtures From Small Proxies\n\n{S1}\n\nConstant Rates With Cool-Down\n\n{S2}\n"
    )
    page = read_text(text, Path("plain.md"))
    assert (page.format, page.topic, page.venue, page.problems) == (
        "mkdocs",
        "Pretraining",
        "NeurIPS 2025",
        [],
    )
    assert pairs(page) == [
        ("Data Mixtures From Small Proxies", S1),
        ("Constant Rates With Cool-Down", S2),
    ]


# --- format detection by content -------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.txt", "notes.jsonl", "notes.md", "notes"])
def test_format_is_recognised_by_content_not_name(tmp_path: Path, name: str) -> None:
    content = (DATA / "mkdocs-optimisation.md").read_bytes()
    page = read_page(write(tmp_path, name, content))
    assert page.format == "mkdocs"
    assert pairs(page) == MKDOCS_OPTIMISATION


@pytest.mark.parametrize(
    ("source", "name", "fmt"),
    [
        (SAMPLE, "notes.md", "page"),
        (DATA / "notes.jsonl", "notes.md", "jsonl"),
        (DATA / "headings-vision.md", "notes.jsonl", "headings"),
        (DATA / "mkdocs-rl.md", "notes.jsonl", "mkdocs"),
    ],
)
def test_other_formats_survive_a_misleading_name(
    tmp_path: Path, source: Path, name: str, fmt: str
) -> None:
    page = read_page(write(tmp_path, name, source.read_bytes()))
    assert page.format == fmt
    assert pairs(page) == pairs(read_page(source))


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n  \t\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    page = read_page(write(tmp_path, "empty.txt", content))
    assert page.format in FORMATS
    assert page.notes == []
    assert errors(page) == ["empty file"]


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        b"Title\n\nSummary with a NUL\x00 byte in it.\n",
        bytes((0x80 + 37 * i) % 256 for i in range(4096)),
        "📚 Pretraining\n\nA Title\n\nA summary.\n".encode("utf-16"),
    ],
    ids=["png", "nul", "noise", "utf16"],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    page = read_page(write(tmp_path, "notes.txt", content))
    assert page.notes == []
    assert len(page.problems) == 1
    assert page.problems[0].message.startswith("binary file, not a notes page")


def test_invalid_utf8_names_file_line_and_offset(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    offset = data.index(b"Frame Averaging") + len(b"Frame ")
    path = write(tmp_path, "latin.txt", data[:offset] + b"\xe9" + data[offset:])
    page = read_page(path)
    decode = next(p for p in page.problems if "UTF-8" in p.message and "byte offset" in p.message)
    assert decode.line == 9
    assert f"byte offset {offset}" in decode.message
    assert str(decode).startswith(f"{path}:9: error:")
    # the damaged note is skipped with its own problem; the other 49 are read
    assert len(page.notes) == 49
    assert page.notes[0].title.startswith("AI Progress Should Be Measured")
    assert any(p.line == 7 and "not valid UTF-8" in p.message for p in page.problems)
    assert not any("\ufffd" in note.title + note.summary for note in page.notes)


def test_valid_replacement_character_is_kept(tmp_path: Path) -> None:
    text = small_page("A Title", "A summary that quotes a broken glyph \ufffd in a log file.")
    page = read_page(write(tmp_path, "notes.txt", text))
    assert page.notes[0].summary.endswith("\ufffd in a log file.")


@pytest.mark.parametrize("missing", [0, 1, 2], ids=["first", "middle", "last"])
def test_title_without_summary_loses_only_that_note(missing: int) -> None:
    notes = [("Data Mixtures From Small Proxies", S1), ("Constant Rates", S2), ("Tokenizers", S3)]
    paragraphs = []
    for i, (title, summary) in enumerate(notes):
        paragraphs += [title] if i == missing else [title, summary]
    page = read_text(small_page(*paragraphs), Path("notes.txt"))
    assert pairs(page) == [note for i, note in enumerate(notes) if i != missing]
    problem = next(p for p in page.problems if p.severity == "error")
    assert "has no summary" in problem.message
    assert notes[missing][0] in problem.message
    assert problem.line == 5 + 4 * missing
    assert [p.severity for p in page.problems].count("error") == 1


def test_summary_without_title_loses_only_that_summary() -> None:
    page = read_text(small_page("Proxies", S1, S2, "Tokenizers", S3), Path("notes.txt"))
    assert pairs(page) == [("Proxies", S1), ("Tokenizers", S3)]
    assert [(p.line, p.severity) for p in page.problems] == [(3, "warning"), (9, "error")]
    assert page.problems[1].message.startswith("paragraph without a title: 'The authors replace")


def test_mkdocs_title_without_summary() -> None:
    text = f"# Topic\n\n**Proxies**\n\n**Constant Rates**\n\n{S2}\n\n**Tokenizers**\n: {S3}\n"
    page = read_text(text, Path("notes.md"))
    assert pairs(page) == [("Constant Rates", S2), ("Tokenizers", S3)]
    assert [(p.line, p.severity) for p in page.problems] == [(3, "error")]
    assert "'Proxies' has no summary" in page.problems[0].message


@pytest.mark.parametrize(
    "content",
    [
        "Dear reading group,\n\nthe room for Thursday has changed, see you in 4.12 instead.\n",
        "name,venue,year\nGaLore,ICML,2024\nAdam-mini,ICLR,2025\n",
        "def read():\n    return None\n",
    ],
    ids=["letter", "csv", "code"],
)
def test_unknown_format(tmp_path: Path, content: str) -> None:
    page = read_page(write(tmp_path, "notes.txt", content))
    assert page.notes == []
    assert len(page.problems) == 1
    assert page.problems[0].line == 1
    assert page.problems[0].message.startswith("not a notes page: expected ")


@pytest.mark.parametrize("fmt", ["page", "mkdocs", "jsonl"])
def test_huge_paragraph_is_skipped_quickly(tmp_path: Path, fmt: str) -> None:
    huge = "tokens " * 750_000  # 5.25 MB
    if fmt == "page":
        content = small_page("Proxies", S1, "Huge", huge, "Tokenizers", S3)
        line = 11
    elif fmt == "mkdocs":
        content = (
            f"# Topic\n\n**Proxies**\n: {S1}\n\n**Huge**\n\n{huge}\n\n**Tokenizers**\n: {S3}\n"
        )
        line = 8
    else:
        records = [("Proxies", S1), ("Huge", huge), ("Tokenizers", S3)]
        content = "\n".join(json.dumps({"title": t, "summary": s}) for t, s in records)
        line = 2
    path = write(tmp_path, "huge.txt", content)
    page = read_page(path)
    assert page.format == fmt
    assert pairs(page) == [("Proxies", S1), ("Tokenizers", S3)]
    problem = next(p for p in page.problems if p.severity == "error")
    assert problem.line == line
    assert "characters long (limit 20,000)" in problem.message


def test_overlong_title_is_skipped() -> None:
    title = "Scaling " * 200
    page = read_text(small_page(title.strip(), S1, "Tokenizers", S3), Path("notes.txt"))
    assert pairs(page) == [("Tokenizers", S3)]
    assert any("title is 1,599 characters long" in m for m in errors(page))


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.replace(b"\n", b"\r\n"),
        lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"),
        lambda b: b.replace(b"\n", b"\r"),
    ],
    ids=["bom", "crlf", "bom-crlf", "cr"],
)
def test_bom_and_line_endings(tmp_path: Path, transform) -> None:
    page = read_page(write(tmp_path, "notes.txt", transform(SAMPLE.read_bytes())))
    reference = read_page(SAMPLE)
    assert page.problems == []
    assert pairs(page) == pairs(reference)
    assert [note.line for note in page.notes] == [note.line for note in reference.notes]
    assert (page.venue, page.topic, page.claimed_count) == ("NeurIPS 2025", "Pretraining", 50)


def test_crlf_markdown(tmp_path: Path) -> None:
    content = (DATA / "mkdocs-rl.md").read_bytes().replace(b"\n", b"\r\n")
    page = read_page(write(tmp_path, "rl.md", content))
    assert pairs(page) == MKDOCS_RL
    assert page.problems == []


def test_control_characters_are_stripped_not_fatal() -> None:
    text = small_page("Pro\x07xies", "This paper\x1b[0m shows a small\x0c proxy model works well.")
    page = read_text(text, Path("notes.txt"))
    assert pairs(page) == [("Proxies", "This paper[0m shows a small proxy model works well.")]
    assert [(p.severity, p.line) for p in page.problems] == [("warning", 3), ("warning", 5)]
    assert "removed 3 control character(s)" in page.problems[1].message


def test_page_that_is_only_headers() -> None:
    page = read_text(
        "Skip to content\n\n📚 Pretraining\n\n🧠 NeurIPS2025 · 50 paper notes\n", Path("h")
    )
    assert page.format == "page"
    assert (page.topic, page.venue, page.claimed_count) == ("Pretraining", "NeurIPS 2025", 50)
    assert page.notes == []
    assert errors(page) == ["no notes found"]
    assert [p.severity for p in page.problems].count("warning") == 1


def test_claimed_count_that_differs_is_a_warning() -> None:
    page = read_text(small_page("Proxies", S1, "Tokenizers", S3), Path("notes.txt"))
    assert len(page.notes) == 2
    assert [(p.line, p.severity) for p in page.problems] == [(3, "warning")]
    assert "claims 3 paper notes but 2 were read" in page.problems[0].message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "Broken", "summary": ', "not valid JSON"),
        ('["title", "summary"]', "expected a JSON object, got an array"),
        ('{"summary": "No title here."}', 'missing "title"'),
        ('{"title": "No summary"}', 'missing "summary"'),
        ('{"title": "  ", "summary": "Blank title."}', "empty title"),
        ('{"title": "Empty", "summary": ""}', "empty summary"),
        ('{"title": 42, "summary": "Number title."}', '"title" must be a string, got a number'),
        ('{"title": "T", "summary": "S.", "venue": ["ICLR"]}', '"venue" must be a string'),
        ('{"title": "T", "summary": "S.", "topic": 3}', '"topic" must be a string'),
    ],
)
def test_jsonl_bad_line(tmp_path: Path, line: str, message: str) -> None:
    good = [
        json.dumps({"title": "Proxies", "summary": S1}),
        json.dumps({"title": "T3", "summary": S3}),
    ]
    path = write(tmp_path, "notes.jsonl", "\n".join([good[0], "", line, good[1]]) + "\n")
    page = read_page(path)
    assert page.format == "jsonl"
    assert pairs(page) == [("Proxies", S1), ("T3", S3)]
    assert [(p.line, p.severity) for p in page.problems] == [(3, "error")]
    assert message in page.problems[0].message
    assert str(page.problems[0]).startswith(f"{path}:3: error: ")


# --- venue and topic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "venue"),
    [
        ("🧠 NeurIPS2025 · 50 paper notes", "NeurIPS 2025"),
        ("🧠 ICML2024 · 50 paper notes", "ICML 2024"),
        ("🧠 ICLR 2025 · 50 paper notes", "ICLR 2025"),
        ("🧠 neurips2025 · 50 paper notes", "neurips 2025"),
        ("NeurIPS2025 · 50 paper notes", "NeurIPS 2025"),
    ],
)
def test_venue_normalisation(collection: str, venue: str) -> None:
    page = read_text(small_page("Proxies", S1, header=f"📚 Pretraining\n\n{collection}"), Path("n"))
    assert (page.venue, page.claimed_count) == (venue, 50)
    assert page.notes[0].venue == venue


@pytest.mark.parametrize(
    ("header", "topic"),
    [
        ("📚 Pretraining", "Pretraining"),
        ("🧑‍🔬 Science of Deep Learning", "Science of Deep Learning"),
        ("⚙️ Optimisation", "Optimisation"),
        ("Pretraining", "Pretraining"),
    ],
)
def test_topic_normalisation(header: str, topic: str) -> None:
    page = read_text(
        small_page("Proxies", S1, header=f"{header}\n\n🧠 ICLR2025 · 1 paper notes"), Path("n")
    )
    assert page.topic == topic
    assert page.notes[0].topic == topic
    assert page.problems == []


# --- files that cannot be opened ---------------------------------------------------------------


def test_missing_file_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_page(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(caught.value)


def test_directory_raises_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_page(tmp_path)


def test_unreadable_file_raises_read_error(tmp_path: Path) -> None:
    """A file whose reading fails, for root too: a process's own memory file, which the kernel
    refuses to read at offset 0 (EIO); where there is none, a file without read permission
    (which only root could still read)."""
    mem = Path("/proc/self/mem")
    if mem.exists():
        path = mem
    else:
        path = write(tmp_path, "secret.txt", SAMPLE.read_bytes())
        path.chmod(0)
    with pytest.raises(ReadError, match=re.escape(str(path))):
        read_page(path)


# --- properties --------------------------------------------------------------------------------

MARKDOWN_PIECES = st.sampled_from(
    [
        "**",
        "*",
        "_",
        "`",
        "$",
        "$$",
        "\\",
        "[",
        "](u)",
        "<!--",
        "-->",
        "# ",
        "## ",
        ": ",
        "- ",
        "!!! note",
        "    ",
        "\n",
        "\n\n",
        "---",
        "{",
        '"title"',
        "Title",
        " ",
        "\r",
        "\t",
        "A sentence that is long enough to be a summary of a paper. ",
        "🧠 NeurIPS2025 · 2 paper notes",
        "📚 Topic",
        "&amp;",
        "\x07",
        "\ufeff",
        "Top topics: ",
        "Back to top",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(MARKDOWN_PIECES, max_size=60).map("".join)))
def test_read_text_never_raises_and_notes_are_never_empty(text: str) -> None:
    page = read_text(text, Path("fuzz.txt"))
    assert page.format in FORMATS
    for note in page.notes:
        assert note.title and note.title == note.title.strip()
        assert note.summary and note.summary == note.summary.strip()
        assert note.line >= 1
    for problem in page.problems:
        assert problem.severity in {"error", "warning"}
        assert problem.line is None or problem.line >= 1
