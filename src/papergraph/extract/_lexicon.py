"""General word lists the extractor's rules use (English and ML-writing function words, cues).

Every list is general: cue verbs, head nouns and stop lists of research writing in any field.
None of them names an artifact. All are frozensets: components copy, never mutate, them.
"""

from __future__ import annotations

__all__ = [
    "ARTIFACT_HEADS",
    "BASE_CUES",
    "BEFORE_VERB",
    "COMPONENT_VERBS",
    "COORDINATORS",
    "DEPLOY_VERBS",
    "COMPARE_CUES",
    "COMPLETING_HEADS",
    "CONCEPT_BAD_HEADS",
    "CONCEPT_DROP_MODIFIERS",
    "CONCEPT_GENERIC_PHRASES",
    "DATASET_HEADS",
    "DATA_UNITS",
    "GENERIC_ACRONYMS",
    "GENERIC_CAPITALISED",
    "IMPROVED_CUES",
    "METRIC_HEADS",
    "METHOD_HEADS",
    "MODEL_HEADS",
    "NAMING_CUES",
    "NOUN_GERUNDS",
    "NOUN_VERBS_3SG",
    "NUMBER_WORDS",
    "OWN_MODIFIERS",
    "PART_HEADS",
    "FIELD_NOUNS",
    "ORGANISATION_HEADS",
    "PROPER_ADJECTIVES",
    "PROPOSE_VERBS",
    "RESULT_CUES",
    "SELF_SUBJECTS",
    "SELF_NOUNS",
    "TASK_CUES",
    "TASK_HEADS",
    "TOOL_VERBS",
    "USE_CUES",
    "VERBS",
    "verb_forms",
]


def verb_forms(bases: str) -> frozenset[str]:
    """All regular inflections of space-separated base verbs ("use" -> uses, used, using)."""
    forms: set[str] = set()
    for base in bases.split():
        forms.add(base)
        if base.endswith("e"):
            forms.update({base + "s", base + "d", base[:-1] + "ing"})
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.update({base[:-1] + "ies", base[:-1] + "ied", base + "ing"})
        elif (
            len(base) <= 4
            and base[-1] not in "aeiouwxy"
            and base[-2] in "aeiou"
            and base[-3] not in "aeiou"
        ):
            forms.update({base + "s", base + base[-1] + "ed", base + base[-1] + "ing"})
        elif base.endswith(("s", "sh", "ch", "x", "z")):
            forms.update({base + "es", base + "ed", base + "ing"})
        else:
            forms.update({base + "s", base + "ed", base + "ing"})
    return frozenset(forms)


PROPOSE_VERBS = verb_forms(
    "propose introduce present develop design release formulate define construct devise "
    "create contribute build offer open-source curate collect"
) | frozenset({"built", "proposal"})

# Verbs that list the parts of what their subject is: "FooNet comprises three modules: …",
# "a BarNet comprising A, B and C modules". With the paper or its proposal as the subject,
# the unknown names they introduce are the proposal's own parts.
COMPONENT_VERBS = verb_forms(
    "comprise consist incorporate integrate contain feature equip couple unfold"
) | frozenset({"composed", "made", "accomplished", "achieved", "realized", "realised"})

# Verbs with which the paper takes up a tool: with the paper or its proposal as the subject,
# a name they introduce is its own only when the note defines it ("employs an X-guided Y
# Enhancement (XYE) module") or a part noun follows it ("a Foo module").
TOOL_VERBS = verb_forms("employ adopt leverage utilize utilise use apply") | frozenset(
    {"through", "via"}
)

# Nouns by which a note refers back to its own proposal ("the method employs …").
SELF_NOUNS = frozenset(
    {"method", "framework", "model", "approach", "system", "architecture", "network",
     "pipeline", "algorithm", "technique", "design", "scheme", "solution", "tool", "agent"}
)  # fmt: skip

# Nouns that name a part of a proposal ("a Foo module", "two modules: A and B").
PART_HEADS = frozenset(
    {"module", "modules", "block", "blocks", "component", "components", "branch", "branches",
     "layer", "layers", "unit", "units", "mechanism", "mechanisms", "strategy", "strategies",
     "loss", "losses", "head", "heads", "stage", "stages", "encoder", "decoder", "adapter",
     "network", "networks", "submodule", "submodules", "operator", "attention", "prompting"}
)  # fmt: skip

# Nouns after which an undefined acronym names a task, field or class of methods, not an
# artifact: "multi-exposure HDR reconstruction", "existing PTQ approaches", "CTR models".
FIELD_NOUNS = frozenset(
    {"restoration", "reconstruction", "prediction", "recommendation", "recommendations",
     "detection", "estimation", "generation", "segmentation", "classification", "enhancement",
     "imaging", "denoising", "deblurring", "recognition", "tracking", "synthesis",
     "forecasting", "translation", "compression", "sensing", "depth", "methods", "approaches",
     "techniques", "models", "systems", "frameworks", "algorithms", "setting", "settings",
     "paradigm", "paradigms", "regime", "scenario", "scenarios", "problem", "problems",
     "literature", "community", "research", "field", "applications", "pipelines",
     "reasoning", "capabilities", "performance"}
)  # fmt: skip

# Head nouns of a task's name: "Generic Event Boundary Detection (GEBD)", "Category-Agnostic
# Pose Estimation (CAPE)". Not "generation" or "retrieval", which also head methods
# ("Retrieval-Augmented Generation").
TASK_HEADS = frozenset(
    {"detection", "segmentation", "recognition", "estimation", "tracking", "answering",
     "captioning", "classification", "localization", "localisation", "forecasting",
     "completion", "grounding", "synthesis", "understanding", "reconstruction", "restoration",
     "super-resolution", "parsing", "summarization", "summarisation", "equivariance",
     "invariance"}
)  # fmt: skip

# Words before a task's name that make it what the paper works on, not a tool it uses:
# "introduces diffusion models into Generic Event Boundary Detection (GEBD)".
TASK_CUES = frozenset(
    {
        "for",
        "into",
        "in",
        "on",
        "of",
        "to",
        "address",
        "addresses",
        "addressing",
        "tackle",
        "tackles",
        "tackling",
    }
)

# Words right before a name that mark it as the paper's own ("the self-constructed X
# benchmark", "our X", "the proposed X").
OWN_MODIFIERS = frozenset(
    {"our", "proposed", "self-constructed", "self-collected", "self-built", "self-curated",
     "newly-constructed", "newly-built", "newly-proposed", "novel"}
)  # fmt: skip

# Words that report results: a name after "… achieving state-of-the-art performance on"
# is what the proposal is evaluated on, not one of its parts.
RESULT_CUES = verb_forms(
    "achieve outperform surpass reach attain yield deliver set beat exceed"
) | frozenset({"performance", "results", "state-of-the-art", "sota", "accuracy", "gains",
               "improvements", "experiments", "evaluations", "evaluated", "tested",
               "benchmarked", "validated", "demonstrated", "experimented"})  # fmt: skip

NAMING_CUES = frozenset({"called", "named", "dubbed", "termed", "coined", "call", "nicknamed"})

SELF_SUBJECTS = frozenset(
    {"we", "paper", "work", "authors", "it", "study", "article", "this", "our", "they"}
)

USE_CUES = frozenset(
    {"using", "use", "uses", "used", "with", "via", "based", "leverages", "leveraging",
     "leverage", "employs", "employing", "adopts", "adopting", "applies", "applying", "from",
     "atop", "finetunes", "fine-tunes", "fine-tuning", "trains", "training", "pretrained",
     "pre-trained", "extends", "extending", "generalizes", "generalises", "into", "of"}
)  # fmt: skip

# Verbs that name what a method is built from, also inside "…, which extends X".
BASE_CUES = frozenset(
    {"extends", "extending", "extend", "improves", "improving", "modifies", "modifying",
     "adapts", "adapting", "generalizes", "generalises", "generalizing", "augments", "upon",
     "distilled", "distils", "distills", "replaces", "replacing", "builds", "atop",
     "fine-tunes", "finetunes", "fine-tune", "finetune", "fine-tuned", "finetuned"}
)  # fmt: skip

COMPARE_CUES = frozenset(
    {"outperforms", "outperforming", "outperform", "outperformed", "over", "than", "versus",
     "vs", "vs.", "against", "compared", "comparing", "comparison", "surpasses", "surpassing",
     "beats", "beating", "matches", "matching", "rivals", "exceeds", "exceeding", "baseline",
     "baselines", "conventional", "traditional", "existing", "standard", "vanilla", "prior",
     "previous", "classical", "classic", "popular", "widely-used", "off-the-shelf", "original",
     "competing", "various", "several", "other"}
)  # fmt: skip

IMPROVED_CUES = frozenset(
    {"improved", "modified", "extended", "enhanced", "adapted", "revised", "refined",
     "variant", "version", "generalized", "generalised", "simplified", "corrected", "tuned"}
)  # fmt: skip

DATASET_HEADS = frozenset(
    {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "task", "tasks",
     "environment", "environments", "games", "game", "suite", "split", "splits", "leaderboard",
     "testbed", "challenge", "data", "accuracy", "episodes", "levels", "problems", "domains",
     "subset", "test", "tests", "scenes", "images", "videos", "leaderboards", "suites",
     "targets", "set", "sets", "track", "tracks", "collection"}
)  # fmt: skip

# What a dataset counts its records in: "FooQA (10,836 questions)", "(230K episodes × 571
# scenes)"
DATA_UNITS = frozenset(
    {"questions", "samples", "examples", "instances", "images", "videos", "clips", "episodes",
     "pairs", "documents", "dialogues", "dialogs", "conversations", "utterances", "sentences",
     "articles", "annotations", "queries", "trajectories", "demonstrations", "recordings",
     "records", "patients", "entries", "triples", "scenes", "frames", "hours", "problems",
     "prompts", "tokens", "items", "cases", "reviews", "posts", "passages", "claims"}
)  # fmt: skip

MODEL_HEADS = frozenset(
    {"model", "models", "llm", "llms", "architecture", "architectures", "network", "networks",
     "backbone", "backbones", "encoder", "encoders", "decoder", "decoders", "family",
     "families", "checkpoint", "checkpoints", "suite", "variants", "agent", "agents",
     "classifier", "policy", "policies", "tokenizer", "vlm", "vlms", "aligner",
     "student", "teacher", "baseline", "generator", "retriever", "reranker",
     "verifier", "judge", "critic", "discriminator", "embedder"}
)  # fmt: skip

METHOD_HEADS = frozenset(
    {"method", "methods", "algorithm", "algorithms", "approach", "technique", "framework",
     "optimizer", "optimizers", "optimiser", "optimisers", "procedure", "strategy", "pipeline",
     "scheme", "system", "loss", "objective", "regularizer", "estimator", "sampler", "attack",
     "defense", "defence", "mechanism", "layer", "operator", "protocol", "paradigm", "setting",
     "formulation", "theory", "hypothesis", "recipe", "tool", "toolkit", "library", "engine",
     "solver", "search", "head", "block", "component", "adapter", "prompting", "planner",
     "sampling", "module", "modules", "blocks", "components", "mechanisms", "strategies"}
)  # fmt: skip

METRIC_HEADS = frozenset(
    {"metric", "metrics", "score", "measure", "distance", "divergence", "index", "criterion",
     "statistic", "predicate", "norm", "coefficient", "ratio", "proxy"}
)  # fmt: skip

# Head nouns of every kind of artifact: "the FOO model", "FOO loss", "the FOO benchmark"
ARTIFACT_HEADS = MODEL_HEADS | METHOD_HEADS | METRIC_HEADS | DATASET_HEADS

# Lowercase head nouns that complete a capitalised non-name ("Kaplan-Meier estimator",
# "Gibbs sampling"), so the whole phrase is the name.
COMPLETING_HEADS = frozenset(
    {"sampling", "sampler", "interpolator", "interpolation", "estimator", "regression",
     "distance", "divergence", "kernel", "kernels", "process", "processes", "transform",
     "features", "functions", "decomposition", "inequality", "filter", "dynamics", "search",
     "descent", "loss", "entropy", "coefficient", "equation", "equations", "forest", "norm",
     "quasi-norm", "score", "embedding", "embeddings", "test", "walk", "chain", "chains",
     "attention", "normalization", "normalisation", "pooling", "decoding", "tuning", "scaling",
     "operator", "operators", "metric"}
)  # fmt: skip

# Capitalised words that are adjectives or names inside ordinary terms ("Bayesian estimation",
# "Gaussian noise"): never an artifact by themselves.
PROPER_ADJECTIVES = frozenset(
    {"bayesian", "gaussian", "euclidean", "riemannian", "markov", "markovian", "lipschitz",
     "hessian", "jacobian", "laplacian", "boolean", "newtonian", "hamiltonian", "lagrangian",
     "fourier", "poisson", "bernoulli", "dirichlet", "wasserstein", "hilbert", "banach",
     "sobolev", "kolmogorov", "shannon", "fisher", "kullback", "leibler", "turing", "hebbian",
     "pareto", "nash", "boltzmann", "ising", "cholesky", "taylor", "lyapunov", "chebyshev",
     "gauss", "newton", "euler", "cartesian", "abelian", "borel", "lebesgue", "cauchy",
     "jensen", "hoeffding", "bregman", "english", "chinese", "french", "german", "spanish",
     "japanese", "korean", "arabic", "hindi", "russian", "european", "american", "african",
     "asian", "internet", "web", "earth", "bellman", "darwinian", "socratic", "platonic",
     "shapley", "nesterov", "hopfield", "gram", "schur", "frobenius", "kronecker", "wiener",
     "brownian", "dirac", "heaviside", "sigmoid", "softmax"}
)  # fmt: skip

# Capitalised words that start clauses or headings, never names on their own.
GENERIC_CAPITALISED = frozenset(
    {"the", "this", "these", "those", "we", "our", "it", "its", "they", "a", "an", "in", "on",
     "by", "for", "from", "to", "with", "through", "using", "when", "while", "however",
     "moreover", "furthermore", "finally", "first", "second", "third", "then", "also", "both",
     "each", "all", "unlike", "specifically", "overall", "experiments", "results", "table",
     "figure", "fig", "section", "appendix", "eq", "equation", "theorem", "lemma",
     "corollary", "proposition", "definition", "algorithm", "step", "stage", "phase", "part",
     "chapter", "note", "notes", "top", "bottom", "left", "right", "january", "february",
     "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december", "code", "project", "page", "github", "arxiv", "openreview", "neurips", "icml",
     "iclr", "cvpr", "acl", "emnlp", "aaai", "ijcai", "eccv", "iccv", "naacl", "kdd", "sigir",
     "colm", "tmlr", "jmlr", "et", "al", "given", "across", "based", "building", "beyond",
     "despite", "after", "before", "under", "over", "without", "within", "via", "as", "at",
     "instead", "here", "there", "thus", "hence", "therefore", "notably", "importantly",
     "together", "further", "additionally", "besides", "consequently", "surprisingly"}
)  # fmt: skip

# Acronyms of fields, generic model classes, hardware and data kinds: never artifacts
# ("LLM(s)" is never an entity). Compared by `name_key` (lowercase, singular).
GENERIC_ACRONYMS = frozenset(
    {"llm", "lm", "vlm", "mllm", "lvlm", "slm", "plm", "ai", "agi", "ml", "dl", "nlp", "nlu",
     "nlg", "cv", "rl", "marl", "gpu", "cpu", "tpu", "npu", "ram", "ssd", "hdd", "qa", "vqa",
     "ood", "iid", "sota", "api", "dna", "rna", "mrna", "mri", "fmri", "eeg", "ecg", "meg",
     "pde", "ode", "sde", "id", "url", "html", "pdf", "json", "csv", "usa", "us", "uk", "eu",
     "flop", "flops", "dp", "pp", "tp", "it", "ok", "and", "or", "not", "all", "new", "tl",
     "dr", "tldr", "faq", "nn", "dnn", "ann", "ssm", "io", "fp", "bf", "fp16", "bf16",
     "fp32", "fp8", "int8", "int4", "rgb", "rgbd", "3d", "2d", "1d", "4d", "hz", "khz", "ghz",
     "ms", "gb", "mb", "kb", "tb", "pb", "gflop", "tflop", "pflop", "sec", "phd", "ceo", "ui",
     "ux", "gui", "os", "hpc", "lidar", "ct", "pet", "iot", "ir", "uav", "vs", "etc", "eg",
     "ie", "wrt", "ci", "hbm", "sram", "dram", "pcie", "nvlink", "cuda", "sql", "ner", "pos",
     "ocr", "asr", "tts", "mt", "ar", "vr", "xr", "ssl", "sl", "il", "irl", "hci", "fps", "db",
     "dbs", "mhz", "kwh", "mw", "gw", "ppm", "rpm", "bpm", "fl", "e2e", "mimo", "gnn",
     "lmm", "lrm", "vfm", "vla", "vln", "mdp", "pomdp", "icl", "ema", "dag",
     "mtl", "tta", "lp", "ilp", "milp", "qp"}
)  # fmt: skip

# -ing words that name an activity or field in research writing ("curriculum learning",
# "training data", "learning rate scheduling"), not a verb of the sentence.
NOUN_GERUNDS = frozenset(
    {"learning", "training", "pretraining", "pre-training", "fine-tuning", "finetuning",
     "tuning", "scheduling", "modeling", "modelling", "sampling", "clustering", "pooling",
     "scaling", "encoding", "decoding", "forecasting", "reasoning", "planning", "computing",
     "processing", "matching", "ranking", "embedding", "rewiring", "fingerprinting", "testing",
     "prompting", "labeling", "labelling", "understanding", "programming", "mining", "indexing",
     "retrieval", "pruning", "hashing", "masking", "routing", "tracking", "parsing", "tagging",
     "captioning", "grounding", "editing", "filtering", "smoothing", "averaging", "splatting",
     "rendering", "denoising", "inpainting", "warmup", "batching", "caching", "serving",
     "distilling", "bootstrapping", "partitioning", "streaming", "passing", "sharing", "answering",
     "writing", "drawing", "spotting", "building", "setting", "offloading"}
)  # fmt: skip

ORGANISATION_HEADS = frozenset(
    {"university", "institute", "centre", "center", "laboratory", "lab", "labs", "inc",
     "corporation", "corp", "foundation", "agency", "council", "department", "office",
     "college", "school", "academy", "hospital", "company", "group", "consortium", "ltd"}
)  # fmt: skip

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozens": 24, "hundreds": 200,
    "thousands": 2000, "millions": 2_000_000, "billions": 2_000_000_000,
}  # fmt: skip

# Verbs that are also common nouns ("model", "work", "scale"): only their -ed/-ing forms
# count as verbs.
_NOUN_VERBS = (
    "model work study set scale test report control span shift drop match run fit approach "
    "account update increase decrease focus guide help limit measure support transfer track "
    "yield lead hold gain train use rival freeze grow pass exist embed design release "
    "collapse drive pattern need change rank sample target process benefit address"
)
NOUN_VERBS_3SG = frozenset(f for f in verb_forms(_NOUN_VERBS) if f.endswith("s"))
VERBS = (
    verb_forms(
        "achieve adopt align allow analyze analyse apply approximate argue assess assume avoid "
        "bypass capture cause challenge characterize characterise close combine compare "
        "compress compute consider consist construct contain converge correlate decompose "
        "decouple demonstrate depend derive describe detect determine differ differentiate "
        "discover distinguish eliminate emerge employ enable encode encompass enhance ensure "
        "establish estimate evaluate examine exceed exhibit explain exploit explore expose "
        "extend extrapolate facilitate fail fill find follow fuse generalize generalise "
        "generate give handle highlight identify illustrate implement improve incorporate "
        "incur induce infer integrate involve lack learn leverage localize maintain make "
        "modify motivate obtain offload operate optimize optimise outperform overcome overfit "
        "perform predict preserve prevent produce prove provide quantify reach recover reduce "
        "reframe relate rely remain remove replace represent require resolve retain reveal "
        "select serve shorten show simplify solve speed stem suffer suggest surpass take tend "
        "trap uncover underestimate overestimate unify utilize validate vary append compose "
        "enjoy extract mitigate obscure outline encourage accelerate refine rethink revisit"
    )
    | frozenset(f for f in verb_forms(_NOUN_VERBS) if f.endswith(("ed", "ing")))
    | frozenset(
        {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "can",
         "could", "may", "might", "must", "shall", "should", "will", "would", "does", "do",
         "did", "found", "shown", "made", "taken", "given", "led", "held", "known", "seen",
         "chosen", "proven", "grown", "drawn", "understood", "become", "becomes", "fed", "met",
         "kept", "brought", "thought"}
    )
)  # fmt: skip

# Subjects and auxiliaries: the content word right after one is the clause's verb ("we study
# X", "it can handle X", "codecs do not yield X"), not the start of a noun phrase.
BEFORE_VERB = frozenset(
    {"we", "they", "it", "which", "who", "can", "could", "may", "might", "will", "would",
     "should", "must", "cannot", "also", "not", "does", "do"}
)  # fmt: skip

# Phrases too generic to tag a paper with, by concept key (lowercase, last word singular):
# the model class every note of a page shares ("LLM(s)" is never an entity either).
CONCEPT_GENERIC_PHRASES = frozenset({"language model", "pretrained model", "pre-trained model"})

# Modifiers stripped from the front of a concept chunk ("a novel framework" -> "framework").
CONCEPT_DROP_MODIFIERS = frozenset(
    {
        "new",
        "novel",
        "simple",
        "various",
        "different",
        "existing",
        "proposed",
        "several",
        "many",
        "multiple",
        "such",
        "other",
        "first",
        "key",
        "main",
        "primary",
        "specific",
        "general",
        "overall",
        "significant",
        "substantial",
        "strong",
        "consistent",
        "comparable",
        "better",
        "improved",
        "effective",
        "unified",
        "additional",
        "fundamental",
        "practical",
        "systematic",
        "theoretical",
        "empirical",
        "rigorous",
        "explicit",
        "entire",
        "complete",
        "precise",
        "accurate",
        "surprising",
        "core",
        "critical",
        "crucial",
        "important",
        "certain",
        "particular",
        "traditional",
        "conventional",
        "minimalist",
        "lightweight",
        "same",
        "actual",
        "original",
        "single",
        "both",
        "each",
        "every",
        "all",
        "more",
        "most",
        "less",
        "least",
        "only",
        "very",
        "highly",
        "state-of-the-art",
        "sota",
        "common",
        "typical",
        "standard",
        "previous",
        "prior",
        "recent",
        "current",
        "further",
        "given",
        "respective",
        "corresponding",
        "underlying",
        "broad",
        "wide",
        "diverse",
        "numerous",
        "extensive",
        "large",
        "larger",
        "largest",
        "high",
        "higher",
        "low",
        "lower",
        "superior",
        "competitive",
        "remarkable",
        "notable",
        "promising",
        "well-known",
        "whole",
        "potential",
        "possible",
        "relevant",
        "interesting",
        "natural",
        "real",
        "true",
        "joint",
        "principled",
        "efficient",
        "powerful",
        "robust",
        "scalable",
        "flexible",
        "generic",
        "straightforward",
        "careful",
        "detailed",
        "thorough",
        "comprehensive",
        # comparatives: "fewer pretraining epochs", "smaller memory footprint"
        "smaller",
        "smallest",
        "fewer",
        "fewest",
        "earlier",
        "faster",
        "slower",
        "longer",
        "shorter",
        "stronger",
        "weaker",
        "deeper",
        "wider",
        "greater",
        "simpler",
        "cheaper",
        "easier",
        "harder",
        "flatter",
        "sharper",
        "tighter",
        "richer",
        "finer",
        "coarser",
        "worse",
        "best",
        "worst",
        "closer",
        "broader",
        "narrower",
        "lighter",
        "heavier",
    }
)

# Single-word chunks too generic to tag a paper with.
CONCEPT_BAD_HEADS = frozenset(
    {
        # generic title words (a "guide", an "investigation" is no research topic)
        "guide",
        "investigation",
        "overview",
        "survey",
        "lens",
        "understanding",
        "neural",
        "architectures",
        "paper",
        "work",
        "study",
        "approach",
        "method",
        "methods",
        "result",
        "results",
        "performance",
        "art",
        "way",
        "ways",
        "number",
        "set",
        "family",
        "variety",
        "range",
        "terms",
        "term",
        "part",
        "case",
        "cases",
        "use",
        "ability",
        "problem",
        "problems",
        "task",
        "tasks",
        "data",
        "model",
        "models",
        "framework",
        "analysis",
        "experiment",
        "experiments",
        "baseline",
        "baselines",
        "times",
        "order",
        "orders",
        "magnitude",
        "level",
        "levels",
        "fact",
        "end",
        "effect",
        "effects",
        "role",
        "type",
        "types",
        "kind",
        "form",
        "amount",
        "process",
        "paradigm",
        "setting",
        "settings",
        "basis",
        "gap",
        "issue",
        "issues",
        "question",
        "questions",
        "aspect",
        "aspects",
        "property",
        "properties",
        "insight",
        "insights",
        "finding",
        "findings",
        "contribution",
        "contributions",
        "improvement",
        "improvements",
        "gains",
        "gain",
        "accuracy",
        "quality",
        "cost",
        "costs",
        "time",
        "state",
        "signal",
        "technique",
        "techniques",
        "strategy",
        "strategies",
        "inputs",
        "input",
        "output",
        "outputs",
        "function",
        "functions",
        "value",
        "values",
        "parameter",
        "parameters",
        "scale",
        "scales",
        "evidence",
        "view",
        "perspective",
        "position",
        "pathway",
        "condition",
        "conditions",
        "guarantees",
        "boundaries",
        "capabilities",
        "capability",
        "behavior",
        "behaviour",
        "mechanisms",
        "mechanism",
        "metadata",
        "subset",
        "replacement",
        "measure",
        "variance",
        "version",
        "variants",
        "alternative",
        "pattern",
        "patterns",
        "step",
        "steps",
        "stage",
        "stages",
        "component",
        "components",
        "module",
        "modules",
        "design",
        "designs",
        "choice",
        "choices",
        "object",
        "objects",
        "sample",
        "samples",
        "example",
        "examples",
        "instance",
        "instances",
        "lessons",
        "need",
        "needs",
        "benefit",
        "benefits",
        "advantage",
        "advantages",
        "implementation",
        "system",
        "systems",
        "dataset",
        "datasets",
        "benchmark",
        "benchmarks",
        "community",
        "field",
        "areas",
        "area",
        "tokens",
        "token",
        "layers",
        "layer",
        "degree",
        "extent",
        "means",
        "manner",
        "regime",
        "phenomenon",
        "phenomena",
        "principle",
        "principles",
        "theory",
        "proof",
        "bound",
        "bounds",
        "approximation",
        "approximations",
        "derivation",
        "formula",
    }
)

# Words of clause structure that the relation rules and the proposal scopes both read.
COORDINATORS = frozenset({"along", "together", "well"})  # "along with", "as well as"
DEPLOY_VERBS = frozenset({"deployed", "deploy", "deploying", "launched", "shipped", "serving"})
