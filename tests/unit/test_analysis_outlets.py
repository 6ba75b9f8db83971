"""Outlets: stable colours, whom each outlet quotes, what it stresses, and its share of wire copies."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from storyline.analysis.outlets import (OTHER_COLOUR, PALETTE, assign_outlet_colours, compute_outlet_emphasis,
                                        compute_wire_share, contrast_on_white, count_speakers_by_outlet, lab)


def articles(outlets: list[str], hours: list[int]) -> pd.DataFrame:
    """Articles of outlets ingested at the given hours."""
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(outlets))], "outlet": outlets,
                         "ingested_at": pd.to_datetime([f"2024-01-01 {h:02d}:00" for h in hours], utc=True)})


def test_colours_follow_first_ingest_so_a_new_outlet_recolours_nobody():
    before = assign_outlet_colours(articles(["TASS", "Yonhap", "TASS"], [1, 2, 3]))
    after = assign_outlet_colours(articles(["TASS", "Yonhap", "TASS", "Aardvark Times"], [1, 2, 3, 4]))
    assert before == {"TASS": PALETTE[0], "Yonhap": PALETTE[1]}
    assert {k: after[k] for k in before} == before
    assert after["Aardvark Times"] == PALETTE[2]


@pytest.mark.parametrize("outlets", [60, 200])
def test_every_outlet_gets_its_own_colour_with_contrast_on_white(outlets):
    names = [f"Outlet {i}" for i in range(outlets)]
    colours = assign_outlet_colours(articles(names, [i % 24 for i in range(outlets)]))
    assert len(set(colours.values())) == outlets and OTHER_COLOUR not in colours.values()
    beyond = [colours[name] for name in names if colours[name] not in PALETTE]
    assert len(beyond) == outlets - len(PALETTE)
    assert min(contrast_on_white(c) for c in beyond) >= 3.0
    assert colours == assign_outlet_colours(articles(names, [i % 24 for i in range(outlets)]))  # stable


def test_count_speakers_by_outlet_keeps_the_top_speakers():
    quotes = pd.DataFrame({"outlet": ["TASS", "TASS", "Yonhap", "Yonhap", None],
                           "speaker": ["Lavrov", "Lavrov", "Lavrov", "Kim", "Kim"]})
    table = count_speakers_by_outlet(quotes, top=1)
    assert table.values.tolist() == [["TASS", "Lavrov", 2], ["Yonhap", "Lavrov", 1]]


def test_outlet_emphasis_is_share_over_story_share():
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["TASS", "Yonhap"]})
    mentions = pd.DataFrame({"article_id": ["a", "a", "a", "a", "b", "b", "b", "b"],
                             "canonical": ["Kim", "Kim", "Kim", "Putin", "Kim", "Putin", "Putin", "Putin"]})
    table = compute_outlet_emphasis(mentions, arts).set_index(["outlet", "entity"])
    assert table.loc[("TASS", "Kim"), "share"] == pytest.approx(0.75)
    assert table.loc[("TASS", "Kim"), "story_share"] == pytest.approx(0.5)
    assert table.loc[("TASS", "Kim"), "ratio"] == pytest.approx(1.5)
    assert table.loc[("Yonhap", "Kim"), "ratio"] == pytest.approx(0.5)


def test_wire_share_counts_copies_not_originals():
    arts = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "outlet": ["Yonhap", "Herald", "Herald", "TASS"],
                         "wire_size": [2, 2, 1, 1], "wire_earliest": [True, False, True, True]})
    table = compute_wire_share(arts).set_index("outlet")
    assert table.loc["Herald", ["articles", "wire_copies", "copied_by_others"]].tolist() == [2, 1, 0]
    assert table.loc["Herald", "copy_share"] == pytest.approx(0.5)
    assert table.loc["Yonhap", ["wire_copies", "copied_by_others"]].tolist() == [0, 1]


@pytest.mark.parametrize("colour, expected", [("#FFFFFF", 1.0), ("#000000", 21.0), ("#0072B2", 5.19),
                                              ("#B0B0B0", 2.17)])
def test_contrast_on_white(colour, expected):
    assert contrast_on_white(colour) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("outlets, least_difference", [(24, 26), (40, 10)])
def test_colours_look_different_from_each_other(outlets, least_difference):
    names = [f"Outlet {i}" for i in range(outlets)]
    colours = list(assign_outlet_colours(articles(names, [i % 24 for i in range(outlets)])).values())
    assert min(math.dist(lab(a), lab(b)) for i, a in enumerate(colours) for b in colours[i + 1:]) >= least_difference
