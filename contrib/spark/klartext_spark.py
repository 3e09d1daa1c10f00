#!/usr/bin/env python3
"""klartext on Apache Spark, for corpora that outgrow one machine.

Reads JSON Lines files or Parquet datasets, pipes each partition through the
klartext binary (shipped to the executors with `spark-submit --files`) and
writes

* with --out DIR, the per-document results: the document and skipped records
  of `klartext scan --format ndjson`, in input order, as Parquet, CSV or
  NDJSON;
* with --trends FILE, the trend report: the partial aggregations of
  `klartext trends --emit partial` of every partition, merged on the driver
  by `klartext merge`.

Both are what one `klartext scan` / `klartext trends` run over the same files
gives (for JSON Lines byte for byte); contrib/spark/README.md says how to
submit and how the results compare.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import deque
from dataclasses import dataclass

# Rust's `char::is_whitespace` (Unicode White_Space). klartext passes over a
# JSON Lines line that holds nothing else and does not number it as a record;
# Python's str.isspace() would also count U+001C..U+001F.
WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
STDIN_LINE = re.compile(r"<stdin>:(\d+)")
STDIN_ID = re.compile(r"<stdin>#(\d+)")
RECORD_REASON = re.compile(r"record (\d+) ")
SUMMARY = '{"type":"summary"'
PARTIAL = '{"klartext_partial"'
FORMATS = ("parquet", "csv", "ndjson")


class KlartextError(RuntimeError):
    """klartext failed (not just an input record it could not read)."""


@dataclass(frozen=True)
class Ship:
    """A file given to spark-submit with --files: on an executor it is found
    by its name."""

    name: str


@dataclass(frozen=True)
class Part:
    """Where a partition sits in its input: what klartext numbers from 1 on
    standard input is line `line` + n and record `record` + n of the input."""

    input: int
    name: str
    line: int
    record: int
    run: bool


def shipped(name):
    """The path of a file shipped with --files on this executor: Spark's
    SparkFiles directory, or on YARN also the container's working folder."""
    from pyspark import SparkFiles

    for path in (SparkFiles.get(name), os.path.join(os.getcwd(), name)):
        if os.path.isfile(path):
            return path
    raise KlartextError(f"{name} was not shipped to the executors: give it to spark-submit with --files")


def command(argv):
    """argv with shipped files resolved on this executor; the binary comes
    first and must be executable (Spark keeps the mode bits of --files, but
    a copy made by hand may not have them)."""
    argv = [shipped(a.name) if isinstance(a, Ship) else a for a in argv]
    if not os.access(argv[0], os.X_OK):
        os.chmod(argv[0], os.stat(argv[0]).st_mode | 0o111)
    return argv


class Klartext:
    """One klartext process fed `lines` on standard input; iterating yields
    its output lines as they come. klartext exits 2 when an input record
    could not be read: that is no failure as long as its output is complete
    (the last line starts with `closing`), since the output records what
    happened; `status` then tells. Every other failure raises with
    klartext's standard error, so that Spark shows it and retries the task."""

    def __init__(self, argv, lines, closing):
        self.argv, self.lines, self.closing = argv, lines, closing
        self.status = None

    def __iter__(self):
        proc = subprocess.Popen(
            self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        failed = []
        stderr = deque(maxlen=40)

        def feed():
            try:
                for line in self.lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass  # klartext stopped reading; its exit status says why
            except BaseException as e:  # reading the input failed (in Spark)
                failed.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        def drain():
            for line in proc.stderr:
                stderr.append(line.decode("utf-8", "replace").rstrip("\n"))

        # Feeding and draining stderr on threads of their own, so that no
        # pipe fills up while this one reads standard output.
        threads = [threading.Thread(target=f, daemon=True) for f in (feed, drain)]
        for t in threads:
            t.start()
        last = None
        for raw in proc.stdout:
            last = raw.decode("utf-8").rstrip("\n")
            yield last
        for t in threads:
            t.join()
        self.status = proc.wait()
        if failed:
            raise failed[0]
        complete = last is not None and last.startswith(self.closing)
        if self.status == 0 or (self.status == 2 and complete):
            return
        raise KlartextError(
            f"{' '.join(self.argv)} exited with status {self.status}:\n" + "\n".join(stderr)
        )


def jstr(s):
    """s as a JSON string the way klartext (serde_json) writes it."""
    return json.dumps(s, ensure_ascii=False)


def relocate(line, part):
    """A document or skipped record of `klartext scan` on one partition, as
    a run over the whole input writes it: the source `<stdin>:N` becomes
    `NAME:line`, the default id `<stdin>#N` becomes `NAME#record`, and a
    reason's `record N` is numbered in the input. Replaced in the text, not
    written anew, so that every other byte stays klartext's. Returns the
    record's line in its input (0: the input as a whole) and the record,
    parsed and as text."""
    record = json.loads(line)
    number = 0

    def swap(key, old, new):
        nonlocal line
        old_text = f'"{key}":{jstr(old)}'
        if old_text not in line:
            raise KlartextError(f"klartext wrote {key} otherwise than expected: {line}")
        line = line.replace(old_text, f'"{key}":{jstr(new)}', 1)
        record[key] = new

    source = record["source"]
    m = STDIN_LINE.fullmatch(source)
    if m:
        number = part.line + int(m[1])
        swap("source", source, f"{part.name}:{number}")
    elif source == "<stdin>":
        swap("source", source, part.name)
    m = STDIN_ID.fullmatch(record.get("id", ""))
    if m:
        swap("id", record["id"], f"{part.name}#{part.record + int(m[1])}")
    m = RECORD_REASON.match(record.get("reason", ""))
    if m:
        reason = record["reason"]
        swap("reason", reason, f"record {part.record + int(m[1])} {reason[m.end():]}")
    return number, record, line


def scan_partition(argv, plan):
    """mapPartitionsWithIndex: the partition's per-document results, each a
    tuple of the result columns (see RESULT_COLUMNS)."""

    def run(index, lines):
        part = plan[index]
        if not part.run:
            return
        for out in Klartext(command(argv), lines, SUMMARY):
            if out.startswith(SUMMARY):
                continue
            number, r, text = relocate(out, part)
            meta = r.get("meta", {})
            findings = r.get("findings", [])
            yield (
                part.input, number, r["type"], r.get("id"), r["source"], r.get("lang"),
                r.get("words"), r.get("frankness"), meta.get("date"), meta.get("author"),
                meta.get("group"), len(findings), sum(f["counted"] for f in findings),
                r.get("kind"), r.get("reason"), bool(r.get("error", False)), text,
            )

    return run


RESULT_COLUMNS = (
    "input int, line long, type string, id string, source string, lang string, words long, "
    "frankness double, date string, author string, `group` string, findings int, counted int, "
    "skip_kind string, skip_reason string, error boolean, json string"
)


def trends_partition(argv, plan):
    """mapPartitionsWithIndex: the partition's partial aggregation and
    whether klartext reported an input it could not read."""

    def run(index, lines):
        if not plan[index].run:
            return
        proc = Klartext(command(argv), lines, PARTIAL)
        out = list(proc)
        yield proc.status != 0, out[-1]

    return run


def count_partition(lines):
    """mapPartitions: the partition's lines and records (not blank)."""
    n = records = 0
    for line in lines:
        n += 1
        records += bool(line.strip(WHITE_SPACE))
    yield n, records


def plan_parts(names, sizes, counts):
    """One Part per partition of the union of the inputs (in order: `sizes`
    partitions of each input, `counts` lines and records of each partition).
    A partition without records is not run, except once for an input without
    any, so that klartext reports it as an empty file the way a direct run
    does."""
    parts = []
    it = iter(counts)
    for i, (name, size) in enumerate(zip(names, sizes)):
        mine = [next(it) for _ in range(size)]
        empty = sum(r for _, r in mine) == 0
        line = record = 0
        for k, (n, r) in enumerate(mine):
            parts.append(Part(i, name, line, record, r > 0 or (empty and k == 0)))
            line, record = line + n, record + r
    return parts


def parquet_lines(spark, path, fields):
    """A Parquet dataset's rows as JSON Lines records of the fields klartext
    reads; dates and times in ISO 8601."""
    df = spark.read.parquet(path)
    present = [f for f in dict.fromkeys(fields) if f in df.columns]

    def value(v):
        return v.isoformat() if hasattr(v, "isoformat") else str(v)

    return df.select(*present).rdd.map(
        lambda row: json.dumps(row.asDict(), ensure_ascii=False, default=value)
    )


def analysis_args(args, threads):
    """The options that `klartext scan` and `klartext trends` share."""
    a = ["--format-in", "jsonl", "--threads", threads,
         "--text-field", args.text_field, "--id-field", args.id_field]
    for opt in ("date_field", "author_field", "group_field", "lang", "max_size"):
        if getattr(args, opt) is not None:
            a += ["--" + opt.replace("_", "-"), getattr(args, opt)]
    for f in args.lexicon:
        a += ["--lexicon", Ship(os.path.basename(f))]
    for d in args.disable:
        a += ["--disable", d]
    if args.groups:
        a += ["--groups", Ship(os.path.basename(args.groups))]
    if args.pseudonym_key_file:
        a += ["--pseudonym-key-file", Ship(os.path.basename(args.pseudonym_key_file))]
    for flag in ("no_builtin", "mail_bodies", "pseudonymize", "no_text"):
        if getattr(args, flag):
            a.append("--" + flag.replace("_", "-"))
    return a


def driver_binary(name):
    """klartext on the driver, for `klartext merge`: the path given, the
    copy shipped with --files, or the one on PATH."""
    from pyspark import SparkFiles

    base = os.path.basename(name)
    for path in (name, SparkFiles.get(base), os.path.join(os.getcwd(), base)):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if not found:
        raise KlartextError(f"no klartext binary {name} on the driver")
    return found


def write_documents(spark, rows, args):
    """Writes the per-document results in input order; returns the records
    that could not be read (`error: true`), as klartext reports them."""
    from pyspark import StorageLevel

    df = spark.createDataFrame(rows, RESULT_COLUMNS).persist(StorageLevel.MEMORY_AND_DISK)
    # A global sort: the part files hold consecutive ranges, in name order.
    ordered = df.orderBy("input", "line")
    for fmt in args.documents_format:
        path = os.path.join(args.out, f"documents.{fmt}")
        if fmt == "parquet":
            ordered.write.parquet(path)
        elif fmt == "csv":
            ordered.write.csv(path, header=True, escape='"')
        else:
            ordered.select("json").write.text(path)
    errors = df.filter("error").orderBy("input", "line").select("source", "skip_reason").collect()
    df.unpersist()
    return errors


def merge_partials(args, partials, binary):
    """Writes each partition's partial to a file and merges them into the
    trend report."""
    keep = args.partials is not None
    folder = args.partials if keep else tempfile.mkdtemp(prefix="klartext-partials-")
    os.makedirs(folder, exist_ok=True)
    try:
        files = []
        for i, partial in enumerate(partials):
            files.append(os.path.join(folder, f"part-{i:05d}.json"))
            with open(files[-1], "w", encoding="utf-8") as f:
                f.write(partial + "\n")
        argv = [binary, "merge", "--format", args.trends_format]
        if args.min_group_size is not None:
            argv += ["--min-group-size", args.min_group_size]
        if args.compare:
            argv += ["--compare", *args.compare]
        if args.no_text:
            argv.append("--no-text")
        subprocess.run(argv + ["-o", args.trends] + files, check=True)
    finally:
        if not keep:
            shutil.rmtree(folder)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 when every record was read, 2 when klartext could not read "
        "some (they are listed, the others are analyzed) or on a usage error, 1 on a failure.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="JSON Lines files (one file each: no folders) or Parquet datasets")
    p.add_argument("--input-format", choices=("jsonl", "parquet"),
                   help="default: parquet for names ending in .parquet, else jsonl")
    p.add_argument("--klartext", default="klartext", metavar="NAME",
                   help="the klartext binary given to spark-submit --files (default: klartext)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="JSON Lines: split each file into at least N partitions")

    out = p.add_argument_group("output")
    out.add_argument("--out", metavar="DIR", help="write per-document results to DIR/documents.FORMAT")
    out.add_argument("--documents-format", default="parquet", metavar="LIST",
                     type=lambda s: s.split(","),
                     help="comma-separated: parquet, csv, ndjson (default: parquet)")
    out.add_argument("--trends", metavar="FILE",
                     help="write the merged trend report to FILE on the driver (spark-submit "
                     "mixes the driver's standard error into its standard output)")
    out.add_argument("--trends-format", default="text", choices=("text", "json", "csv", "html"))
    out.add_argument("--partials", metavar="DIR",
                     help="keep the partial aggregations in DIR on the driver (for a later klartext merge)")

    k = p.add_argument_group("passed to klartext (see klartext scan --help, trends --help, merge --help)")
    k.add_argument("--text-field", default="text")
    k.add_argument("--id-field", default="id",
                   help="default: id (records without one get FILE#RECORD, as in a direct run)")
    for opt in ("--date-field", "--author-field", "--group-field", "--max-size"):
        k.add_argument(opt)
    k.add_argument("--lang", choices=("auto", "de", "en"))
    k.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                   help="a lexicon file, also given to spark-submit --files; repeatable")
    k.add_argument("--disable", action="append", default=[], metavar="ID|CATEGORY")
    k.add_argument("--no-builtin", action="store_true")
    k.add_argument("--mail-bodies", action="store_true")
    k.add_argument("--groups", metavar="FILE", help="also given to spark-submit --files")
    k.add_argument("--pseudonymize", action="store_true")
    k.add_argument("--pseudonym-key-file", metavar="FILE",
                   help="also given to spark-submit --files "
                   "(or set spark.executorEnv.KLARTEXT_PSEUDONYM_KEY)")
    k.add_argument("--no-text", action="store_true")
    k.add_argument("--by", choices=("day", "week", "month", "quarter", "year"))
    k.add_argument("--group-by", metavar="KEY")
    k.add_argument("--min-group-size", metavar="N")
    k.add_argument("--compare", nargs=2, metavar=("A..B", "C..D"))

    args = p.parse_args(argv)
    if not args.out and not args.trends:
        p.error("nothing to do: give --out, --trends or both")
    bad = set(args.documents_format) - set(FORMATS)
    if bad:
        p.error(f"--documents-format: unknown {', '.join(sorted(bad))} (choose from {', '.join(FORMATS)})")
    if args.input_format is None:
        parquet = all(i.rstrip("/").endswith(".parquet") for i in args.inputs)
        args.input_format = "parquet" if parquet else "jsonl"
    if args.input_format == "parquet" and args.partitions:
        p.error("--partitions: for JSON Lines only (Parquet is read as Spark splits it)")
    if args.input_format == "jsonl":
        folders = [i for i in args.inputs if os.path.isdir(i)]
        if folders:
            p.error(f"{folders[0]} is a folder: give its JSON Lines files one by one")
    return args


def main(argv=None):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    # Records end at LF only, as klartext reads them: Hadoop's default also
    # ends a line at a lone CR, which JSON allows as white space in a record.
    spark = (
        SparkSession.builder.appName("klartext")
        .config("spark.hadoop.textinputformat.record.delimiter", "\n")
        .getOrCreate()
    )
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    if args.input_format == "jsonl":
        inputs = [sc.textFile(i, args.partitions) if args.partitions else sc.textFile(i) for i in args.inputs]
    else:
        fields = [args.text_field, args.id_field, args.date_field, args.author_field, args.group_field]
        inputs = [parquet_lines(spark, i, [f for f in fields if f]) for i in args.inputs]
    lines = sc.union(inputs)
    counts = lines.mapPartitions(count_partition).collect()
    plan = plan_parts(args.inputs, [r.getNumPartitions() for r in inputs], counts)

    binary = Ship(os.path.basename(args.klartext))
    shared = analysis_args(args, sc.getConf().get("spark.task.cpus", "1"))
    status = 0
    if args.out:
        scan = [binary, "scan", "--format", "ndjson", *shared, "-"]
        rows = lines.mapPartitionsWithIndex(scan_partition(scan, plan))
        errors = write_documents(spark, rows, args)
        for e in errors[:20]:
            print(f"klartext_spark: {e.source}: {e.skip_reason}", file=sys.stderr)
        if errors:
            status = 2
            print(f"klartext_spark: {len(errors)} records could not be read", file=sys.stderr)
    if args.trends:
        trends = [binary, "trends", "--emit", "partial", *shared]
        if args.by:
            trends += ["--by", args.by]
        if args.group_by:
            trends += ["--group-by", args.group_by]
        trends.append("-")
        results = lines.mapPartitionsWithIndex(trends_partition(trends, plan)).collect()
        merge_partials(args, [partial for _, partial in results], driver_binary(args.klartext))
        if any(errors for errors, _ in results):
            status = 2
    spark.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
