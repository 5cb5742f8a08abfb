"""Figure builders: pure functions from the statistics layer's DataFrames to plotly Figures (no
I/O, no app state), so they are tested without a browser and reused in notebooks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; every class also has a
# text label (legend, hover), so colour is never the only cue.
STANCE_COLORS = {"favor": "#0072B2", "against": "#D55E00", "none": "#999999"}
SENTIMENT_COLORS = {"negative": "#D55E00", "neutral": "#999999", "positive": "#009E73"}
WHO_COLORS = {"official": "#E69F00", "public": "#56B4E9"}
CLASS_COLORS = {**STANCE_COLORS, **SENTIMENT_COLORS}
WHO_LABELS = {"official": "Official text", "public": "Comments"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"


def _layout(fig: go.Figure, title: str | None = None, height: int = 320) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 15}} if title else None, height=height, template="plotly_white",
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10}, font={"family": FONT, "size": 12},
        legend={"orientation": "h", "y": -0.15, "x": 0}, hoverlabel={"font": {"family": FONT}},
    )
    return fig


def empty_figure(message: str, height: int = 220) -> go.Figure:
    """A blank figure that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 13, "color": "#555"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, None, height)


def counts_bar(counts: pd.DataFrame, title: str) -> go.Figure:
    """Pages and comments per key (a corpus_counts table), horizontal bars, most comments on top."""
    if counts.empty:
        return empty_figure("No pages match the filters.")
    horizontal = counts["by"].iloc[0] in ("source", "lang")  # names read across; periods run along x
    data = counts.sort_values("comments", ascending=True) if horizontal else counts
    fig = go.Figure()
    for column, colour in (("comments", "#56B4E9"), ("pages", "#E69F00")):
        values, keys = data[column], data["key"].astype(str)
        fig.add_bar(name=column.capitalize(), x=values if horizontal else keys, y=keys if horizontal else values,
                    orientation="h" if horizontal else "v", marker_color=colour,
                    hovertemplate=f"%{{{'y' if horizontal else 'x'}}}: %{{{'x' if horizontal else 'y'}}} {column}<extra></extra>")
    fig.update_layout(barmode="group")
    if not horizontal:
        fig.update_xaxes(type="category", nticks=24)  # periods are labels ("2021-03"), not instants
    return _layout(fig, title, height=max(240, 28 * len(data) + 90) if horizontal else 300)


def _share_rows(shares: pd.DataFrame) -> pd.DataFrame:
    """The share rows to plot: page-cluster bootstrap intervals where there are several pages,
    Wilson where a group has one page (its bootstrap interval is undefined)."""
    share = shares[shares["measure"] == "share"]
    boot = share[share["interval"] == "cluster_bootstrap"]
    wilson = share[share["interval"] == "wilson"]
    keys = [c for c in share.columns if c not in ("measure", "value", "ci_low", "ci_high", "interval", "n", "n_pages")]
    merged = boot.merge(wilson[keys + ["ci_low", "ci_high"]], on=keys, suffixes=("", "_wilson"))
    use_wilson = merged["ci_low"].isna()
    merged.loc[use_wilson, "ci_low"] = merged.loc[use_wilson, "ci_low_wilson"]
    merged.loc[use_wilson, "ci_high"] = merged.loc[use_wilson, "ci_high_wilson"]
    merged["interval"] = np.where(use_wilson, "Wilson 95 %", "page bootstrap 95 %")
    return merged


def distribution(shares: pd.DataFrame, title: str) -> go.Figure:
    """Class shares with 95 % intervals, official text and comments side by side (a class_shares
    table without grouping)."""
    if shares.empty:
        return empty_figure("No predictions match the filters.")
    rows = _share_rows(shares)
    fig = go.Figure()
    for who in ("official", "public"):
        part = rows[rows["who"] == who]
        if part.empty:
            continue
        fig.add_bar(name=f"{WHO_LABELS[who]} (n={int(part['n'].iloc[0])})", x=part["class"], y=part["value"], marker_color=WHO_COLORS[who],
                    error_y={"type": "data", "symmetric": False, "array": part["ci_high"] - part["value"], "arrayminus": part["value"] - part["ci_low"]},
                    customdata=np.stack([part["ci_low"], part["ci_high"], part["n"], part["interval"]], axis=1),
                    hovertemplate="%{x}: %{y:.1%} (%{customdata[0]:.1%}–%{customdata[1]:.1%}, %{customdata[3]}), n=%{customdata[2]}<extra>" + WHO_LABELS[who] + "</extra>")
    fig.update_layout(barmode="group", yaxis={"tickformat": ".0%", "range": [0, 1], "title": "share"})
    return _layout(fig, title)


def side_by_side(shares: pd.DataFrame, group: str, title: str, colors: dict[str, str] = STANCE_COLORS) -> go.Figure:
    """Per group (e.g. source): the official text's and the comments' class mix as two stacked 100 %
    bars, intervals in the hover."""
    if shares.empty:
        return empty_figure("No predictions match the filters.")
    rows = _share_rows(shares)
    rows["row"] = rows[group].astype(str) + " · " + rows["who"].map(WHO_LABELS) + " (n=" + rows["n"].astype(int).astype(str) + ")"
    order = rows.sort_values([group, "who"], ascending=[False, False])["row"].drop_duplicates().tolist()
    fig = go.Figure()
    for label, colour in colors.items():
        part = rows[rows["class"] == label].set_index("row").reindex(order)
        fig.add_bar(name=label, y=order, x=part["value"], orientation="h", marker_color=colour,
                    customdata=np.stack([part["ci_low"], part["ci_high"]], axis=1),
                    hovertemplate="%{y}<br>" + label + ": %{x:.1%} (95 % CI %{customdata[0]:.1%}–%{customdata[1]:.1%})<extra></extra>")
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]}, legend={"traceorder": "normal"})
    return _layout(fig, title, height=max(260, 26 * len(order) + 100))


def gap_dots(gap: pd.DataFrame, group: str, title: str) -> go.Figure:
    """Jensen–Shannon divergence between official and public stance per group, with intervals."""
    jsd = gap[(gap["measure"] == "js_divergence")].dropna(subset=["value"]) if not gap.empty else gap
    if jsd.empty:
        return empty_figure("No group has both official text and comments with predictions.")
    jsd = jsd.sort_values("value")
    fig = go.Figure(go.Scatter(
        x=jsd["value"], y=jsd[group].astype(str), mode="markers", marker={"size": 11, "color": "#CC79A7", "symbol": "diamond"},
        error_x={"type": "data", "symmetric": False, "array": (jsd["ci_high"] - jsd["value"]).fillna(0), "arrayminus": (jsd["value"] - jsd["ci_low"]).fillna(0)},
        customdata=np.stack([jsd["ci_low"], jsd["ci_high"], jsd["n_pages"]], axis=1),
        hovertemplate="%{y}: JSD %{x:.3f} (95 % CI %{customdata[0]:.3f}–%{customdata[1]:.3f}; %{customdata[2]} pages)<extra></extra>",
        name="official vs comments"))
    fig.update_layout(xaxis={"range": [0, 1], "title": "JSD: 0 same stance mix, 1 disjoint"})
    return _layout(fig, title, height=max(220, 30 * len(jsd) + 110))


def frame_gap_heatmap(frames: pd.DataFrame, group: str, title: str, top: int = 12) -> go.Figure:
    """Frames × group: the comments' share minus the official text's share (positive = the public
    raises it more)."""
    if frames.empty:
        return empty_figure("No frames detected for these filters (run `discourse frames`).")
    strongest = frames.assign(size=frames["difference"].abs()).groupby("frame")["size"].max().nlargest(top).index
    table = frames[frames["frame"].isin(strongest)].pivot_table(index="frame", columns=group, values="difference", fill_value=0.0)
    official = frames[frames["frame"].isin(strongest)].pivot_table(index="frame", columns=group, values="official_share", fill_value=0.0).reindex_like(table)
    public = frames[frames["frame"].isin(strongest)].pivot_table(index="frame", columns=group, values="public_share", fill_value=0.0).reindex_like(table)
    limit = max(0.05, float(np.abs(table.to_numpy()).max()))
    fig = go.Figure(go.Heatmap(
        z=table.to_numpy(), x=[str(c) for c in table.columns], y=[f.replace("_", " ") for f in table.index], zmid=0, zmin=-limit, zmax=limit,
        colorscale=[[0, "#E69F00"], [0.5, "#F7F7F7"], [1, "#0072B2"]], colorbar={"title": "comments − official", "tickformat": ".0%"},
        customdata=np.stack([official.to_numpy(), public.to_numpy()], axis=-1),
        hovertemplate="%{y} · %{x}<br>comments %{customdata[1]:.0%}, official %{customdata[0]:.0%}<extra></extra>"))
    return _layout(fig, title, height=max(260, 24 * len(table) + 120))


def trend(shares: pd.DataFrame, period: str, split: str | None, title: str, colors: dict[str, str]) -> go.Figure:
    """Class shares over time with 95 % bands; one panel per value of `split` (at most 6)."""
    if shares.empty:
        return empty_figure("No predictions match the filters.")
    rows = _share_rows(shares)
    rows = rows[rows[period] != "unknown"]
    if rows.empty:
        return empty_figure("No dated items match the filters.")
    panels = [None] if not split else rows.groupby(split)["n"].max().sort_values(ascending=False).index[:6].tolist()
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, subplot_titles=[str(p) for p in panels] if split else None,
                        vertical_spacing=0.08 if len(panels) > 1 else 0.02)
    for i, panel in enumerate(panels, start=1):
        part = rows if panel is None else rows[rows[split] == panel]
        for label, colour in colors.items():
            line = part[part["class"] == label].sort_values(period)
            if line.empty:
                continue
            x = line[period].tolist()
            fig.add_scatter(x=x + x[::-1], y=line["ci_high"].tolist() + line["ci_low"].tolist()[::-1], fill="toself", fillcolor=_rgba(colour, 0.15),
                            line={"width": 0}, hoverinfo="skip", showlegend=False, row=i, col=1, legendgroup=label)
            fig.add_scatter(x=x, y=line["value"], mode="lines+markers", name=label, line={"color": colour}, legendgroup=label, showlegend=i == 1,
                            customdata=np.stack([line["ci_low"], line["ci_high"], line["n"]], axis=1), row=i, col=1,
                            hovertemplate="%{x} " + label + ": %{y:.1%} (%{customdata[0]:.1%}–%{customdata[1]:.1%}), n=%{customdata[2]}<extra></extra>")
        fig.update_yaxes(tickformat=".0%", range=[0, 1], row=i, col=1)
    fig.update_xaxes(type="category", categoryorder="category ascending")
    return _layout(fig, title, height=max(320, 200 * len(panels)))


def frames_over_time(frames: pd.DataFrame, period: str, who: str, title: str, top: int = 10) -> go.Figure:
    """Share of texts carrying each frame per period (heatmap; the `top` most frequent frames)."""
    column = f"{who}_share"
    if frames.empty or column not in frames:
        return empty_figure("No frames detected for these filters.")
    data = frames[frames[period] != "unknown"]
    keep = data.groupby("frame")[column].mean().nlargest(top).index
    table = data[data["frame"].isin(keep)].pivot_table(index="frame", columns=period, values=column, fill_value=0.0)
    if table.empty:
        return empty_figure("No dated frames for these filters.")
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=[str(c) for c in table.columns], y=[f.replace("_", " ") for f in table.index],
                               colorscale="Blues", zmin=0, colorbar={"title": "share", "tickformat": ".0%"},
                               hovertemplate="%{y} · %{x}: %{z:.0%}<extra></extra>"))
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=max(260, 24 * len(table) + 120))


def theme_bars(themes: pd.DataFrame, title: str) -> go.Figure:
    """Stance mix of each theme (stacked 100 % bars, labelled by keywords)."""
    if themes.empty:
        return empty_figure("No themes for these filters (run `discourse themes`).")
    data = themes.sort_values("comments")
    labels = [f"{t}: {_clip(k, 48)} (n={n})" for t, k, n in zip(data["theme"], data["keywords"], data["comments"])]
    fig = go.Figure()
    for label, colour in STANCE_COLORS.items():
        share = data[label] / data["comments"].where(data["comments"] > 0)
        fig.add_bar(name=label, y=labels, x=share, orientation="h", marker_color=colour, hovertemplate="%{y}<br>" + label + ": %{x:.0%}<extra></extra>")
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]}, legend={"traceorder": "normal"})
    return _layout(fig, title, height=max(260, 26 * len(data) + 100))


def agreement_bars(ratios: pd.DataFrame, title: str) -> go.Figure:
    """Per source: the share of replies that agree / disagree / are neutral toward their parent."""
    if ratios.empty:
        return empty_figure("No classified replies for these filters.")
    colours = {"agree": "#009E73", "disagree": "#D55E00", "neutral": "#999999"}
    fig = go.Figure()
    for label, colour in colours.items():
        fig.add_bar(name=label, y=ratios["source"], x=ratios[f"{label}_share"], orientation="h", marker_color=colour,
                    customdata=ratios[label], hovertemplate="%{y}: " + label + " %{x:.0%} (%{customdata} replies)<extra></extra>")
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]}, legend={"traceorder": "normal"})
    return _layout(fig, title, height=max(220, 30 * len(ratios) + 100))


def reply_network(edges: pd.DataFrame, stances: pd.DataFrame, title: str, max_nodes: int = 120, seed: int = 0) -> go.Figure:
    """Who replies to whom: the `max_nodes` most connected participants, placed by a force layout;
    nodes coloured by the author's most frequent stance, edges by agreement (green agree, orange
    disagree, grey unclassified)."""
    import networkx as nx

    if edges.empty:
        return empty_figure("No replies between participants for these filters.")
    graph = nx.Graph()
    for row in edges.itertuples(index=False):  # replies both ways between two people make one line
        u, v = str(row.source_author), str(row.target_author)
        agreement = row.agreement if row.agreement == row.agreement else None
        if graph.has_edge(u, v):
            data = graph[u][v]
            data["weight"] += int(row.replies)
            if agreement is not None:
                data["agreement"] = agreement if data["agreement"] is None else (data["agreement"] + agreement) / 2
        else:
            graph.add_edge(u, v, weight=int(row.replies), agreement=agreement)
    degree = dict(graph.degree(weight="weight"))
    keep = sorted(degree, key=lambda n: -degree[n])[:max_nodes]
    graph = graph.subgraph(keep).copy()
    position = nx.spring_layout(graph, seed=seed, k=1.5 / math.sqrt(max(graph.number_of_nodes(), 1)))
    fig = go.Figure()
    for name, colour, test in (("agree", "#009E73", lambda a: a is not None and a == a and a > 0), ("disagree", "#D55E00", lambda a: a is not None and a == a and a < 0),
                               ("unclassified / neutral", "#BBBBBB", lambda a: a is None or a != a or a == 0)):
        xs, ys = [], []
        for u, v, data in graph.edges(data=True):
            if test(data.get("agreement")):
                xs += [position[u][0], position[v][0], None]
                ys += [position[u][1], position[v][1], None]
        if xs:
            fig.add_scatter(x=xs, y=ys, mode="lines", line={"width": 1, "color": colour}, hoverinfo="skip", name=f"reply: {name}")
    stance_of = dict(zip(stances["author"].astype(str), stances["stance"])) if not stances.empty else {}
    nodes = list(graph.nodes)
    for label, colour in {**STANCE_COLORS, "unclassified": "#FFFFFF"}.items():
        chosen = [n for n in nodes if stance_of.get(n, "unclassified") == label]
        if not chosen:
            continue
        fig.add_scatter(x=[position[n][0] for n in chosen], y=[position[n][1] for n in chosen], mode="markers", name=f"author mostly {label}",
                        marker={"size": [6 + 2 * math.sqrt(degree[n]) for n in chosen], "color": colour, "line": {"width": 1, "color": "#333"}},
                        text=chosen, customdata=[degree[n] for n in chosen], hovertemplate="%{text}: %{customdata} replies<extra>" + label + "</extra>")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=520)


def evaluation_bars(table: pd.DataFrame, title: str) -> go.Figure:
    """Held-out accuracy and macro-F1 per head and evaluation set."""
    if table.empty:
        return empty_figure("No evaluation records for the heads in use.")
    fig = go.Figure()
    for metric, colour in (("macro_f1", "#0072B2"), ("accuracy", "#56B4E9")):
        part = table[table["metric"] == metric]
        fig.add_bar(name=metric.replace("_", "-"), y=part["head"] + " · " + part["set"], x=part["value"], orientation="h", marker_color=colour,
                    hovertemplate="%{y}: %{x:.3f}<extra>" + metric + "</extra>")
    fig.update_layout(barmode="group", xaxis={"range": [0, 1]})
    return _layout(fig, title, height=max(260, 22 * len(table) + 100))


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
