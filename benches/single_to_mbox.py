#!/usr/bin/env python3
"""gen_corpus.py --single output (documents separated by form-feed lines) on
stdin -> an mbox at argv[1], one message per document, and the number of
messages at argv[1] + ".count". Used by benches/memory.sh (issue #9).

Each document's own header lines (From:/Von:, To:/An:, Date:/Datum:,
Subject:/Betreff:) become the message's From: (name and address), Subject:
and Date: (the document's date at a time of day from its number, +01:00), so
that `trends --group-by author` has authors and months; the rest is the body,
escaped the mboxrd way (a line matching ^>*From gets one more >).
Deterministic: the same input gives the same bytes.
"""
import email.utils, re, sys
from datetime import datetime, timedelta, timezone
from email.header import Header

out = sys.argv[1]
sys.stdin.reconfigure(encoding="utf-8", newline="\n")
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m: i for i, m in enumerate(
    "januar februar märz april mai juni juli august september oktober november dezember".split(), 1)})
FIELD = re.compile(r"^(From|Von|To|An|Date|Datum|Subject|Betreff): (.*)$")
DATE = re.compile(r"(\d{1,2})\.? (\w+) (\d{4})")
ESCAPE = re.compile(rb"^(>*From )", re.M)
CET = timezone(timedelta(hours=1))

def header(value):
    return value if value.isascii() else Header(value, "utf-8").encode()

def message(n, doc):
    head, _, body = doc.partition("\n\n")
    fields = {}
    for line in head.split("\n"):
        m = FIELD.match(line)
        if not m:  # not the generator's header block: all of it is body
            fields, body = {}, doc
            break
        fields[m.group(1)] = m.group(2)
    name, addr = email.utils.parseaddr(fields.get("From") or fields.get("Von") or "")
    addr = addr or "bench@example.invalid"
    subject = fields.get("Subject") or fields.get("Betreff") or f"doc {n}"
    day = DATE.search(fields.get("Date") or fields.get("Datum") or "")
    month = MONTHS.get(day.group(2).lower()) if day else None
    if month:
        date = datetime(int(day.group(3)), month, int(day.group(1)), tzinfo=CET)
    else:
        date = datetime(2026, 1, 1, tzinfo=CET)
    date += timedelta(minutes=8 * 60 + (n * 37) % 600)
    body = ESCAPE.sub(rb">\1", body.encode("utf-8"))
    if not body.endswith(b"\n"):
        body += b"\n"
    return (
        f"From {addr} {date.strftime('%a %b %d %H:%M:%S %Y')}\n"
        f"From: {email.utils.formataddr((name, addr)) if name else addr}\n"
        f"Subject: {header(subject)}\n"
        f"Date: {email.utils.format_datetime(date)}\n"
        f"Message-ID: <{n}@bench.invalid>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
    ).encode("utf-8") + body + b"\n"

n, doc = 0, []
with open(out, "wb") as f:
    for line in sys.stdin:
        if line == "\f\n":
            n += 1
            f.write(message(n, "".join(doc)))
            doc = []
        else:
            doc.append(line)
    if doc:
        n += 1
        f.write(message(n, "".join(doc)))
print(n, file=open(out + ".count", "w"))
