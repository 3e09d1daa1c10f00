#!/usr/bin/env python3
"""Writes the browser test's inputs into OUT_DIR, the same bytes on every run.

    python3 make_archive.py OUT_DIR

- archive.mbox: 24 months (2024-01 to 2025-12) of mail from 8 senders in two
  departments (Vertrieb, writing German; Engineering, writing English), 2 to
  4 messages per sender and month. Bodies mix frank sentences with hollow
  phrases that klartext's lexicons catch; one sender (bernd.roth) grows more
  hollow month by month. One message is hostile: its Subject and body carry
  markup that must stay text in the report (<script>, <img onerror>).
- hostile/: the same payloads as .txt files (English and German), an .eml
  message and an .html page (where they are entity-encoded, so the text
  klartext extracts holds them).
- nontext-sentences.txt: distinctive pieces of the archive's text, one a
  line, that a `--no-text` report must not contain.
- payload-text.txt: the hostile payloads, one a line; a report with text of
  the hostile inputs shows at least one of them as text (escaped, not run
  and not dropped).

All text here was written for this test. Standard library only.
"""

import datetime as dt
import random
import sys
import textwrap
from email.utils import format_datetime
from pathlib import Path

SEED = 20240101
TZ = dt.timezone(dt.timedelta(hours=1))

PWN_SUBJECT = (
    "<script>window.__pwned=1;document.title='pwned'</script> "
    '"><img src=x onerror="window.__pwned=1">'
)
PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = "<img src=x onerror=window.__pwned=1>"

# Sentences that a --no-text report must not show (each also occurs in the
# archive; the hollow ones carry findings, so a report with text shows them).
DE_HOLLOW = [
    "Im Rahmen einer Neuausrichtung verlässt Herr Albrecht das Unternehmen auf eigenen Wunsch.",
    "Mit Projekt Kranich heben wir Synergien zwischen Vertrieb und Service.",
    "Fehler wurden gemacht, und wir blicken gemeinsam nach vorn.",
    "Frau Nowak verlässt das Unternehmen auf eigenen Wunsch.",
    "Wir heben Synergien und stellen uns zukunftsfähig auf.",
    "Im Rahmen einer Neuausrichtung bündeln wir die Kräfte im Außendienst.",
    "Die Kolleginnen und Kollegen in Kassel wurden freigesetzt.",
    "Wir passen die Strukturen an die veränderten Marktbedingungen an.",
]
DE_FRANK = [
    "Wir haben im März 40 Drehbänke nach Linz ausgeliefert.",
    "Der Auftrag aus Graz ist verloren, weil unser Angebot zwei Wochen zu spät kam.",
    "Die Reklamationen sind von 31 auf 12 gesunken.",
    "Ich habe die Preisliste falsch berechnet; die korrigierte Fassung hängt an.",
    "Am Montag fällt das Lager in Halle 3 wegen eines Wasserschadens aus.",
    "Wir schließen die Filiale in Kassel zum 30. Juni und kündigen dort acht Stellen.",
    "Der Umsatz im Norden lag 8 Prozent unter Plan.",
    "Bitte tragt eure Urlaube bis Freitag in die Liste ein.",
]
EN_HOLLOW = [
    "Mistakes were made in the Heron rollout, and we are moving on.",
    "Ms Okafor is leaving the company by mutual agreement.",
    "Going forward, we will leverage synergies across both platforms.",
    "The rightsizing of the support team is now complete.",
    "We will leverage synergies to unlock value going forward.",
    "Mr Whitcombe has decided to leave to pursue other opportunities.",
    "Mistakes were made, and lessons have been learned.",
    "As part of our rightsizing, some roles have been impacted.",
]
EN_FRANK = [
    "The build server was down for six hours on Tuesday because the disk filled up.",
    "We shipped release 4.2 two weeks late; I underestimated the migration.",
    "We are laying off 14 people in support, and I made that decision.",
    "The test suite now runs in 9 minutes instead of 22.",
    "Three customers cancelled in May because search was too slow.",
    "I broke the staging database on Friday; it was restored from the 6 a.m. backup.",
    "Please review the pull request for the billing fix by Thursday.",
    "Latency at the 99th percentile dropped from 800 ms to 310 ms.",
]
DE_SUBJECTS = ["Wochenbericht", "Stand Vertrieb", "Personalie", "Quartalszahlen", "Info Lager", "Kurz notiert"]
EN_SUBJECTS = ["Weekly update", "Release notes", "Team news", "Incident review", "Status", "Planning"]
DE_GREETING, DE_CLOSING = "Hallo zusammen,", "Viele Grüße"
EN_GREETING, EN_CLOSING = "Hi all,", "Best"

# (address, display name, language, hollowness at 2024-01, at 2025-12)
SENDERS = [
    ("anna.keller@vertrieb.example.com", "Anna Keller", "de", 0.10, 0.10),
    ("bernd.roth@vertrieb.example.com", "Bernd Roth", "de", 0.05, 0.90),
    ("carla.weiss@vertrieb.example.com", "Carla Weiß", "de", 0.40, 0.35),
    ("dieter.lang@vertrieb.example.com", "Dieter Lang", "de", 0.20, 0.25),
    ("emma.hughes@eng.example.com", "Emma Hughes", "en", 0.15, 0.15),
    ("frank.osei@eng.example.com", "Frank Osei", "en", 0.30, 0.30),
    ("grace.lin@eng.example.com", "Grace Lin", "en", 0.45, 0.40),
    ("henry.park@eng.example.com", "Henry Park", "en", 0.10, 0.20),
]
HOSTILE_SENDER = "grace.lin@eng.example.com"
HOSTILE_MONTH = (2025, 6)
MONTHS = [(y, m) for y in (2024, 2025) for m in range(1, 13)]

# In a body, a hostile payload stands next to hollow phrases, so the sentence
# holding it is a finding and shows up wherever findings are shown.
# Dense with hollow phrases, so that it is among the least frank documents.
HOSTILE_BODY_EN = [
    f"Mistakes were made {PWN_IMG} and we will leverage synergies going forward.",
    f"Ms Okafor is leaving the company by mutual agreement {PWN_SCRIPT} effective today.",
    "As part of our rightsizing, some roles have been impacted.",
    f"The rightsizing of the support team {PWN_IMG} is now complete.",
    "Mistakes were made, and lessons have been learned.",
]
HOSTILE_BODY_DE = [
    f"Im Rahmen einer Neuausrichtung {PWN_SCRIPT} verlässt Herr Albrecht das Unternehmen auf eigenen Wunsch.",
    f"Wir heben Synergien {PWN_IMG} und stellen uns zukunftsfähig auf.",
]

NONTEXT = [
    DE_HOLLOW[0],
    DE_HOLLOW[1],
    DE_HOLLOW[3],
    EN_HOLLOW[0],
    EN_HOLLOW[1],
    EN_HOLLOW[5],
    DE_FRANK[1],
    EN_FRANK[1],
    "Projekt Kranich",
    "Heron rollout",
    "window.__pwned",
    "onerror=",
]


def body(rng, lang, hollowness):
    hollow, frank = (DE_HOLLOW, DE_FRANK) if lang == "de" else (EN_HOLLOW, EN_FRANK)
    greeting, closing = (DE_GREETING, DE_CLOSING) if lang == "de" else (EN_GREETING, EN_CLOSING)
    sentences = []
    for _ in range(rng.randint(3, 6)):
        pool = hollow if rng.random() < hollowness else frank
        sentences.append(rng.choice(pool))
    return [greeting, ""] + paragraphs(sentences) + ["", closing]


def paragraphs(sentences):
    lines = []
    for i in range(0, len(sentences), 2):
        if lines:
            lines.append("")
        lines.extend(textwrap.wrap(" ".join(sentences[i : i + 2]), 72, break_on_hyphens=False))
    return lines


def mbox_body(lines):
    out = []
    for line in lines:
        # mboxrd: a line starting with "From " (or an already quoted one)
        # gets one more ">".
        if line.lstrip(">").startswith("From "):
            line = ">" + line
        out.append(line)
    return out


def message(address, name, when, subject, lines, message_id):
    return [
        f"From {address} {when.strftime('%a %b %d %H:%M:%S %Y')}",
        f"Date: {format_datetime(when)}",
        f"From: {name} <{address}>",
        "To: alle@example.com",
        f"Subject: {subject}",
        f"Message-ID: <{message_id}@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        *mbox_body(lines),
        "",
    ]


def archive(rng):
    messages = []
    for n_month, (year, month) in enumerate(MONTHS):
        progress = n_month / (len(MONTHS) - 1)
        for address, name, lang, start, end in SENDERS:
            hollowness = start + (end - start) * progress
            days = sorted(rng.sample(range(1, 29), rng.randint(2, 4)))
            for day in days:
                when = dt.datetime(year, month, day, rng.randint(8, 18), rng.randint(0, 59), 0, tzinfo=TZ)
                subjects = DE_SUBJECTS if lang == "de" else EN_SUBJECTS
                lines = body(rng, lang, hollowness)
                if rng.random() < 0.1:
                    # A body line that must be escaped in the mbox.
                    lines.insert(-2, "From now on the weekly call moves to Tuesday." if lang == "en"
                                 else "From Montag an gilt die neue Schichtliste.")
                    lines.insert(-2, "")
                messages.append((when, address, name, rng.choice(subjects), lines))
    year, month = HOSTILE_MONTH
    when = dt.datetime(year, month, 15, 12, 0, 0, tzinfo=TZ)
    lines = [EN_GREETING, ""] + paragraphs(HOSTILE_BODY_EN) + ["", EN_CLOSING]
    messages.append((when, HOSTILE_SENDER, "Grace Lin", PWN_SUBJECT, lines))
    messages.sort(key=lambda m: (m[0], m[1]))
    out = []
    for i, (when, address, name, subject, lines) in enumerate(messages):
        out.extend(message(address, name, when, subject, lines, f"msg{i:04d}"))
    return "\n".join(out) + "\n", len(messages)


def hostile_files(directory):
    directory.mkdir(parents=True, exist_ok=True)
    sentences = HOSTILE_BODY_EN
    (directory / "hostile.txt").write_text(
        PWN_SUBJECT + "\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8"
    )
    (directory / "hostile-de.txt").write_text(
        PWN_SUBJECT + "\n\n" + "\n\n".join(HOSTILE_BODY_DE) + "\n", encoding="utf-8"
    )
    when = dt.datetime(2025, 6, 15, 12, 0, 0, tzinfo=TZ)
    eml = message("grace.lin@eng.example.com", "Grace Lin", when, PWN_SUBJECT,
                  [EN_GREETING, ""] + paragraphs(sentences) + ["", EN_CLOSING], "hostile")
    (directory / "hostile.eml").write_text("\n".join(eml[1:]) + "\n", encoding="utf-8")

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    html = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(PWN_SUBJECT)}</title></head><body>",
        *(f"<p>{esc(s)}</p>" for s in sentences),
        "</body></html>",
    ]
    (directory / "hostile.html").write_text("\n".join(html) + "\n", encoding="utf-8")


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    text, count = archive(random.Random(SEED))
    (out / "archive.mbox").write_text(text, encoding="utf-8")
    hostile_files(out / "hostile")
    (out / "nontext-sentences.txt").write_text("\n".join(NONTEXT) + "\n", encoding="utf-8")
    (out / "payload-text.txt").write_text("\n".join([PWN_IMG, PWN_SCRIPT, PWN_SUBJECT]) + "\n", encoding="utf-8")
    print(f"make_archive: {count} messages in {out / 'archive.mbox'}, hostile inputs in {out / 'hostile'}")


if __name__ == "__main__":
    main()
