"""Pure plotly figure builders (DataFrame in, figure out). Plotly reads labels as pseudo-HTML, so every piece of
text from the data is escaped here."""
from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from storyline.analysis.cooccurrence import Cooccurrence
from storyline.analysis.outlets import OTHER_COLOUR, PALETTE
from storyline.analysis.timelines import OTHER

HEIGHT = 380
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.4}
DAY_MS = 86_400_000
MARGIN = {"l": 10, "r": 10, "t": 30, "b": 10}


def esc(value: object) -> str:
    """A value as text plotly shows literally."""
    return html.escape("" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value))


def label(value: object, limit: int = 36) -> str:
    """An escaped axis label, shortened with an ellipsis so long outlet names do not squeeze the plot."""
    text = "" if value is None else str(value)
    return esc(text if len(text) <= limit else text[: limit - 1] + "…")


def labels(values) -> list[str]:
    """Axis labels for distinct values, kept distinct when shortening makes two alike (a category axis would
    merge them)."""
    found: dict[str, int] = {}
    out = []
    for value in values:
        text = label(value)
        found[text] = found.get(text, 0) + 1
        out.append(text if found[text] == 1 else f"{text} ({found[text]})")
    return out


def hover_text(text: object, width: int = 80) -> str:
    """Escaped text wrapped into hover lines."""
    return "<br>".join(esc(line) for line in textwrap.wrap(str(text or ""), width)) or "—"


def date_axis(days: pd.Series, title: str | None = None, min_days: int = 14) -> dict:
    """A date x-axis; a short span is widened to `min_days` so one day never fills the chart with hours."""
    axis = {"title": title, "type": "date"}
    days = pd.to_datetime(days).dropna()
    if len(days) and (days.max() - days.min()).days < min_days:
        middle = days.min() + (days.max() - days.min()) / 2
        axis["range"] = [middle - pd.Timedelta(days=min_days / 2), middle + pd.Timedelta(days=min_days / 2)]
    return axis


def focus_axis(days: pd.Series, title: str) -> dict:
    """A date x-axis on where most dates fall (5th to 95th percentile, padded), when a few far-off dates would
    squeeze the rest; autoscale (double-click) still shows every date."""
    axis = date_axis(days, title)
    days = pd.to_datetime(days).dropna()
    if "range" in axis or len(days) < 20:
        return axis
    low, high = days.quantile(0.05), days.quantile(0.95)
    if (days.max() - days.min()) > 3 * (high - low) + pd.Timedelta(days=30):
        pad = max((high - low) * 0.1, pd.Timedelta(days=7))
        axis["range"] = [low - pad, high + pad]
    return axis


def count_axis(largest: float, title: str) -> dict:
    """A y-axis of whole counts: no fractional ticks when the counts are small."""
    return {"title": title, "rangemode": "tozero", "tickformat": ",d", **({"dtick": 1} if largest <= 6 else {})}


def outlet_colour(outlet: str, colours: dict[str, str]) -> str:
    """The outlet's colour (grey for the lumped 'other outlets')."""
    return OTHER_COLOUR if outlet == OTHER else colours.get(outlet, OTHER_COLOUR)


def finish(figure: go.Figure, height: int = HEIGHT, **layout) -> go.Figure:
    """Shared layout: compact margins, legend below the plot."""
    figure.update_layout(height=height, margin=MARGIN, legend={"orientation": "h", "y": -0.15, "x": 0},
                         hoverlabel={"align": "left"}, **layout)
    return figure


def build_articles_figure(counts: pd.DataFrame, colours: dict[str, str], *, style: str = "bars",
                          freq: str = "day") -> go.Figure:
    """Articles per period by outlet, stacked bars or lines; box-select on the time axis picks a date range."""
    figure = go.Figure()
    for outlet, rows in counts.groupby("outlet", sort=False):
        colour = outlet_colour(str(outlet), colours)
        hover = f"{esc(outlet)}<br>{freq} of %{{x|%d %b %Y}}: %{{y}} articles<extra></extra>"
        if style == "lines":
            figure.add_scatter(x=rows["period"], y=rows["articles"], name=esc(outlet), mode="lines+markers",
                               line={"color": colour}, hovertemplate=hover)
        else:
            figure.add_bar(x=rows["period"], y=rows["articles"], name=esc(outlet), marker_color=colour,
                           hovertemplate=hover, offset=0, width=0.9 * PERIOD_DAYS[freq] * DAY_MS)
    return finish(figure, barmode="stack", dragmode="select", selectdirection="h",
                  xaxis=date_axis(counts["period"]),
                  yaxis=count_axis(counts.groupby("period")["articles"].sum().max() if len(counts) else 0,
                                   "articles"))


def build_coverage_figure(counts: pd.DataFrame, colours: dict[str, str], freq: str) -> go.Figure:
    """Articles per outlet (rows) and period: one dot per outlet and period, its area the article count."""
    figure = go.Figure()
    largest = max(counts["articles"].max(), 1) if len(counts) else 1
    outlets = list(dict.fromkeys(counts.sort_values("outlet")["outlet"]))
    for outlet, name in zip(outlets, labels(outlets)):
        rows = counts[counts["outlet"] == outlet]
        figure.add_scatter(x=rows["period"], y=[name] * len(rows), mode="markers", name=esc(outlet),
                           marker={"color": outlet_colour(outlet, colours), "sizemode": "area",
                                   "size": rows["articles"], "sizeref": largest / 24 ** 2, "sizemin": 4},
                           hovertemplate=f"{esc(outlet)}<br>{freq} of %{{x|%d %b %Y}}: %{{marker.size}} articles"
                                         "<extra></extra>")
    return finish(figure, height=max(HEIGHT, 100 + 26 * len(outlets)), showlegend=False,
                  xaxis=date_axis(counts["period"]), yaxis={"autorange": "reversed"})


def build_trend_figure(trend: pd.DataFrame, metric: str = "mentions") -> go.Figure:
    """Mentions (or mentioning articles) per period for each entity, one line each."""
    figure = go.Figure()
    for i, (entity, rows) in enumerate(trend.groupby("entity", sort=True)):
        figure.add_scatter(x=rows["period"], y=rows[metric], name=esc(entity), mode="lines+markers",
                           line={"color": PALETTE[i % len(PALETTE)]},
                           hovertemplate=f"{esc(entity)}<br>%{{x|%d %b %Y}}: %{{y}} {metric}<extra></extra>")
    return finish(figure, dragmode="select", selectdirection="h", xaxis=date_axis(trend["period"]),
                  yaxis=count_axis(trend[metric].max() if len(trend) else 0, metric))


def build_event_figure(events: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """Dated statements: when the articles say something happened (x), by outlet (y), the sentence on hover."""
    figure = go.Figure()
    events = events.assign(outlet=events["outlet"].fillna("(unknown outlet)"))
    names = dict(zip(sorted(events["outlet"].dropna().unique()), labels(sorted(events["outlet"].dropna().unique()))))
    for outlet, rows in events.groupby("outlet", sort=True):
        hover = [f"<b>{esc(d)}</b> ({esc(g)}) — “{esc(x)}”<br>{hover_text(s)}<br><i>{esc(outlet)}, "
                 f"{esc(p)}: {esc(t)}</i>"
                 for d, g, x, s, p, t in zip(rows["value"], rows["granularity"], rows["expression"],
                                             rows["sentence_text"], rows["published"].dt.strftime("%d %b %Y"),
                                             rows["title"])]
        figure.add_scatter(x=rows["date"], y=[names[outlet]] * len(rows), mode="markers", name=esc(outlet),
                           marker={"color": outlet_colour(str(outlet), colours), "size": 10, "opacity": 0.75},
                           hovertext=hover, hoverinfo="text")
    height = max(HEIGHT, 60 + 28 * events["outlet"].nunique())
    return finish(figure, height=height, showlegend=False, dragmode="zoom",
                  xaxis=focus_axis(events["date"], "the day the statement is about"), yaxis={"title": None})


def build_heatmap_figure(cooc: Cooccurrence, unit: str) -> go.Figure:
    """Co-occurrence counts of the top entities as a heatmap (clicks return nothing: drill down in the table)."""
    names = [esc(e) for e in cooc.entities]
    figure = go.Figure(go.Heatmap(z=cooc.matrix, x=names, y=names, colorscale="Blues", hoverongaps=False,
                                  hovertemplate=f"%{{y}} + %{{x}}: %{{z}} {unit}s<extra></extra>"))
    size = max(HEIGHT, 140 + 22 * len(names))
    return finish(figure, height=size, xaxis={"tickangle": -45, "dtick": 1, "constrain": "domain"},
                  yaxis={"autorange": "reversed", "dtick": 1, "scaleanchor": "x", "constrain": "domain"})


def build_network_figure(cooc: Cooccurrence, positions: np.ndarray, unit: str,
                         selected: tuple[str, ...] = ()) -> go.Figure:
    """Entities as nodes (size: mentions) joined by edges (width: shared units); click a node to filter by it."""
    figure = go.Figure()
    upper_a, upper_b = np.nonzero(np.triu(cooc.matrix, k=1))
    weights = cooc.matrix[upper_a, upper_b]
    if len(weights):
        buckets = np.ceil(4 * weights / weights.max()).astype(int)
        for bucket in sorted(set(buckets)):
            pick = buckets == bucket
            xs = np.column_stack([positions[upper_a[pick], 0], positions[upper_b[pick], 0],
                                  np.full(pick.sum(), np.nan)]).ravel()
            ys = np.column_stack([positions[upper_a[pick], 1], positions[upper_b[pick], 1],
                                  np.full(pick.sum(), np.nan)]).ravel()
            figure.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                               line={"width": 0.8 + 1.6 * bucket, "color": "rgba(110,110,110,0.45)"})
    sizes = 12 + 38 * np.sqrt(cooc.mentions / max(cooc.mentions.max(), 1)) if len(cooc.mentions) else []
    colours = ["#E69F00" if e in selected else "#0072B2" for e in cooc.entities]
    figure.add_scatter(x=positions[:, 0], y=positions[:, 1], mode="markers+text", showlegend=False,
                       text=[esc(e) for e in cooc.entities], textposition="top center", customdata=cooc.entities,
                       marker={"size": sizes, "color": colours, "line": {"width": 1, "color": "white"}},
                       hovertext=[f"{esc(e)}: {m:,} mentions" for e, m in zip(cooc.entities, cooc.mentions)],
                       hoverinfo="text")
    hidden = {"visible": False, "range": [-1.3, 1.3]}
    return finish(figure, height=max(HEIGHT, 140 + 22 * len(cooc.entities)), xaxis=hidden, yaxis=hidden,
                  clickmode="event+select", dragmode=False)


def build_matrix_figure(table: pd.DataFrame, *, rows: str, columns: str, values: str, title: str,
                        diverging: bool = False) -> go.Figure:
    """A heatmap of one value over two categorical columns (outlets by speakers, outlets by entities)."""
    grid = table.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum")
    shown = grid.to_numpy(dtype=float)
    z = np.clip(np.log2(shown), -3, 3) if diverging else shown
    bar = {"title": esc(title)}
    if diverging:  # colours by log2 ratio, ticks in plain ratios
        bar.update(tickvals=[-3, -2, -1, 0, 1, 2, 3], ticktext=["⅛×", "¼×", "½×", "1×", "2×", "4×", "≥8×"])
    scale = {"colorscale": "RdBu_r", "zmid": 0, "zmin": -3, "zmax": 3} if diverging else {"colorscale": "Blues"}
    figure = go.Figure(go.Heatmap(z=z, x=labels(grid.columns), y=labels(grid.index),
                                  customdata=shown, hoverongaps=False, colorbar=bar,
                                  hovertemplate=f"%{{y}} · %{{x}}: %{{customdata:.3~g}} {esc(title)}<extra></extra>",
                                  **scale))
    return finish(figure, height=max(HEIGHT, 160 + 24 * len(grid.index)), xaxis={"tickangle": -45, "dtick": 1},
                  yaxis={"dtick": 1, "autorange": "reversed"})


def build_wire_share_figure(table: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """The share of each outlet's articles that copy an earlier wire story."""
    ordered = table.sort_values("copy_share")
    figure = go.Figure(go.Bar(x=ordered["copy_share"], y=labels(ordered["outlet"]), orientation="h",
                              marker_color=[outlet_colour(o, colours) for o in ordered["outlet"]],
                              customdata=np.column_stack([ordered["wire_copies"], ordered["articles"]]),
                              hovertemplate="%{y}: %{customdata[0]} of %{customdata[1]} articles are wire copies"
                                            "<extra></extra>"))
    return finish(figure, height=max(HEIGHT, 80 + 26 * len(ordered)), xaxis={"tickformat": ".0%", "range": [0, 1]})
