"""Extraction scored against the shared gold annotations of real notes pages (issue 14).

The pages and their gold files live beside the repository, in `../shared/data/pages/` and
`../shared/data/gold/`; they are not part of it (CC BY-NC-SA 4.0, see their SOURCES.md), so
the tests skip where that folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papergraph.evaluate import predictions_from_linked, score
from papergraph.extract import extract_notes
from papergraph.link import link_extractions
from papergraph.read import read_page

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GOLD_DIR = SHARED_DATA / "gold"
PAGES_DIR = SHARED_DATA / "pages"

# Gold page -> (named-artifact F1, relation accuracy, type accuracy) floors: issue 14's bar,
# 0.90 on each. Measured with `papergraph build PAGE && papergraph eval GOLD` (before the
# issue-14 rules, then after each session's rules, in parentheses):
# - aaai2026_recommender: F1 0.910 (0.800, 0.904, 0.910), relation 0.986, type 0.958
# - iccv2025_image_restoration: F1 0.910 (0.710, 0.819, 0.857, 0.881), relation 0.974,
#   type 0.934
# - iclr2026_computational_biology: F1 0.906 (0.756, 0.814, 0.850, 0.854), relation 0.977,
#   type 0.908
FLOORS = {
    "aaai2026_recommender": (0.90, 0.90, 0.90),
    "iccv2025_image_restoration": (0.90, 0.90, 0.90),
    "iclr2026_computational_biology": (0.90, 0.90, 0.90),
}


def _gold_pages() -> list[str]:
    return sorted(FLOORS)


def _skip_without_shared_data(name: str) -> tuple[Path, Path]:
    gold, page = GOLD_DIR / f"{name}.json", PAGES_DIR / f"{name}.md"
    if not (gold.is_file() and page.is_file()):
        pytest.skip(f"shared gold data not found at {SHARED_DATA} (the repo's ../shared/data)")
    return gold, page


@pytest.mark.parametrize("name", _gold_pages())
def test_gold_page_scores(nlp, name):
    gold_path, page = _skip_without_shared_data(name)
    corpus = link_extractions(extract_notes(nlp, read_page(page).notes))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    report = score(gold, predictions_from_linked(corpus))
    f1_floor, relation_floor, type_floor = FLOORS[name]
    shown = report.format_text(show_errors=True)
    assert report.overall.f1 >= f1_floor, shown
    assert report.relation_accuracy >= relation_floor, shown
    assert report.type_accuracy >= type_floor, shown


# Independent annotations of 76 sets of notes of 26 more shared pages: the first 22 notes
# of a page (every note of the shorter ones; `*-first22-gold.json`) or a later range
# (`*-23to44-gold.json`, `*-100to121-gold.json`, …), made by the same guidelines by
# annotators who saw neither the extractor's code nor its output (`tests/data/gold/`; the
# pages stay in ../shared). Scored
# at first sight (before any rule looked at them) and now (F1, relation, type). The first
# four rounds: five in session 7; five at the start of session 8, six in its middle and five
# near its end, each a fresh measure when it came:
# - icml2026_ai_safety: 0.814 / 0.814 / 0.700 -> 0.864 / 0.890 / 0.877
# - neurips2025_audio_speech: 0.785 / 0.976 / 0.762 -> 0.832 / 0.976 / 0.786
# - acl2026_medical_nlp: 0.818 / 0.873 / 0.841 -> 0.877 / 0.922 / 0.844
# - cvpr2026_video_understanding: 0.854 / 0.750 / 0.864 -> 0.904 / 0.894 / 0.894
# - neurips2025_graph_learning: 0.739 / 0.784 / 0.765 -> 0.872 / 0.902 / 0.863
# - aaai2026_multi_agent: 0.837 / 0.797 / 0.875 -> 0.874 / 0.909 / 0.909
# - acl2025_information_retrieval: 0.909 / 0.875 / 0.625 -> 0.932 / 0.927 / 0.902
# - iclr2026_causal_inference: 0.730 / 0.913 / 0.913 -> 0.828 / 0.917 / 0.958
# - iclr2026_robotics: 0.864 / 0.912 / 0.807 -> 0.905 / 0.912 / 0.842
# - icml2025_optimization: 0.743 / 0.857 / 0.881 -> 0.818 / 0.933 / 0.933
# - aaai2026_hallucination: 0.881 / 0.833 / 0.812 -> 0.899 / 0.857 / 0.918
# - acl2026_multilingual_mt: 0.719 / 0.902 / 0.854 -> 0.764 / 0.881 / 0.857
# - cvpr2026_remote_sensing: 0.866 / 0.828 / 0.828 -> 0.892 / 0.828 / 0.828
# - iclr2026_llm_alignment: 0.860 / 0.860 / 0.884 -> 0.878 / 0.860 / 0.884
# - icml2025_llm_safety: 0.849 / 0.903 / 0.806 -> 0.861 / 0.935 / 0.871
# - icml2026_interpretability: 0.818 / 0.857 / 0.875 -> 0.851 / 0.912 / 0.965
# - acl2026_social_computing: 0.818 / 0.833 / 0.861 -> 0.841 / 0.838 / 0.865
# - cvpr2026_human_understanding: 0.901 / 0.891 / 0.656 -> 0.909 / 0.923 / 0.708
# - iccv2025_video_generation: 0.826 / 0.719 / 0.754 -> 0.855 / 0.746 / 0.780
# - icml2025_model_compression: 0.809 / 0.818 / 0.873 -> 0.824 / 0.839 / 0.875
# - icml2026_learning_theory: 0.638 / 0.800 / 0.900 -> 0.698 / 0.800 / 0.900
# Session 9 added a fifth round, seven sets scored at first sight (commit b401fb1): the first
# 22 notes of five more pages and notes 23-44 of two (the "-23to44" files):
# - aaai2026_segmentation: 0.939 / 0.893 / 0.845 -> 0.939 / 0.940 / 0.845
# - cvpr2025_3d_vision: 0.790 / 0.833 / 0.818 -> 0.885 / 0.844 / 0.831
# - eccv2024_image_generation: 0.864 / 0.833 / 0.722 -> 0.871 / 0.870 / 0.778
# - iccv2025_self_supervised: 0.849 / 0.935 / 0.935 -> 0.849 / 0.935 / 0.935
# - neurips2025_learning_theory: 0.655 / 0.833 / 0.833 -> 0.655 / 0.833 / 0.833
# - icml2025_optimization notes 23-44: 0.753 / 0.943 / 0.943 -> 0.774 / 0.944 / 0.944
# - neurips2025_graph_learning notes 23-44: 0.739 / 0.882 / 0.882 -> 0.739 / 0.882 / 0.882
# and a sixth round, seven later ranges of notes scored at first sight (commit 2d7659a, after
# this session's first rules; with session 8's rules, b401fb1, they pooled F1 0.824 against
# 0.835):
# - acl2025_information_retrieval notes 23-44: 0.744 / 0.896 / 0.875 -> 0.775 / 0.900 / 0.880
# - acl2026_multilingual_mt notes 23-44: 0.862 / 0.840 / 0.860 -> 0.879 / 0.843 / 0.863
# - cvpr2025_3d_vision notes 100-121: 0.891 / 0.849 / 0.849 -> 0.915 / 0.852 / 0.852
# - eccv2024_image_generation notes 60-81: 0.879 / 0.850 / 0.750 -> 0.889 / 0.850 / 0.750
# - icml2025_optimization notes 45-61: 0.857 / 1.000 / 0.852 -> 0.857 / 1.000 / 0.852
# - icml2026_interpretability notes 23-44: 0.792 / 0.949 / 0.881 -> 0.792 / 0.949 / 0.881
# - neurips2025_graph_learning notes 45-54: 0.881 / 0.846 / 0.923 -> 0.881 / 0.846 / 0.923
# and a seventh, seven more later ranges scored at first sight (commit 1becafa, with nearly all
# of session 9's rules; b401fb1 gives them 0.860):
# - acl2026_medical_nlp notes 23-44: 0.781 / 0.814 / 0.814 -> 0.781 / 0.814 / 0.814
# - cvpr2026_video_understanding notes 23-44: 0.918 / 0.925 / 0.940 -> 0.924 / 0.925 / 0.940
# - iclr2026_llm_alignment notes 23-40: 0.913 / 0.881 / 0.881 -> 0.913 / 0.881 / 0.881
# - iclr2026_robotics notes 23-44: 0.821 / 0.717 / 0.848 -> 0.829 / 0.804 / 0.848
# - icml2025_llm_safety notes 23-41: 0.923 / 0.917 / 0.944 -> 0.923 / 0.917 / 0.944
# - icml2025_model_compression notes 23-44: 0.862 / 0.717 / 0.925 -> 0.862 / 0.717 / 0.925
# - neurips2025_audio_speech notes 23-44: 0.881 / 0.846 / 0.750 -> 0.881 / 0.846 / 0.750
# and an eighth, seven more later ranges scored at first sight (commit a4ca0af, with all of
# session 9's rules but the last; b401fb1 gives them 0.859 / 0.835 / 0.805):
# - acl2025_information_retrieval notes 45-66: 0.903 / 0.804 / 0.608 -> 0.903 / 0.804 / 0.804
# - acl2026_social_computing notes 23-43: 0.884 / 0.929 / 0.905 -> 0.884 / 0.929 / 0.905
# - cvpr2025_3d_vision notes 23-44: 0.881 / 0.919 / 0.892 -> 0.881 / 0.919 / 0.892
# - cvpr2026_human_understanding notes 23-44: 0.857 / 0.883 / 0.783 -> 0.857 / 0.883 / 0.783
# - eccv2024_image_generation notes 23-44: 0.857 / 0.821 / 0.821 -> 0.857 / 0.821 / 0.821
# - iccv2025_video_generation notes 23-44: 0.902 / 0.867 / 0.767 -> 0.902 / 0.867 / 0.767
# - icml2026_ai_safety notes 23-41: 0.813 / 0.760 / 0.960 -> 0.813 / 0.760 / 0.960
# and a ninth, seven more later ranges scored at first sight (commit 0e178cc, with all of
# session 9's rules; pooled 0.837 / 0.870 / 0.840):
# - acl2025_information_retrieval notes 67-84: 0.768 / 0.921 / 0.868 -> 0.768 / 0.947 / 0.921
# - acl2026_multilingual_mt notes 45-62: 0.667 / 0.800 / 0.750 -> 0.678 / 0.800 / 0.750
# - cvpr2025_3d_vision notes 45-66: 0.849 / 0.847 / 0.847 -> 0.849 / 0.847 / 0.847
# - cvpr2026_video_understanding notes 45-66: 0.838 / 0.789 / 0.895 -> 0.838 / 0.789 / 0.895
# - eccv2024_image_generation notes 82-103: 0.941 / 0.917 / 0.854 -> 0.941 / 0.917 / 0.854
# - icml2025_model_compression notes 45-66: 0.852 / 0.898 / 0.735 -> 0.852 / 0.898 / 0.735
# - icml2026_interpretability notes 45-66: 0.857 / 0.900 / 0.867 -> 0.857 / 0.900 / 0.883
# and a tenth, seven more later ranges scored at first sight (commit 0e10518, with session
# 10's rules; pooled 0.860 / 0.870 / 0.857, against 0.859 / 0.870 / 0.853 with session 9's):
# - aaai2026_segmentation notes 23-29: 0.926 / 0.800 / 0.880 -> 0.926 / 0.800 / 0.880
# - cvpr2025_3d_vision notes 122-143: 0.903 / 0.857 / 0.821 -> 0.903 / 0.857 / 0.821
# - cvpr2025_3d_vision notes 144-165: 0.846 / 0.891 / 0.909 -> 0.846 / 0.891 / 0.909
# - cvpr2026_human_understanding notes 45-53: 0.868 / 0.870 / 0.826 -> 0.868 / 0.870 / 0.826
# - eccv2024_image_generation notes 104-117: 0.861 / 0.882 / 0.824 -> 0.861 / 0.882 / 0.824
# - eccv2024_image_generation notes 45-59: 0.780 / 0.957 / 0.913 -> 0.780 / 0.957 / 0.913
# - icml2025_model_compression notes 67-74: 0.789 / 0.800 / 0.800 -> 0.789 / 0.800 / 0.800
# and an eleventh, seven more later ranges scored at first sight (commit cc519fa, with all of
# session 10's rules; pooled 0.861 / 0.881 / 0.875, against 0.859 / 0.875 / 0.875 with
# session 9's):
# - aaai2026_multi_agent notes 23-26: 0.750 / 0.667 / 0.667 -> 0.750 / 0.667 / 0.667
# - acl2026_medical_nlp notes 45-47: 0.743 / 0.923 / 1.000 -> 0.743 / 0.923 / 1.000
# - cvpr2025_3d_vision notes 166-187: 0.874 / 0.915 / 0.847 -> 0.874 / 0.915 / 0.847
# - cvpr2025_3d_vision notes 188-209: 0.855 / 0.880 / 0.900 -> 0.855 / 0.880 / 0.900
# - cvpr2026_video_understanding notes 67-73: 0.945 / 0.962 / 0.923 -> 0.945 / 0.962 / 0.923
# - icml2026_interpretability notes 67-71: 0.875 / 0.714 / 0.857 -> 0.875 / 0.714 / 0.857
# - neurips2025_audio_speech notes 45-47: 0.909 / 0.800 / 0.800 -> 0.909 / 0.800 / 0.800
# and a twelfth, six more later ranges scored at first sight (commit 89bf901, session 10's
# rules; pooled 0.871 / 0.926 / 0.852):
# - cvpr2025_3d_vision notes 210-231: 0.830 / 0.934 / 0.803 -> 0.830 / 0.934 / 0.803
# - cvpr2025_3d_vision notes 232-253: 0.895 / 0.936 / 0.787 -> 0.895 / 0.936 / 0.787
# - cvpr2025_3d_vision notes 254-275: 0.868 / 0.964 / 0.839 -> 0.868 / 0.964 / 0.839
# - cvpr2025_3d_vision notes 276-297: 0.862 / 0.915 / 0.936 -> 0.862 / 0.915 / 0.936
# - cvpr2025_3d_vision notes 298-319: 0.905 / 0.895 / 0.860 -> 0.905 / 0.895 / 0.860
# - iccv2025_video_generation notes 45-49: 0.889 / 0.875 / 1.000 -> 0.889 / 0.875 / 1.000
# and a thirteenth, the last notes of two pages, scored at first sight (commit 32ec0b0, all of
# session 12's rules; pooled 0.837 / 0.854 / 0.806):
# - cvpr2025_3d_vision notes 320-341: 0.833 / 0.855 / 0.836
# - cvpr2025_3d_vision notes 342-362: 0.839 / 0.851 / 0.766
# - iclr2026_robotics note 45: 1.000 / 1.000 / 1.000
# Floors: the figure now (README, "Extraction quality") minus 0.02, rounded down; raised in
# session 12 from the figures at first sight, so that a rule that loses what later rules won
# fails here. They are below issue 14's 0.90: this is what the extractor does on pages it was
# not written against.
INDEPENDENT_FLOORS = {
    "icml2026_ai_safety-first22": (0.85, 0.87, 0.85),
    "neurips2025_audio_speech-first22": (0.82, 0.95, 0.76),
    "acl2026_medical_nlp-first22": (0.85, 0.90, 0.85),
    "cvpr2026_video_understanding-first22": (0.88, 0.87, 0.89),
    "neurips2025_graph_learning-first22": (0.85, 0.88, 0.84),
    "aaai2026_multi_agent-first22": (0.85, 0.88, 0.90),
    "acl2025_information_retrieval-first22": (0.91, 0.90, 0.88),
    "iclr2026_causal_inference-first22": (0.80, 0.93, 0.93),
    "iclr2026_robotics-first22": (0.88, 0.89, 0.82),
    "icml2025_optimization-first22": (0.80, 0.91, 0.91),
    "aaai2026_hallucination-first22": (0.89, 0.88, 0.92),
    "acl2026_multilingual_mt-first22": (0.75, 0.88, 0.84),
    "cvpr2026_remote_sensing-first22": (0.88, 0.80, 0.80),
    "iclr2026_llm_alignment-first22": (0.86, 0.91, 0.86),
    "icml2025_llm_safety-first22": (0.84, 0.91, 0.85),
    "icml2026_interpretability-first22": (0.85, 0.89, 0.94),
    "acl2026_social_computing-first22": (0.83, 0.82, 0.87),
    "cvpr2026_human_understanding-first22": (0.89, 0.90, 0.69),
    "iccv2025_video_generation-first22": (0.84, 0.77, 0.76),
    "icml2025_model_compression-first22": (0.80, 0.83, 0.85),
    "icml2026_learning_theory-first22": (0.67, 0.78, 0.88),
    "aaai2026_segmentation-first22": (0.91, 0.92, 0.83),
    "cvpr2025_3d_vision-first22": (0.87, 0.86, 0.82),
    "eccv2024_image_generation-first22": (0.85, 0.86, 0.75),
    "iccv2025_self_supervised-first22": (0.88, 0.91, 0.91),
    "neurips2025_learning_theory-first22": (0.63, 0.86, 0.81),
    "icml2025_optimization-23to44": (0.75, 0.92, 0.92),
    "neurips2025_graph_learning-23to44": (0.71, 0.86, 0.89),
    "acl2025_information_retrieval-23to44": (0.76, 0.88, 0.90),
    "acl2026_multilingual_mt-23to44": (0.87, 0.88, 0.86),
    "cvpr2025_3d_vision-100to121": (0.90, 0.88, 0.86),
    "eccv2024_image_generation-60to81": (0.87, 0.83, 0.73),
    "icml2025_optimization-45to61": (0.83, 0.98, 0.83),
    "icml2026_interpretability-23to44": (0.77, 0.92, 0.86),
    "neurips2025_graph_learning-45to54": (0.86, 0.82, 0.90),
    "acl2026_medical_nlp-23to44": (0.76, 0.81, 0.83),
    "cvpr2026_video_understanding-23to44": (0.90, 0.95, 0.93),
    "iclr2026_llm_alignment-23to40": (0.89, 0.86, 0.90),
    "iclr2026_robotics-23to44": (0.80, 0.78, 0.85),
    "icml2025_llm_safety-23to41": (0.90, 0.89, 0.95),
    "icml2025_model_compression-23to44": (0.84, 0.77, 0.90),
    "neurips2025_audio_speech-23to44": (0.86, 0.82, 0.73),
    "acl2025_information_retrieval-45to66": (0.88, 0.82, 0.84),
    "acl2026_social_computing-23to43": (0.86, 0.90, 0.90),
    "cvpr2025_3d_vision-23to44": (0.87, 0.92, 0.87),
    "cvpr2026_human_understanding-23to44": (0.84, 0.89, 0.76),
    "eccv2024_image_generation-23to44": (0.86, 0.80, 0.80),
    "iccv2025_video_generation-23to44": (0.88, 0.86, 0.78),
    "icml2026_ai_safety-23to41": (0.80, 0.76, 0.94),
    "acl2025_information_retrieval-67to84": (0.76, 0.92, 0.90),
    "acl2026_multilingual_mt-45to62": (0.66, 0.79, 0.74),
    "cvpr2025_3d_vision-45to66": (0.85, 0.82, 0.82),
    "cvpr2026_video_understanding-45to66": (0.81, 0.76, 0.87),
    "eccv2024_image_generation-82to103": (0.93, 0.89, 0.83),
    "icml2025_model_compression-45to66": (0.83, 0.87, 0.71),
    "icml2026_interpretability-45to66": (0.84, 0.88, 0.86),
    "aaai2026_segmentation-23to29": (0.90, 0.78, 0.86),
    "cvpr2025_3d_vision-122to143": (0.88, 0.85, 0.85),
    "cvpr2025_3d_vision-144to165": (0.82, 0.90, 0.88),
    "cvpr2026_human_understanding-45to53": (0.84, 0.85, 0.80),
    "eccv2024_image_generation-104to117": (0.87, 0.86, 0.80),
    "eccv2024_image_generation-45to59": (0.76, 0.93, 0.89),
    "icml2025_model_compression-67to74": (0.76, 0.78, 0.78),
    "aaai2026_multi_agent-23to26": (0.73, 0.64, 0.64),
    "acl2026_medical_nlp-45to47": (0.78, 0.90, 0.98),
    "cvpr2025_3d_vision-166to187": (0.86, 0.89, 0.82),
    "cvpr2025_3d_vision-188to209": (0.84, 0.86, 0.88),
    "cvpr2026_video_understanding-67to73": (0.92, 0.94, 0.90),
    "icml2026_interpretability-67to71": (0.85, 0.69, 0.83),
    "neurips2025_audio_speech-45to47": (0.88, 0.78, 0.78),
    "cvpr2025_3d_vision-210to231": (0.82, 0.91, 0.81),
    "cvpr2025_3d_vision-232to253": (0.87, 0.91, 0.76),
    "cvpr2025_3d_vision-254to275": (0.88, 0.94, 0.82),
    "cvpr2025_3d_vision-276to297": (0.84, 0.93, 0.91),
    "cvpr2025_3d_vision-298to319": (0.88, 0.89, 0.84),
    "iccv2025_video_generation-45to49": (0.86, 0.85, 0.98),
    "cvpr2025_3d_vision-320to341": (0.81, 0.83, 0.81),
    "cvpr2025_3d_vision-342to362": (0.81, 0.83, 0.74),
    "iclr2026_robotics-45to45": (0.98, 0.98, 0.98),
}
OWN_GOLD_DIR = Path(__file__).resolve().parent / "data" / "gold"


@pytest.mark.parametrize("name", sorted(INDEPENDENT_FLOORS))
def test_independently_annotated_pages(nlp, name):
    page = PAGES_DIR / f"{name.split('-')[0]}.md"  # "PAGE-first22", "PAGE-23to44"
    if not page.is_file():
        pytest.skip(f"shared page not found at {page}")
    gold = json.loads((OWN_GOLD_DIR / f"{name}-gold.json").read_text(encoding="utf-8"))
    span = name.split("-", 1)[1]  # "first22" or "AtoB", B the last note, counted from 1
    first = 0 if span.startswith("first") else int(span.split("to")[0]) - 1
    notes = read_page(page).notes[first : first + len(gold)]
    assert [note.title for note in notes] == [entry["title"] for entry in gold]
    report = score(gold, predictions_from_linked(link_extractions(extract_notes(nlp, notes))))
    f1_floor, relation_floor, type_floor = INDEPENDENT_FLOORS[name]
    shown = report.format_text(show_errors=True)
    assert report.overall.f1 >= f1_floor, shown
    assert report.relation_accuracy >= relation_floor, shown
    assert report.type_accuracy >= type_floor, shown


def test_every_shared_gold_file_has_floors():
    if not GOLD_DIR.is_dir():
        pytest.skip(f"shared gold data not found at {GOLD_DIR}")
    assert {p.stem for p in GOLD_DIR.glob("*.json")} == set(FLOORS)


def test_all_shared_pages_extract(nlp):
    """The whole set of shared pages as a regression corpus: every page reads and extracts,
    every mention is an exact substring of its field, and most notes name something."""
    if not PAGES_DIR.is_dir():
        pytest.skip(f"shared pages not found at {PAGES_DIR}")
    notes = [n for page in sorted(PAGES_DIR.glob("*.md")) for n in read_page(page).notes]
    assert len(notes) > 500
    named = 0
    for extraction in extract_notes(nlp, notes):
        note = extraction.note
        for m in extraction.mentions:
            assert getattr(note, m.field)[m.start : m.end] == m.text
        named += any(m.relation != "discusses" for m in extraction.mentions)
    assert named >= 0.9 * len(notes)


def test_the_range_scorer_reports_each_set_and_the_pool(tmp_path):
    import subprocess
    import sys

    if not PAGES_DIR.is_dir():
        pytest.skip(f"shared pages not found at {PAGES_DIR}")
    tool = Path(__file__).resolve().parents[1] / "tools" / "eval_ranges.py"
    sets = [OWN_GOLD_DIR / f"{name}-gold.json" for name in
            ("aaai2026_segmentation-23to29", "icml2025_model_compression-67to74")]  # fmt: skip
    for flags in ([], ["--whole-page"]):
        run = subprocess.run(
            [sys.executable, str(tool), "--pages", str(PAGES_DIR), *flags, *map(str, sets)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        lines = run.stdout.splitlines()
        assert [line.split()[0] for line in lines] == [
            "aaai2026_segmentation-23to29", "icml2025_model_compression-67to74", "POOLED"
        ], run.stdout  # fmt: skip
        assert "(15 notes)" in lines[-1]
        f1 = float(lines[0].split("F1 ")[1].split()[0])
        assert f1 >= INDEPENDENT_FLOORS["aaai2026_segmentation-23to29"][0]
    wrong = tmp_path / "notes-gold.json"
    wrong.write_text("[]")
    run = subprocess.run([sys.executable, str(tool), str(wrong)], capture_output=True, text=True)
    assert run.returncode != 0 and "not named" in run.stderr


def test_first_sight_scores_a_round_with_the_code_of_its_commit(tmp_path):
    """tools/first_sight.py checks the round's commit out and runs that code on its notes."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    if not PAGES_DIR.is_dir() or not (root / ".git").exists():
        pytest.skip("needs the shared pages and the repository's git history")
    rounds = json.loads((OWN_GOLD_DIR / "rounds.json").read_text(encoding="utf-8"))
    for entry in rounds:  # every round names a commit of this history and gold sets there are
        subprocess.run(["git", "-C", str(root), "cat-file", "-e", entry["commit"]], check=True)
        assert set(entry["sets"]) <= set(INDEPENDENT_FLOORS)

    def worktrees() -> str:
        return subprocess.run(["git", "-C", str(root), "worktree", "list"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    before = worktrees()
    name = "iccv2025_video_generation-45to49"
    last = next(entry for entry in rounds if name in entry["sets"])
    shutil.copy(OWN_GOLD_DIR / f"{name}-gold.json", tmp_path)
    (tmp_path / "rounds.json").write_text(json.dumps([{**last, "sets": [name]}]))
    run = subprocess.run(
        [sys.executable, str(root / "tools" / "first_sight.py"),
         "--rounds", str(tmp_path / "rounds.json"), "--pages", str(PAGES_DIR)],
        capture_output=True, text=True, check=True, cwd=root / "tools",
    )  # fmt: skip
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"round {last['round']} (5 notes)"), run.stdout
    assert lines[1].strip().startswith(f"rounds {last['round']}-{last['round']} (5 notes)")
    f1 = float(lines[0].split("F1 ")[1].split()[0])
    assert f1 >= INDEPENDENT_FLOORS[name][0]
    assert worktrees() == before  # its temporary checkout is gone
