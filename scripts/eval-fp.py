#!/usr/bin/env python3
"""False-positive check on third-party text in ../shared/data (never copied
into the repository): writes the documents to a temporary folder, runs
`klartext scan --format json`, and prints counted findings per 1,000 words and
the most frequent rules with example contexts, for a person to judge.

Usage: scripts/eval-fp.py [--bin target/release/klartext] [--top 25]
"""
import argparse, csv, json, os, subprocess, sys, tempfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")


def enron(out):
    with open(os.path.join(DATA, "enron-mail", "enron-dev.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            rec = json.loads(line)
            write(out, f"enron-{i:05}.txt", rec.get("body", ""))


def gnad(out):
    csv.field_size_limit(10**8)
    with open(os.path.join(DATA, "de-news", "10kGNAD-part-a.csv"), encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if len(row) >= 2:
                write(out, f"gnad-{i:05}.txt", row[1])


def write(folder, name, text):
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "klartext"))
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    for name, fill in [("enron-mail (en)", enron), ("de-news (de)", gnad)]:
        with tempfile.TemporaryDirectory() as tmp:
            fill(tmp)
            run = subprocess.run([args.bin, "scan", "--format", "json", tmp], capture_output=True, check=False)
            if run.returncode not in (0, 2):
                sys.exit(run.stderr.decode())
            res = json.loads(run.stdout)
        s = res["summary"]
        per_k = 1000 * s["counted"] / max(1, s["words"])
        print(f"== {name}: {s['documents']} documents, {s['words']} words, "
              f"{s['counted']} counted findings = {per_k:.2f} per 1,000 words, "
              f"{s['quoted']} quoted, {s['negated']} negated")
        rules = Counter()
        examples = defaultdict(list)
        for d in res["documents"]:
            for f in d["findings"]:
                if f["counted"]:
                    rules[f["rule"]] += 1
                    if len(examples[f["rule"]]) < 3:
                        examples[f["rule"]].append(f["text"])
        for rule, n in rules.most_common(args.top):
            print(f"  {n:5}  {rule:48} {examples[rule]}")


if __name__ == "__main__":
    main()
