"""`make eval`: parse the dev corpus and score it with the reference scorers in ../shared/eval.

Equivalent to running `python -m storyline parse FILE --published DATE --outlet NAME` on every dev article
(one process, so the model loads once), then `../shared/eval/score.py`; also scores the HTML reader on
../shared/corpus/html with `../shared/eval/html_body_f1.py`.

Story membership: each dev article is judged alone against the default story (data/seed parsed), exactly as
`parse` judges a file when the store is empty; its `on_story` is compared with `on_topic` in the dev index.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from storyline.ingest.sources import read_input, with_language
from storyline.nlp.parse import parse_articles, to_contract
from storyline.records import IngestOptions
from storyline.story.tracking import default_profile, score_parsed

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def dev_index(shared: Path) -> list[dict]:
    """Rows of the dev corpus index."""
    path = shared / "corpus" / "dev" / "index.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_dev_predictions(shared: Path, out_dir: Path) -> int:
    """Parse every dev article into out_dir/<id>.json (the `parse` contract); returns the count."""
    rows = dev_index(shared)
    articles = []
    for row in rows:
        options = IngestOptions(outlet=row.get("outlet"), published=date.fromisoformat(row["published"]))
        path = shared / "corpus" / "dev" / f"{row['id']}.txt"
        articles.append(with_language(next(iter(read_input(str(path), options)))))
    story = default_profile()
    for row, parsed in zip(rows, parse_articles(articles)):
        contract = to_contract(parsed, score_parsed(parsed, story))
        (out_dir / f"{row['id']}.json").write_text(json.dumps(contract, ensure_ascii=False))
    return len(rows)


def score_membership(shared: Path, pred_dir: Path) -> tuple[float, list[str], str]:
    """Accuracy of on_story against on_topic, the ids judged wrong, and the hard negatives rejected ("k/n")."""
    rows = dev_index(shared)
    judged = {row["id"]: json.loads((pred_dir / f"{row['id']}.json").read_text())["on_story"] for row in rows}
    wrong = [row["id"] for row in rows if judged[row["id"]] != row["on_topic"]]
    hard = [row["id"] for row in rows if row.get("hard_negative")]
    return 1 - len(wrong) / len(rows), wrong, f"{sum(not judged[i] for i in hard)}/{len(hard)}"


def write_html_predictions(shared: Path, out_dir: Path) -> int:
    """Extract every benchmark page into out_dir/<id>.json with its `text`; returns the count."""
    from storyline.ingest.html import parse_html
    pages = sorted((shared / "corpus" / "html" / "html").glob("*.html.gz"))
    for page in pages:
        key = page.name.removesuffix(".html.gz")
        raw = gzip.decompress(page.read_bytes())
        try:
            text = parse_html(raw, str(page), IngestOptions()).text
        except Exception as exc:  # a page the reader rejects scores as an empty extraction
            text = ""
            print(f"  {key}: {exc}", file=sys.stderr)
        (out_dir / f"{key}.json").write_text(json.dumps({"text": text}, ensure_ascii=False))
    return len(pages)


def run_scorer(script: Path, *args: str) -> str:
    """Output of one reference scorer."""
    return subprocess.run([sys.executable, str(script), *args], check=True, capture_output=True,
                          text=True).stdout


def main(argv: list[str] | None = None) -> int:
    """Score the extractors on the dev corpus and the HTML reader on the HTML benchmark."""
    parser = argparse.ArgumentParser(prog="python -m storyline.evaluation")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--keep", type=Path, help="keep predictions in this folder")
    parser.add_argument("--only", choices=["dev", "html"], help="run one of the two evaluations")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus").exists():
        print(f"no evaluation corpus at {args.shared / 'corpus'}: nothing to score", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        figures = []
        if args.only in (None, "html"):
            html_dir = out / "html"
            html_dir.mkdir(parents=True, exist_ok=True)
            write_html_predictions(args.shared, html_dir)
            html = run_scorer(args.shared / "eval" / "html_body_f1.py",
                              str(args.shared / "corpus" / "html" / "ground-truth.json"), str(html_dir)).strip()
            print(f"HTML reader on corpus/html: {html}")
            figures.append(f"html {html.split()[-1]}")
        if args.only in (None, "dev"):
            dev_dir = out / "dev"
            dev_dir.mkdir(parents=True, exist_ok=True)
            write_dev_predictions(args.shared, dev_dir)
            table = run_scorer(args.shared / "eval" / "score.py",
                               str(args.shared / "corpus" / "dev" / "gold.jsonl"), str(dev_dir))
            print("Extractors on corpus/dev:")
            print(table.rstrip())
            values = dict(line.split(None, 1) for line in table.splitlines() if line.strip())
            figures += [f"{k}={values[k].strip()}" for k in (
                "quote_precision", "quote_recall", "speaker_accuracy", "end_to_end", "entity_purity",
                "entity_completeness", "false_person_merges", "date_accuracy") if k in values]
            accuracy, wrong, hard = score_membership(args.shared, dev_dir)
            print(f"Story membership on corpus/dev (each article alone against the default story): accuracy "
                  f"{accuracy:.3f}, hard negatives rejected {hard}; wrong: {', '.join(wrong) or 'none'}")
            figures.append(f"membership={accuracy:.3f}")
        print("FIGURES " + " ".join(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
