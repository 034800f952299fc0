"""Name shapes: what a token or label looks like (acronym, CamelCase, versioned, Title word).

Pure string functions, shared by the extractor (is this token a name?) and the linker
(version-hyphenated labels, the variant hierarchy Llama-3.1-8B -> Llama-3.1 -> Llama).
"""

from __future__ import annotations

import re
from functools import lru_cache

from papergraph.extract.text import name_key

__all__ = [
    "benchmark_shaped",
    "METRIC_NAMES",
    "dataset_shaped",
    "metric_shaped",
    "model_shaped",
    "AFFIX_SUFFIXES",
    "DIMENSION",
    "DIMENSION_NAME",
    "name_parts",
    "part_keys",
    "hyphenate_version",
    "is_version_token",
    "name_shape",
    "split_affixes",
    "variant_parent",
]

# "-based", "-like" … after a name: "Transformer-based" names "Transformer".
AFFIX_SUFFIXES = frozenset(
    {"based", "like", "style", "level", "scale", "sized", "size", "free", "only", "aware",
     "guided", "specific", "driven", "inspired", "type", "family", "generated", "trained",
     "pretrained", "tuned", "finetuned", "derived", "compatible", "agnostic", "augmented",
     "conditioned", "enhanced", "centric", "native", "powered", "equipped", "initialized",
     "initialised", "distilled", "produced", "labeled", "labelled", "annotated", "scored",
     "judged", "evaluated", "sampled", "optimized", "optimised", "token", "tokens", "layer",
     "layers", "step", "steps", "shot", "dimensional", "wise"}
)  # fmt: skip
# a participle or adjective after a hyphen makes the token a modifier of what follows:
# "KL-regularized objective", "CLIP-aligned features", "SOAP-structured notes"
_MODIFIER_TAIL = re.compile(r"^[a-z]{3,}(?:[^e]ed|ive|ous|able|ible|ic)$")
_METRIC_AT_K = re.compile(r"^[A-Za-z][A-Za-z]*@(?:\d+|k)%?$")
_LOWER_DIGIT_NAME = re.compile(r"^[a-z]+\d+[a-z]+$")  # "word2vec", "wav2vec"
_GENERIC_SHAPES = re.compile(r"^(?:Top|Pass|Hits|Recall|Acc)-?(?:\d+|k|K)$|^[A-Z]\d{1,2}$")
# "Q-functions", "p-values": one-letter prefixes of ordinary (plural) terms.
_GENERIC_SINGLE_LETTER = re.compile(
    r"^[A-Za-z]-[a-z]+s$|^[QPZXTqpzxt]-(?:value|function|network|score|ray|test|step)$"
    r"|^[a-z]+-(?:I|II|III|IV)$"
)
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+[a-z]?$|^[vV]\d+[a-z]?$")
# "-0.396" after a name is a value it reached ("Pearson-0.396"), not a version ("-3.1")
_MORE_K = re.compile(r"(?<=@\d)(?:/\d+)+$|(?<=@\d\d)(?:/\d+)+$")
_GREEK_LETTERS = frozenset(
    {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
     "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
     "chi", "psi", "omega"}
)  # fmt: skip
_VALUE = re.compile(r"^\d+\.\d{2,}$")
_VALUE_SUFFIX = re.compile(r"-\d*\.\d{2,}$|[=:]\d[\d.]*%?$")  # "Pearson-0.52", "FID=8.3"
_SIZE = re.compile(r"^\d+(?:\.\d+)?[BMKT]$", re.IGNORECASE)
# Trailing "-8B" sizes, "-Instruct" style tags, then "-3.1" / " 3.1" / "2.5" / " v2" versions.
_SIZE_SUFFIX = re.compile(r"^(?P<base>.+?)[-\s_]?(?P<size>\d+(?:\.\d+)?[BMKT])$", re.IGNORECASE)
_TAG_SUFFIX = re.compile(
    r"^(?P<base>.+?)[-\s_](?P<tag>Instruct|Chat|Base|Large|Small|Medium|Mini|Tiny|XL|XXL|"
    r"Turbo|Pro|Plus|Lite|Preview|it|hf)$",
    re.IGNORECASE,
)
_VERSION_SUFFIX = re.compile(
    r"^(?P<base>.*?[A-Za-z][A-Za-z+]*)(?P<sep>[-\s_]?)(?P<version>v?\d+(?:\.\d+)*[a-z]?)$"
)
_NUMBERISH = re.compile(r"^\d+(?:\.\d+)*[A-Za-z]?$")
# "3DGS", "4DHands": a name after a dimension prefix; not "3D" or "4K" alone
DIMENSION_NAME = re.compile(r"^[1-9]D[A-Z]")
DIMENSION = re.compile(r"^[1-9]D$")  # "3D", "4D": a dimension, never a name on its own


@lru_cache(maxsize=65536)  # pure, and called for the same words again and again
def name_shape(word: str) -> str | None:
    """Classify a token as a name shape, or None for ordinary words and numbers.

    "acronym" (RWKV, GANs, GPT+), "versioned" (Llama-3.1-8B, OLMo-2, CIFAR-10, GPT-4o),
    "mixed" (RMSProp, xLSTM, KV-cache, SF-AdamW), "title" (Mamba, Hyena, Multi-task-tuning).
    """
    core = word.strip("\"'“”‘’`").rstrip("+*†")
    if DIMENSION_NAME.match(core):
        return name_shape(core[1:])  # "3DGS" is shaped as "DGS", "3DGStream" as "DGStream"
    if len(core) < 2 or not core[0].isalpha() or _GENERIC_SHAPES.match(core):
        return None
    if any(ch in "()[]{}" for ch in core) or _GENERIC_SINGLE_LETTER.match(core):
        return None
    if _METRIC_AT_K.match(core):
        return "mixed"
    if _LOWER_DIGIT_NAME.match(core):
        return "versioned"
    letters = [ch for ch in core if ch.isalpha()]
    if len(letters) < 2:
        return None
    uppers = sum(ch.isupper() for ch in letters)
    has_digit = any(ch.isdigit() for ch in core)
    if uppers >= 2 and (
        uppers == len(letters) or (core.endswith("s") and uppers == len(letters) - 1)
    ):
        return "versioned" if has_digit and re.search(r"[-\s.]\d", core) else "acronym"
    if has_digit and core[0].isupper():
        return "versioned"
    parts = core.split("-")
    if len(parts) > 1 and all(p[:1].isupper() and p[1:].islower() for p in parts if p):
        return "title"  # "Kaplan-Meier", "Cost-Per-Token"
    if any(ch.isupper() for ch in core[1:]) or re.match(r"^[A-Z]{1,3}-[a-z]", core):
        return "mixed"
    if core[0].isupper():
        return "title"
    return None


def is_version_token(word: str) -> bool:
    """ "3.1", "v2", "V3", "v1.5" are versions; "2.5b" is not, nor a value ("0.633")."""
    return bool(_VERSION.match(word)) and not _VALUE.match(word)


@lru_cache(maxsize=65536)  # pure; asked for every capitalised token
def split_affixes(word: str) -> tuple[int, int]:
    """Character range of the name inside an affixed token.

    "Transformer-based" -> (0, 11); "KL-regularized" -> (0, 2); "LoRA-fine-tuned" -> (0, 4);
    "near-Transformer" -> (5, 16);
    "SF-AdamW" -> (0, 8); "Pearson-0.52" -> (0, 7); "FID=8.3" -> (0, 3); "f-NCE" and
    "alpha-FooNCE" stay whole: a one-letter or Greek prefix is part of the name.
    """
    start, end = 0, len(word)
    value = _VALUE_SUFFIX.search(word) or _MORE_K.search(word)
    if value and value.start() > 1:
        end = value.start()  # "Pearson-0.52" -> Pearson; "Acc@5/10" -> Acc@5
    head, sep, tail = word[:end].rpartition("-")
    if sep and head and tail.islower() and (tail in AFFIX_SUFFIXES or _MODIFIER_TAIL.match(tail)):
        end = len(head)
        head, sep, tail = word[:end].rpartition("-")
        if sep and head and tail.isalpha() and tail.islower():
            end = len(head)  # "LoRA-fine-tuned", "CLIP-pre-trained": a compound participle
    first, sep, rest = word[:end].partition("-")
    modifier = first.islower() and first.isalpha() and len(first) > 1
    direction = rest.startswith(("to-", "in-"))  # "text-to-3D": one direction, not a name
    if (
        sep
        and modifier
        and first not in _GREEK_LETTERS
        and rest
        and not direction
        and name_shape(rest)
    ):
        start = len(first) + 1  # not "f-NCE", "alpha-Foo": those prefixes are the name's
    return start, end


def hyphenate_version(label: str) -> str:
    """ "Llama 3.1 8B" -> "Llama-3.1-8B"; "GPT 4" -> "GPT-4"; "Orca Models v2" is kept."""
    words = label.split()
    if len(words) < 2:
        return label
    out = words[0]
    for word in words[1:]:
        out += ("-" if _NUMBERISH.match(word) else " ") + word
    return out


@lru_cache(maxsize=65536)  # pure; asked for every candidate of every note
def variant_parent(label: str) -> str | None:
    """The label one step up the variant hierarchy, or None.

    "Llama-3.1-8B" -> "Llama-3.1" -> "Llama"; "OLMo-2-7B" -> "OLMo-2" -> "OLMo";
    "Qwen2.5-7B-Instruct" -> "Qwen2.5-7B"; "Orca Models v2" -> "Orca Models";
    "GPT-4o" -> "GPT". A label that is only a number, or whose base would be under two
    letters, has no parent.
    """
    label = label.strip()
    for pattern in (_TAG_SUFFIX, _SIZE_SUFFIX, _VERSION_SUFFIX):
        match = pattern.match(label)
        if match:
            base = match.group("base").rstrip("-_ ")
            if sum(ch.isalpha() for ch in base) >= 2:
                return base
    return None


_PART = re.compile(r"[^\s\-→/]+")


def name_parts(surface: str, max_parts: int = 3) -> list[tuple[int, int]]:
    """Character ranges of the contiguous proper sub-sequences (up to `max_parts` words) of
    the words of a name: "Online SGW-KDE" -> Online, SGW, KDE, Online SGW, SGW-KDE."""
    words = [m.span() for m in _PART.finditer(surface)]
    out = []
    for n in range(1, min(max_parts, len(words) - 1) + 1):
        for k in range(len(words) - n + 1):
            out.append((words[k][0], words[k + n - 1][1]))
    return out


def part_keys(texts) -> set[str]:
    """`name_key`s of the name-shaped single-word parts of several names."""
    keys: set[str] = set()
    for text in texts:
        keys.update(_part_keys_of(text))
    return keys


@lru_cache(maxsize=65536)  # pure; names come back in every note that mentions them
def _part_keys_of(text: str) -> tuple[str, ...]:
    return tuple(
        name_key(text[s:e]) for s, e in name_parts(text, max_parts=1) if name_shape(text[s:e])
    )


_MODEL_FRAGMENT = re.compile(
    r"(?:Net|Nets|ormer|Former|GPT|BERT|BERTa|LLaMA|Llama|LLaVA|CLIP|ViT|VLA|GNN|GCN|GAN|VAE|"
    r"Mamba|Diffusion|diffusion|Fold|Whisper|SAM|Rec|TST|Mixer|UNETR|U-Net|Qwen|Gemma|Mistral|"
    r"Pythia|Vicuna|Zephyr|OLMo|Claude|Gemini|DINO|T5|FM|ONet|Codec|Stream)s?"
    r"(?=$|[-\s\d.+v/])"
    r"|LMs?(?=$|[\s\d.+v/])"  # "BioLM", "Foo-LM 2"; not the class prefix of "LLM-Foo"
    r"|-(?:XXL|XL|Large|Base|Small|Tiny|Huge|Giant)(?=$|[-/\s])|-[SBLH]/\d+$"  # "FooT-XL/2"
)
_DATASET_FRAGMENT = re.compile(
    r"(?:Bench|Eval|QA|Text|Corpus|Arena|Gym|MARCO|SQuAD|Set)(?=$|[-\s\d])"
)


_BENCHMARK_FRAGMENT = re.compile(
    r"(?:Bench|Arena|Gym)(?=$|[-\s\d])|\s(?:Task|TASK|Track|Subtask)[-\s]?\d+$"
)


def benchmark_shaped(name: str) -> bool:
    """ "HarmBench", "Chatbot Arena", "MiniGrid-Gym", "FooEval-2026 Task 9": a benchmark's or
    a shared task's name, whatever the sentence around it says."""
    return bool(_BENCHMARK_FRAGMENT.search(name))


@lru_cache(maxsize=65536)  # pure; asked for every candidate
def model_shaped(name: str) -> bool:
    """ "DenseNet-121", "Graphormer", "BiomedCLIP", "Video-LLaVA", "SASRec" look like models."""
    return bool(_MODEL_FRAGMENT.search(name)) and not dataset_shaped(name)


@lru_cache(maxsize=65536)  # pure; asked for every candidate
def dataset_shaped(name: str) -> bool:
    """ "MT-Bench", "AlpacaEval 2.0", "WikiText-2", "MSVD-QA" look like datasets."""
    return bool(_DATASET_FRAGMENT.search(name))


# Common evaluation metrics, by lowercase name (general knowledge, not any page's names).
METRIC_NAMES = frozenset(
    {"accuracy", "auc", "auroc", "auprc", "roc auc", "f1", "macro-f1", "micro-f1", "bleu",
     "rouge", "rouge-l", "meteor", "cider", "spice", "wer", "cer", "per", "mrr", "ndcg", "map",
     "mae", "mse", "rmse", "mape", "smape", "mase", "crps", "nll", "fid", "kid", "fad", "fvd",
     "is", "psnr", "ssim", "lpips", "iou", "miou", "dice", "hd95", "ece", "mos", "cka", "svcca",
     "perplexity", "ppl", "elo", "sctm", "tm-score", "rmsd", "lddt", "plddt", "gdt", "chrf",
     "comet", "bertscore", "clipscore", "em", "kl", "js", "mmd", "wasserstein", "ade", "fde",
     "spl", "ap", "cvar", "map50", "ndcg@k", "recall@k", "hit@k", "top-1", "top-5", "pearson",
     "spearman", "kendall", "tpr", "fpr", "tnr", "fnr", "ppv", "npv", "eer", "far", "frr",
     "aupr", "mcc", "r2", "bpb", "bpc", "pesq", "stoi", "si-sdr", "sdr", "utmos", "dnsmos",
     "mpjpe", "pa-mpjpe", "pck", "epe", "clip-i", "clip-t", "dino-i", "hter", "ter", "mota",
     "idf1", "hota", "kvd", "lpips-vgg"}
)  # fmt: skip
_METRIC_SHAPE = re.compile(
    r"@\s*(?:\d|k\b)|(?:^|[\s-])(?:F1|AUC|AUROC|AUPRC|BLEU|ROUGE)(?:$|[\s-])|IoU$"
    r"|(?:\b[Ss]|(?<=[A-Za-z0-9])S)core$"  # "Dice score", "FooScore"
    r"|\b(?:[Mm]etric|[Dd]istance|[Dd]ivergence|[Ee]rror [Rr]ate|[Ii]ndex)$"
    r"|\s(?:quasi-)?norm$"
)


# Metric names that also end names of other things ("Point-MAE", "Foo-IS", "Bar-COMET"), so
# they make no metric at the end of a longer name.
_AMBIGUOUS_METRIC_ENDS = frozenset(
    {"mae", "is", "em", "per", "far", "comet", "spice", "meteor", "elo", "mos", "kl", "js",
     "ter", "ade", "spl", "dice"}
)  # fmt: skip
# A measure named by its kind at the end of a capitalised name: "Answer Recall", "ICD-Recall"
_METRIC_END_WORDS = frozenset({"recall", "precision"})
# One lowercase letter marking a variant of an upper-case metric: "rFVD", "gFID", "sFID"
_METRIC_VARIANT = re.compile(r"^[a-z]([A-Z]{3,})$")


@lru_cache(maxsize=65536)  # pure; asked for every candidate
def metric_shaped(name: str) -> bool:
    """ "nDCG@10", "Macro-F1", "WER", "Dice score", "ROC AUC", "KL distance", "PSNR-Y",
    "Avg mAP", "Answer Recall", "rFVD" look like metrics."""
    low = name.lower()
    if low in METRIC_NAMES or _METRIC_SHAPE.search(name):
        return True
    if (variant := _METRIC_VARIANT.match(name)) and variant.group(1).lower() in METRIC_NAMES:
        return True
    base = low.split("-", 1)[0]
    if "-" in low and len(base) >= 4 and base in METRIC_NAMES:
        return True
    if name[:1].isupper() and re.split(r"[\s-]", low)[-1] in _METRIC_END_WORDS:
        return True  # "Answer Recall", "ICD-Recall"; not "full precision"
    end = low.rsplit(" ", 1)[-1]  # "Avg mAP", "ATE RMSE"; not "Ti-FAD", a name of its own
    return end != low and end in METRIC_NAMES and end not in _AMBIGUOUS_METRIC_ENDS
