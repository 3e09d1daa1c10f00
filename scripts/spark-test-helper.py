#!/usr/bin/env python3
"""Helper of scripts/spark-test.sh, run with its PySpark in local mode.

    spark-test-helper.py RESULTS_DIR EXPECTED.ndjson CORPUS.jsonl CORPUS.parquet

Checks the Parquet and CSV per-document results that klartext_spark.py wrote
to RESULTS_DIR against EXPECTED.ndjson (the document and skipped lines of a
direct `klartext scan --format ndjson`): the same records in the same order
(the CSV part files in name order, the Parquet rows by their input and line
columns), each column equal to its value in the record. Then writes
CORPUS.jsonl as a Parquet dataset of one file, rows in line order, for the
test's Parquet-input run. Exit status 1 when a check failed.
"""

import csv
import glob
import json
import os
import sys

from pyspark.sql import SparkSession


def columns(rec):
    """The flat columns klartext_spark.py derives from a record."""
    meta = rec.get("meta", {})
    findings = rec.get("findings", [])
    return {
        "type": rec["type"], "id": rec.get("id"), "source": rec["source"],
        "lang": rec.get("lang"), "words": rec.get("words"), "frankness": rec.get("frankness"),
        "date": meta.get("date"), "author": meta.get("author"), "group": meta.get("group"),
        "findings": len(findings), "counted": sum(f["counted"] for f in findings),
        "skip_kind": rec.get("kind"), "skip_reason": rec.get("reason"),
        "error": rec.get("error", False),
    }


def compare(label, rows, expected):
    """rows: dicts of one output, in its order; each with a json column."""
    failures = 0
    if [r["json"] for r in rows] != expected:
        print(f"spark-test-helper: FAIL {label}: json column differs from the direct run "
              f"({len(rows)} rows, {len(expected)} expected)", file=sys.stderr)
        return 1
    for r in rows:
        want = columns(json.loads(r["json"]))
        got = {k: r[k] for k in want}
        if got != want:
            print(f"spark-test-helper: FAIL {label}: {got} != {want}", file=sys.stderr)
            failures += 1
            if failures == 5:
                break
    if not failures:
        print(f"spark-test-helper: {label}: {len(rows)} records as in the direct run")
    return failures


def csv_rows(folder):
    """The CSV part files in name order, each value typed as in Parquet."""
    csv.field_size_limit(sys.maxsize)
    typed = {"words": int, "findings": int, "counted": int, "frankness": float,
             "error": lambda v: v == "true"}
    rows = []
    for path in sorted(glob.glob(f"{folder}/part-*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows.append({k: typed.get(k, str)(v) if v != "" else None for k, v in row.items()})
    return rows


def main():
    results, expected_path, corpus, parquet = sys.argv[1:]
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read().splitlines()
    log4j = os.path.join(os.path.dirname(__file__), "..", "contrib", "spark", "log4j2.properties")
    spark = (
        SparkSession.builder.master("local[2]").appName("spark-test-helper")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j}")
        .getOrCreate()
    )
    failures = compare("documents.csv", csv_rows(f"{results}/documents.csv"), expected)
    df = spark.read.parquet(f"{results}/documents.parquet").orderBy("input", "line")
    failures += compare("documents.parquet", [r.asDict() for r in df.collect()], expected)
    # coalesce(1) joins the partitions in order: one file, rows in line order.
    spark.read.json(corpus).coalesce(1).write.parquet(parquet)
    spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
