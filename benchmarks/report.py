"""BENCHMARKS.md from the merged results: machine, versions, every figure with median/p95, targets, growth."""
from __future__ import annotations

from pathlib import Path

NOTES = Path(__file__).with_name("NOTES.md")  # hand-written reading of the figures, included verbatim
FILTERED_BUDGET_MS = 150.0
COOCCURRENCE_BUDGET_MS = 1000.0
FIRST_LOAD_BUDGET_MS = 2000.0
MEMORY_BUDGET_MIB = 1536.0
INGEST_RATIO = 0.8
EXTRACTOR_SHARE = 0.25
ROUNDS = ("first", "cold", "warm", "filtered")  # the page tour's visits, in order


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def ms(timing: dict | None) -> str:
    """'median / p95' in milliseconds."""
    if not timing:
        return "–"
    return f"{timing['median_ms']:,.0f} / {timing['p95_ms']:,.0f}"


def mib(kib: int) -> str:
    """KiB as MiB."""
    return f"{kib / 1024:,.0f} MiB"


def verdict(ok: bool | None) -> str:
    """Met, not met, or not measured."""
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def largest(sizes: dict) -> str | None:
    """The key of the largest store size measured."""
    return max(sizes, key=int) if sizes else None


def filtered_views(run: dict) -> list[tuple[str, str, str, float]]:
    """(page, query, view, filter + query median ms) for every filtered view of a store size."""
    rows = []
    for item in run["queries"]:
        if item["view"] == "all articles":
            continue
        apply = run["apply"][item["view"]]["median_ms"]
        rows.append((item["page"], item["query"], item["view"], apply + item["median_ms"]))
    return rows


def find_query(run: dict, query: str, view: str = "all articles") -> dict | None:
    """One query's timing under a view."""
    return next((q for q in run["queries"] if q["query"] == query and q["view"] == view), None)


def target_rows(results: dict) -> list[list[str]]:
    """The targets, each with the figure that decides it."""
    rows = []
    ingest = results.get("ingest")
    if ingest:
        for n in (1, 2):
            ratio = ingest[f"ratio_{n}"]
            rows.append([f"ingest ≥ {INGEST_RATIO} of nlp.pipe throughput ({n} process{'es' if n > 1 else ''})",
                         f"{ratio:.2f}", verdict(ratio >= INGEST_RATIO)])
        rows.append([f"extractors add ≤ {EXTRACTOR_SHARE:.0%} to nlp.pipe time",
                     f"{ingest['extractor_only_share']:.0%} timed over ready docs (parse_articles − nlp.pipe: "
                     f"{ingest['extractor_share']:.0%})", verdict(ingest["extractor_only_share"] <= EXTRACTOR_SHARE)])
    queries = results.get("queries", {})
    size = largest(queries)
    if size:
        run = queries[size]
        label = f"at {int(size):,} articles"
        views = filtered_views(run)
        over = [v for v in views if v[3] >= FILTERED_BUDGET_MS]
        rows.append([f"every filtered view < {FILTERED_BUDGET_MS:.0f} ms {label} (filter + query, median)",
                     f"{len(views) - len(over)} of {len(views)} under; worst {max(v[3] for v in views):,.0f} ms",
                     verdict(not over)])
        cooc = [find_query(run, f"co-occurrence top 50, {unit}") for unit in ("sentence", "article")]
        worst = max(c["median_ms"] for c in cooc if c)
        rows.append([f"unfiltered top-50 co-occurrence < {COOCCURRENCE_BUDGET_MS:.0f} ms {label}",
                     f"{worst:,.0f} ms (median, slower unit)", verdict(worst < COOCCURRENCE_BUDGET_MS)])
        first = max(t["median_ms"] for t in run["first_load"].values())
        rows.append([f"first page load < {FIRST_LOAD_BUDGET_MS / 1000:.0f} s {label} (loaders + queries, cold cache)",
                     f"slowest page {first:,.0f} ms", verdict(first < FIRST_LOAD_BUDGET_MS)])
    tours = results.get("tour", {})
    tour_size = largest(tours)
    if tour_size:
        tour = tours[tour_size]
        cold = max(r["seconds"] for r in tour["cold"].values())
        rows.append([f"first page load through the server, cold cache, < {FIRST_LOAD_BUDGET_MS / 1000:.0f} s at "
                     f"{int(tour_size):,} articles", f"slowest page {cold:,.1f} s", verdict(cold * 1000 < FIRST_LOAD_BUDGET_MS)])
        rss = tour["memory_kib"]["VmRSS"] / 1024
        rows.append([f"dashboard process RSS < 1.5 GB at {int(tour_size):,} articles (every page loaded)",
                     f"{rss:,.0f} MiB (peak {tour['memory_kib']['VmHWM'] / 1024:,.0f} MiB)",
                     verdict(rss < MEMORY_BUDGET_MIB)])
    load = results.get("load")
    if load:
        rows.append([f"load test: no session sees an error ({load['sessions']} sessions)",
                     f"{len(load['errors'])} errors", verdict(not load["errors"])])
    return rows


def machine_section(results: dict) -> str:
    """Machine and versions."""
    facts = results.get("machine", {})
    return "## Machine and versions\n\n" + table(["", ""], [[k, v] for k, v in facts.items()])


def corpus_section(results: dict) -> str:
    """What the synthetic corpus is and how it compares with the dev corpus."""
    corpus = results.get("corpus")
    if not corpus:
        return ""
    parts = ["## Synthetic corpus\n", corpus.get("description", "")]
    stores = corpus.get("stores", {})
    if stores:
        rows = [[f"{int(n):,}", f"{s['mentions'] / s['articles']:.1f}", f"{s['quotes'] / s['articles']:.1f}",
                 f"{s['dates'] / s['articles']:.1f}", f"{s['words'] / s['articles']:.0f}", f"{s['wire_copies']:,}",
                 f"{s['seconds']:.0f} s"] for n, s in sorted(stores.items(), key=lambda kv: int(kv[0]))]
        parts.append(table(["articles", "mentions/article", "quotes/article", "dates/article", "words/article",
                            "wire copies", "build time (no spaCy)"], rows))
    dev = corpus.get("dev")
    if dev:
        parts.append(f"\nThe dev corpus (`../shared/corpus/dev`, {dev['articles']} English articles parsed by "
                     f"Storyline): {dev['mentions']:.1f} mentions, {dev['quotes']:.1f} quotes, {dev['dates']:.1f} "
                     f"dates, {dev['distinct']:.1f} distinct entities and {dev['words']:.0f} words per article "
                     "(many are excerpts, hence the shorter texts).")
    return "\n".join(parts)


def ingest_section(results: dict) -> str:
    """Ingest throughput passes."""
    ingest = results.get("ingest")
    if not ingest:
        return ""
    rows = [[p["label"], f"{p['seconds']:.1f}", f"{p['articles_per_s']:.2f}", f"{p['words_per_s']:,}"]
            for p in ingest["passes"].values()]
    return "\n".join([
        "## Ingest throughput\n",
        f"{ingest['sample']} generated articles ({ingest['words']:,} words) as text files; measured "
        f"{ingest['measured']}, load average {ingest['load_average'][0]}. The single-process passes take turns "
        "chunk by chunk (50 articles); the two-process passes are one whole pass each.\n",
        table(["pass", "seconds", "articles/s", "words/s"], rows),
        f"\nStoryline / nlp.pipe: **{ingest['ratio_1']:.2f}** on one process, **{ingest['ratio_2']:.2f}** on two. "
        f"The extractors timed alone over the docs nlp.pipe made: {ingest['extractor_seconds']:.1f} s, "
        f"**{ingest['extractor_only_share']:.0%}** of nlp.pipe's time (parse_articles − nlp.pipe, the same thing "
        f"measured as a difference of two long passes: {ingest['extractor_share']:.0%}). Parts of the ingest timed alone: reading the files and "
        f"detecting their language {ingest['read_seconds']:.1f} s, wire-copy fingerprints "
        f"{ingest.get('fingerprint_seconds', 0):.1f} s."])


def queries_section(size: str, run: dict) -> str:
    """Every query under every view for one store size."""
    views = list(run["view_sizes"])
    header = ["page", "query"] + [f"{v} ({run['view_sizes'][v]:,})" for v in views]
    by_key = {(q["page"], q["query"], q["view"]): q for q in run["queries"]}
    names = list(dict.fromkeys((q["page"], q["query"]) for q in run["queries"]))
    rows = [[page, query] + [ms(by_key.get((page, query, v))) for v in views] for page, query in names]
    rows.append(["(every page)", "apply the filter"] + [ms(run["apply"][v]) for v in views])
    loaders = [[name, ms(t)] for name, t in run["loaders"].items()]
    loaders += [["read_story (whole store, no text)", ms(run["read_story"])],
                ["text search (DuckDB ILIKE over every text)", ms(run["text_search"])]]
    first = [[page, ms(t)] for page, t in run["first_load"].items()]
    return "\n".join([
        f"### {int(size):,} articles ({run['mentions']:,} mentions, {run['quotes']:,} quotes)\n",
        f"Measured {run['measured']}, load average {run['load_average'][0]}. Milliseconds, median / p95; a view's "
        "article count in brackets. Each query runs on the already filtered story; a filter change costs the "
        "filter (last row) plus the page's queries.\n",
        table(header, rows), "\nLoaders and what every rerun pays:\n", table(["step", "ms median / p95"], loaders),
        "\nFirst load of each page on a cold cache (the loaders every page calls, then its queries):\n",
        table(["page", "ms median / p95"], first)])


def growth_section(queries: dict) -> str:
    """Medians across store sizes, unfiltered and under the entity filter."""
    sizes = sorted(queries, key=int)
    if len(sizes) < 2:
        return ""
    first = queries[sizes[0]]
    entity_view = next(v for v in first["view_sizes"] if v.startswith("entity:"))
    names = list(dict.fromkeys((q["page"], q["query"]) for q in first["queries"]))
    rows = []
    for page, query in names:
        cells = []
        for size in sizes:
            run = queries[size]
            entity = next(v for v in run["view_sizes"] if v.startswith("entity:"))
            cells += [f"{(find_query(run, query) or {}).get('median_ms', 0):,.0f}",
                      f"{(find_query(run, query, entity) or {}).get('median_ms', 0):,.0f}"]
        rows.append([page, query, *cells])
    for label, pick in (("read_story", lambda r: r["read_story"]),
                        ("apply default filter", lambda r: r["apply"]["all articles"]),
                        ("load_story cold", lambda r: r["loaders"].get("load_story, cold (cache empty)"))):
        rows.append(["(every page)", label, *[c for s in sizes for c in (ms(pick(queries[s])).split(" / ")[0], "")]])
    header = ["page", "query"] + [f"{int(s):,} {v}" for s in sizes for v in ("all", "entity")]
    return "\n".join(["## Growth\n", f"Median milliseconds at each size, all articles and under the entity filter "
                      f"({entity_view.split(': ', 1)[1]} at {int(sizes[0]):,}; the most mentioned person at each size).\n",
                      table(header, rows)])


def tour_section(tours: dict) -> str:
    """Page loads through the real server, and its memory."""
    if not tours:
        return ""
    parts = ["## Through the real server: page loads and memory\n",
             "One browser-like session on a freshly started `streamlit run dashboard.py` opens every page four "
             "times: first (the server imports the page modules then), cold (after the browser menu's “Clear "
             "cache”: what the first visitor of a new store version waits for), warm, and under an entity filter. "
             "Seconds from the rerun request to `script_finished` as the websocket client saw them; data sent is "
             "the cold run's; memory from /proc after the tour.\n"]
    for size, tour in sorted(tours.items(), key=lambda kv: int(kv[0])):
        rows = [[page, *(f"{tour[r][page]['seconds']:.2f}" for r in ROUNDS), f"{tour['cold'][page]['bytes'] / 1e6:.1f} MB",
                 "; ".join(e for r in ROUNDS for e in tour[r][page]["errors"]) or "none"] for page in tour["cold"]]
        parts += [f"### {int(size):,} articles (measured {tour['measured']}, load average {tour['load_average'][0]})\n",
                  table(["page", "first s", "cold s", "warm s", "filtered s", "sent", "errors"], rows),
                  f"\nServer RSS: {mib(tour['idle_memory_kib']['VmRSS'])} idle, {mib(tour['memory_kib']['VmRSS'])} "
                  f"after the tour (peak {mib(tour['memory_kib']['VmHWM'])}).\n"]
    return "\n".join(parts)


def load_section(load: dict | None) -> str:
    """The load test."""
    if not load:
        return ""
    kinds = [[k, v["runs"], ms(v), f"{v['max_ms']:,.0f}"] for k, v in load["by_kind"].items()]
    pages = [[p, v["runs"], ms(v)] for p, v in load["by_page"].items()]
    errors = "\n".join(f"- {e}" for e in load["errors"][:30]) or "None: no session saw an exception, an error " \
                                                                   "element or a timeout."
    return "\n".join([
        "## Load test\n",
        f"{load['sessions']} concurrent browser-like sessions against `streamlit run dashboard.py` on 127.0.0.1 with a "
        f"{int(load['store_articles']):,}-article store; each opens the Overview, then makes "
        f"{load['steps']} page or filter changes with 0.5–2 s of thinking between them (fragment reruns every 5 s "
        f"while idle, as a browser does). Hard limit {load['time_limit']:.0f} s. Measured {load['measured']}, load "
        f"average {load['load_average'][0]}.\n",
        f"Done: {load['done_actions']} of {load['planned_actions']} actions in {load['seconds']:.0f} s; "
        f"{load['stopped_early']} sessions stopped by the time limit. Server RSS afterwards "
        f"{mib(load['memory_kib'].get('VmRSS', 0))} (peak {mib(load['memory_kib'].get('VmHWM', 0))}).\n",
        table(["action", "count", "ms median / p95", "max ms"], kinds), "\nBy page (opens, page and filter changes):\n",
        table(["page", "count", "ms median / p95"], pages), "\nErrors:\n", errors])


def render(results: dict) -> str:
    """The whole report."""
    queries = results.get("queries", {})
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    sections = [
        "# Storyline benchmarks\n",
        "Generated by `make bench` (`python -m benchmarks.run`); every figure comes from the run recorded below. "
        "The corpus is synthetic (see below): nothing in it is news.\n",
        "Sections and the commands that measured them: " + "; ".join(
            f"{section}: `{command.strip()}`" for section, command in results.get("commands", {}).items())
        + f". Full run: `{results.get('full_command', '')}`.\n",
        "## Targets\n", table(["target", "figure", "verdict"], target_rows(results)),
        notes, machine_section(results), corpus_section(results), ingest_section(results),
        "## Dashboard data work\n" if queries else "",
        *[queries_section(size, run) for size, run in sorted(queries.items(), key=lambda kv: int(kv[0]))],
        growth_section(queries), tour_section(results.get("tour", {})), load_section(results.get("load"))]
    return "\n\n".join(s.strip() for s in sections if s) + "\n"
