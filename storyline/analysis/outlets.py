"""Outlets compared: one colour each, whom they quote, which entities they stress, how much is wire copy."""
from __future__ import annotations

import colorsys
import functools
import hashlib
import math

import numpy as np
import pandas as pd

from storyline import schema
from storyline.analysis.codes import codes_of, cross_counts, positions_in, rank_of, top_codes

# Okabe-Ito's colour-blind-safe colours first (black and yellow left out: black reads as text, yellow vanishes on
# white), then colours picked greedily for the largest smallest CIELAB distance (ΔE ≥ 26 between any two), each
# with a contrast of at least 2.2:1 on white and far from the grey of "other outlets".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#0000F5", "#F500DC",
           "#000D80", "#0FBD0F", "#5C4523", "#FF1F62", "#668000", "#1F78FF", "#800019", "#57235C",
           "#CDA37A", "#BB68DF", "#235C5C", "#E2128F", "#F50018", "#A347FF", "#DF6868", "#976D0C")
OTHER_COLOUR = "#B0B0B0"
MIN_CONTRAST = 3.0  # on white, for the colours made beyond the palette (WCAG's floor for graphics)
CANDIDATES = 16     # hashed colours tried per outlet beyond the palette; the one farthest from the others wins


def linear_channels(colour: str) -> list[float]:
    """The linear-light red, green and blue of a #RRGGBB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #RRGGBB colour on a white background."""
    red, green, blue = linear_channels(colour)
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


@functools.lru_cache(maxsize=4096)  # the same few hundred colours are compared again for every new outlet
def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB coordinates (D65) of a #RRGGBB colour: distances there follow how different colours look."""
    red, green, blue = linear_channels(colour)
    xyz = ((0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047, 0.2126 * red + 0.7152 * green + 0.0722 * blue,
           (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def hashed_colour(outlet: str, salt: int = 0) -> str:
    """A stable colour made from the outlet's name: hue and saturation from a hash, darkened until it stands out
    on white (contrast at least MIN_CONTRAST)."""
    digest = hashlib.sha256(f"{salt}:{outlet}".encode("utf-8")).digest()
    hue, saturation, lightness = digest[0] / 256, 0.55 + digest[1] / 255 * 0.35, 0.5
    while True:
        colour = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness,
                                                                                               saturation)))
        if contrast_on_white(colour) >= MIN_CONTRAST:
            return colour
        lightness -= 0.02  # black (lightness 0) has a contrast of 21, so this ends


def distinct_colour(outlet: str, used: list[str]) -> str:
    """Of the outlet's hashed colours, the one farthest (in CIELAB) from every colour already given."""
    taken = [lab(colour) for colour in used]
    candidates = [hashed_colour(outlet, salt) for salt in range(CANDIDATES)]
    return max(candidates, key=lambda colour: min(math.dist(lab(colour), other) for other in taken))


def assign_outlet_colours(articles: pd.DataFrame) -> dict[str, str]:
    """Outlet -> colour, in order of each outlet's first ingest, so a new outlet never recolours the others.
    The palette's colours go first; beyond it each outlet gets the colour made from its name that stands out
    most from those already given."""
    known = articles[articles["outlet"].notna()]
    first_seen = known.groupby("outlet")["ingested_at"].min().reset_index()
    order = first_seen.sort_values(["ingested_at", "outlet"], kind="stable")["outlet"]
    colours = dict(zip(order, PALETTE))
    used = [*colours.values(), OTHER_COLOUR]
    for outlet in order.iloc[len(PALETTE):]:
        colours[outlet] = distinct_colour(outlet, used)
        used.append(colours[outlet])
    return colours


def count_speakers_by_outlet(quote_table: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Quotes per outlet for the `top` most quoted speakers (ties by name): outlet, speaker, quotes."""
    speaker, speakers = codes_of(quote_table["speaker"])
    outlet, outlets = codes_of(quote_table["outlet"])
    named = (speaker >= 0) & (outlet >= 0)
    ranked = top_codes(np.bincount(speaker[named], minlength=len(speakers)), speakers, top)
    row, column, count = cross_counts(np.where(named, outlet, -1), rank_of(ranked, len(speakers))[speaker],
                                      len(outlets), len(ranked))
    table = pd.DataFrame({"outlet": pd.Series(outlets[row], dtype="str"),
                          "speaker": pd.Series(speakers[ranked[column]], dtype="str"), "quotes": count})
    return table.sort_values(["outlet", "quotes", "speaker"], ascending=[True, False, True], ignore_index=True)


def compute_outlet_emphasis(mentions: pd.DataFrame, articles: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """For the `top` entities (ties by name): each outlet's share of its mentions going to the entity, the share
    across all outlets, and their ratio (above 1: the outlet stresses the entity more than the story does on
    average). Columns outlet, entity, mentions, share, story_share, ratio."""
    known = articles[articles["outlet"].notna()]
    outlet_of, outlets = codes_of(known["outlet"])
    position = positions_in(mentions[schema.ARTICLE_ID], known[schema.ARTICLE_ID])
    located = position >= 0
    outlet = outlet_of[position[located]]
    entity, names = codes_of(mentions["canonical"])
    entity = entity[located]
    counted = np.bincount(entity[entity >= 0], minlength=len(names))
    ranked = top_codes(counted, names, top)
    row, column, count = cross_counts(outlet, rank_of(ranked, len(names))[entity], len(outlets), len(ranked))
    share = count / np.bincount(outlet, minlength=len(outlets))[row]
    story_share = counted[ranked[column]] / max(len(outlet), 1)
    table = pd.DataFrame({"outlet": pd.Series(outlets[row], dtype="str"),
                          "entity": pd.Series(names[ranked[column]], dtype="str"), "mentions": count,
                          "share": share, "story_share": story_share, "ratio": share / story_share})
    return table.sort_values(["outlet", "ratio", "entity"], ascending=[True, False, True], ignore_index=True)


def compute_wire_share(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: articles, how many are copies of an earlier wire story, and that share; most articles first."""
    known = articles[articles["outlet"].notna()]
    copies = (known[schema.WIRE_SIZE] > 1) & ~known[schema.WIRE_EARLIEST].astype(bool)
    grouped = known.assign(copy=copies, original=(known[schema.WIRE_SIZE] > 1) & ~copies).groupby("outlet")
    table = pd.DataFrame({"articles": grouped.size(), "wire_copies": grouped["copy"].sum(),
                          "copied_by_others": grouped["original"].sum()})
    table["copy_share"] = table["wire_copies"] / table["articles"]
    return table.reset_index().sort_values(["articles", "outlet"], ascending=[False, True], ignore_index=True)
