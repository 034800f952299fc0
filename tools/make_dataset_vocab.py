"""Write `ontology/vocab/torch-datasets.ttl`: the standard datasets that PyTorch's domain
libraries ship loaders for, as a SKOS scheme whose concepts suggest the type Dataset.

The names come from the wheels of torchvision, torchaudio and torchtext (BSD-3-Clause): the
`__all__` of `torchvision/datasets/__init__.py` and `torchaudio/datasets/__init__.py`, and the
keys of `DATASETS` in `torchtext/datasets/__init__.py`. Loader class names are turned into the
names papers write ("CIFAR10" -> "CIFAR-10", "CocoDetection" -> "COCO"); helpers that are no
dataset (ImageFolder, FakeData, ...) are left out. Run it by hand from the repository root:

    pip download --no-deps torchvision torchaudio torchtext -d /tmp/wheels
    python tools/make_dataset_vocab.py /tmp/wheels

The output is sorted, so a re-run gives a clean diff.
"""

from __future__ import annotations

import argparse
import ast
import re
import zipfile
from pathlib import Path

OUT = Path("ontology/vocab/torch-datasets.ttl")
SCHEME = "https://w3id.org/papergraph/vocab/torch-datasets"
SOURCES = {
    "torchvision": "torchvision/datasets/__init__.py",
    "torchaudio": "torchaudio/datasets/__init__.py",
    "torchtext": "torchtext/datasets/__init__.py",
}
# Loader helpers and variants that name no dataset of their own.
NOT_DATASETS = frozenset(
    {"ImageFolder", "DatasetFolder", "FakeData", "VisionDataset", "LSUNClass", "CMUDict",
     "wrap_dataset_for_transforms_v2", "LibriSpeechBiasing", "RenderedSST2", "YESNO",
     "PhotoTour",
     # spelled like a Papers with Code method: the method would win anyway
     "Snips", "CarlaStereo"}
)  # fmt: skip
# The task a loader class adds to its dataset's name ("CocoDetection" is COCO).
TASK_SUFFIXES = re.compile(
    r"(?<=[A-Za-z0-9])(?:Detection|Captions|Segmentation|Classification|Stereo|Flow|People|Pairs|"
    r"Identification|Verification|Chunking)$"
)
# Loader names that are not how papers write the dataset: (label, other labels).
WRITTEN = {
    "AG_NEWS": ("AG News", ["AG's News"]),
    "AmazonReviewFull": ("Amazon Review Full", ["Amazon-5"]),
    "AmazonReviewPolarity": ("Amazon Review Polarity", ["Amazon-2"]),
    "CMUARCTIC": ("CMU ARCTIC", []),
    "SogouNews": ("Sogou News", []),
    "StanfordCars": ("Stanford Cars", []),
    "YahooAnswers": ("Yahoo! Answers", ["Yahoo Answers"]),
    "YelpReviewFull": ("Yelp Review Full", ["Yelp-5"]),
    "YelpReviewPolarity": ("Yelp Review Polarity", ["Yelp-2"]),
    "CIFAR10": ("CIFAR-10", []),
    "CIFAR100": ("CIFAR-100", []),
    "CLEVR": ("CLEVR", []),
    "CNNDM": ("CNN/DailyMail", ["CNN/DM", "CNN-DailyMail"]),
    "COMMONVOICE": ("Common Voice", []),
    "CoNLL2000": ("CoNLL-2000", []),
    "Coco": ("COCO", ["MS COCO", "MS-COCO"]),
    "DR_VCTK": ("DR-VCTK", []),
    "EMNIST": ("EMNIST", []),
    "FashionMNIST": ("Fashion-MNIST", ["FashionMNIST"]),
    "FGVCAircraft": ("FGVC-Aircraft", ["FGVC Aircraft"]),
    "Flowers102": ("Flowers-102", ["Oxford Flowers-102", "Oxford Flowers"]),
    "Food101": ("Food-101", []),
    "INaturalist": ("iNaturalist", []),
    "IWSLT2016": ("IWSLT 2016", ["IWSLT16"]),
    "IWSLT2017": ("IWSLT 2017", ["IWSLT17"]),
    "Kitti": ("KITTI", []),
    "Kitti2012": ("KITTI 2012", []),
    "Kitti2015": ("KITTI 2015", []),
    "LFW": ("LFW", ["Labeled Faces in the Wild"]),
    "LIBRISPEECH": ("LibriSpeech", []),
    "LIBRITTS": ("LibriTTS", []),
    "LJSPEECH": ("LJSpeech", []),
    "LibriLightLimited": ("Libri-Light", []),
    "MUSDB_HQ": ("MUSDB18-HQ", ["MUSDB18"]),
    "Middlebury2014": ("Middlebury 2014", ["Middlebury"]),
    "MovingMNIST": ("Moving MNIST", []),
    "OxfordIIITPet": ("Oxford-IIIT Pet", ["Oxford Pets"]),
    "PCAM": ("PCam", ["PatchCamelyon"]),
    "PennTreebank": ("Penn Treebank", ["PTB"]),
    "SBDataset": ("SBD", []),
    "SPEECHCOMMANDS": ("Speech Commands", []),
    "SQuAD1": ("SQuAD", ["SQuAD 1.1", "SQuAD v1.1"]),
    "SQuAD2": ("SQuAD 2.0", ["SQuAD v2.0"]),
    "SST2": ("SST-2", []),
    "STL10": ("STL-10", []),
    "STSB": ("STS-B", []),
    "SUN397": ("SUN397", []),
    "TEDLIUM": ("TED-LIUM", []),
    "UDPOS": ("UD English POS", []),
    "VCTK_092": ("VCTK", []),
    "VOC": ("PASCAL VOC", ["VOC"]),
    "VoxCeleb1": ("VoxCeleb1", ["VoxCeleb"]),
    "WIDERFace": ("WIDER FACE", ["WIDER Face"]),
    "WikiText103": ("WikiText-103", []),
    "WikiText2": ("WikiText-2", []),
    "InStereo2k": ("InStereo2K", []),
    "ETH3D": ("ETH3D", []),
    "CREStereo": ("CREStereo", []),
    "FallingThings": ("Falling Things", []),
    "SceneFlow": ("Scene Flow", ["SceneFlow"]),
    "QUESST14": ("QUESST 2014", ["QUESST14"]),
    "FluentSpeechCommands": ("Fluent Speech Commands", []),
}


def loader_names(wheel: Path, module: str) -> list[str]:
    """The dataset loader names a wheel's `datasets/__init__.py` exports."""
    with zipfile.ZipFile(wheel) as archive:
        tree = ast.parse(archive.read(module).decode("utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        targets = {getattr(t, "id", None) for t in node.targets}
        if "DATASETS" in targets and isinstance(node.value, ast.Dict):
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
        if "__all__" in targets and isinstance(node.value, (ast.List, ast.Tuple)):
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    raise ValueError(f"{wheel.name}: no dataset list in {module}")


def written_name(loader: str) -> tuple[str, list[str]]:
    """(label, other labels) of a loader class name."""
    base = loader if loader in WRITTEN else TASK_SUFFIXES.sub("", loader)
    return WRITTEN.get(base, (base, []))


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def turtle(entries: dict[str, tuple[str, set[str], set[str]]]) -> str:
    def literal(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'

    lines = [
        "# Standard datasets with loaders in PyTorch's domain libraries, as a SKOS concept scheme",
        "# for the papergraph extractor. Source: the dataset lists of the torchvision,",
        "# torchaudio and torchtext wheels (BSD-3-Clause, (c) the PyTorch contributors).",
        "# Changes: loader class names written as papers write the datasets; pg:suggestedType",
        "# added. Generated by tools/make_dataset_vocab.py.",
        "",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix pg: <https://w3id.org/papergraph/ontology#> .",
        "",
        f"<{SCHEME}> a skos:ConceptScheme ;",
        '    dcterms:title "Datasets with PyTorch loaders"@en ;',
        "    dcterms:license <https://opensource.org/licenses/BSD-3-Clause> ;",
        "    dcterms:source <https://pypi.org/project/torchvision/> ,",
        "        <https://pypi.org/project/torchaudio/> , <https://pypi.org/project/torchtext/> .",
        "",
    ]
    for key in sorted(entries):
        label, alts, libraries = entries[key]
        lines.append(f"<{SCHEME}/{key}> a skos:Concept ;")
        lines.append(f"    skos:inScheme <{SCHEME}> ;")
        lines.append(f"    skos:prefLabel {literal(label)} ;")
        for alt in sorted(alts - {label}):
            lines.append(f"    skos:altLabel {literal(alt)} ;")
        lines.append(f"    skos:note {literal('loader in ' + ', '.join(sorted(libraries)))} ;")
        lines.append("    pg:suggestedType pg:Dataset .")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", type=Path, help="folder with the three downloaded wheels")
    args = parser.parse_args()
    entries: dict[str, tuple[str, set[str], set[str]]] = {}
    for library, module in SOURCES.items():
        wheel = next(args.wheels.glob(f"{library}-*.whl"), None)
        if wheel is None:
            raise SystemExit(f"no {library} wheel in {args.wheels}")
        for loader in loader_names(wheel, module):
            if loader in NOT_DATASETS:
                continue
            label, alts = written_name(loader)
            key = slug(label)
            _, known_alts, libraries = entries.setdefault(key, (label, set(), set()))
            known_alts.update(alts)
            libraries.add(library)
    OUT.write_text(turtle(entries), encoding="utf-8")
    print(f"wrote {OUT}: {len(entries)} datasets")


if __name__ == "__main__":
    main()
