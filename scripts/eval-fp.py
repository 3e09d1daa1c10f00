#!/usr/bin/env python3
"""False-positive check on real text that we may read but not ship
(../shared/data; never copied into the repository).

Runs `klartext scan --format ndjson` directly on the Enron sample (JSON Lines,
e-mail bodies) and the 10kGNAD sample (CSV, German news), prints counted
findings per 1,000 words, and for the most frequent rules a seeded random
sample of hits in context, for a person to judge.

Usage:
  scripts/eval-fp.py                      # top 30 rules per corpus, 10 samples each
  scripts/eval-fp.py --rule de.euphemism  # only rules starting with this prefix
  scripts/eval-fp.py --markdown           # the precision table skeleton for lexicons/README.md
"""
import argparse, csv, json, os, random, subprocess, sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))

CORPORA = {
    "enron": {
        "path": os.path.join(DATA, "enron-mail", "enron-dev.jsonl"),
        "args": ["--text-field", "body", "--id-field", "id", "--mail-bodies"],
    },
    "de-news": {
        "path": os.path.join(DATA, "de-news", "10kGNAD-part-a.csv"),
        "args": ["--delimiter", ";", "--quote", "'", "--no-header", "--text-field", "2", "--group-field", "1"],
    },
}


def texts(name, path):
    """Document id -> text, read the way klartext reads it."""
    out = {}
    if name == "enron":
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                out[str(rec["id"])] = rec["body"]
    else:
        csv.field_size_limit(10**8)
        with open(path, encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'"), start=1):
                out[f"{path}#{i}"] = row[1]
    return out


def context(text, start, end, width=70):
    b = text.encode("utf-8")
    before = b[max(0, start - width):start].decode("utf-8", "ignore")
    after = b[end:end + width].decode("utf-8", "ignore")
    hit = b[start:end].decode("utf-8", "ignore")
    one = lambda s: " ".join(s.split())
    return f"…{one(before)} [[{one(hit)}]] {one(after)}…"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "klartext"))
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sample", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rule", default="", help="only rules whose id starts with this")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--klartext-args", default="",
                    help="extra arguments for klartext, e.g. '--no-builtin --lexicon lexicons/de/hedge.toml'")
    args = ap.parse_args()
    for name, corpus in CORPORA.items():
        if not os.path.exists(corpus["path"]):
            sys.exit(f"missing {corpus['path']}")
        run = subprocess.run([args.bin, "scan", "--format", "ndjson", *corpus["args"], *args.klartext_args.split(),
                              corpus["path"]],
                             capture_output=True, check=False)
        if run.returncode not in (0, 2):
            sys.exit(run.stderr.decode())
        lines = [json.loads(l) for l in run.stdout.decode().splitlines()]
        summary = lines[-1]
        by_id = texts(name, corpus["path"])
        hits = defaultdict(list)
        for doc in lines:
            if doc.get("type") != "document":
                continue
            for f in doc["findings"]:
                if f["counted"] and f["rule"].startswith(args.rule):
                    hits[f["rule"]].append(context(by_id[doc["id"]], f["start"], f["end"]))
        per_k = 1000 * summary["counted"] / max(1, summary["words"])
        print(f"== {name}: {summary['documents']} documents, {summary['words']} words, "
              f"{summary['counted']} counted findings ({per_k:.2f} per 1,000 words), "
              f"lexicon {summary['lexicon_version']}")
        ranked = sorted(hits.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:args.top]
        rng = random.Random(args.seed)
        if args.markdown:
            print("\n| rule | hits | sampled | judged correct |\n| --- | --- | --- | --- |")
        for rule, contexts in ranked:
            sample = rng.sample(contexts, min(args.sample, len(contexts)))
            if args.markdown:
                print(f"| `{rule}` | {len(contexts)} | {len(sample)} |  |")
            else:
                print(f"\n{rule}: {len(contexts)} hits")
                for c in sample:
                    print(f"   {c}")
        print()


if __name__ == "__main__":
    main()
