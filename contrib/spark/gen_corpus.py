#!/usr/bin/env python3
"""Writes a deterministic JSON Lines corpus of fictional company memos for
testing klartext_spark.py against a direct klartext run.

Every sentence below was written for this file: German and English, some
plain, some with hollow phrases of the kinds klartext's lexicons describe.
Each record is {"id", "text", "date", "author", "group"}; the dates spread
over two years (2023 and 2024) in ISO 8601, German and RFC 2822 forms, a few
records have none. The share of hollow sentences rises over time in some
departments, so the trend report has something to show.

With --irregular, a handful of lines that klartext must account for are
mixed in: blank lines, a line that is not JSON, a JSON value that is not an
object, a record with an empty text, records without an id, a carriage
return inside a record and a line that ends in CR LF.

    python3 contrib/spark/gen_corpus.py --documents 10000 --irregular -o corpus.jsonl
"""

import argparse
import datetime
import json
import random
import sys

PLAIN_DE = [
    "Wir haben im März 40 Drehbänke an das Werk in Chemnitz ausgeliefert.",
    "Die Kantine bleibt am Freitag wegen einer Reparatur der Spülmaschine geschlossen.",
    "Frau Özdemir übernimmt ab Montag die Leitung der Buchhaltung.",
    "Der Umsatz lag im zweiten Quartal bei 12,4 Millionen Euro, drei Prozent unter Plan.",
    "Wir schließen das Lager in Bremen, weil der Mietvertrag ausläuft und ein Neubau zu teuer wäre.",
    "Die neue Zeiterfassung startet am 1. Juli; die Schulung dauert eine Stunde.",
    "Herr Brandt hat gekündigt, weil er ein besseres Angebot aus Hamburg bekommen hat.",
    "Bitte tragt eure Urlaubswünsche bis zum 15. Mai in die Liste ein.",
    "Der Server für die Auftragsverwaltung war am Dienstag vier Stunden lang nicht erreichbar.",
    "Ich habe die Preiserhöhung freigegeben, ohne die Zahlen des Einkaufs zu prüfen; das war mein Fehler.",
    "Die Firma Lindner liefert die Ersatzteile zwei Wochen später als vereinbart.",
    "Wir stellen drei Auszubildende für die Werkstatt ein.",
    "Die Besprechung am Donnerstag beginnt um neun Uhr im großen Raum.",
    "Das Projekt kostet 80.000 Euro mehr, weil wir die Statik neu berechnen lassen müssen.",
    "Ab Oktober zahlen wir das Jobticket vollständig.",
    "Der Kunde hat den Vertrag gekündigt, weil unsere Lieferungen dreimal zu spät kamen.",
    "In der Halle 2 wird am Wochenende der Boden neu versiegelt.",
    "Wir haben 14 Stellen in der Verwaltung gestrichen und den Betroffenen Abfindungen angeboten.",
]

HOLLOW_DE = [
    "Frau Keller verlässt das Unternehmen auf eigenen Wunsch.",
    "Wir werden uns zeitnah bei Ihnen melden.",
    "Am Ende des Tages zählt nur der Erfolg des Teams.",
    "Mit der neuen Plattform wollen wir Synergien heben.",
    "Leider haben wir dafür kein Budget.",
    "Es wurden Fehler gemacht.",
    "Unsere Mitarbeiter sind unser wichtigstes Kapital.",
    "Wir setzen auf eine KI-gestützte Lösung für den Vertrieb.",
    "Wir haben uns einvernehmlich von Herrn Vogt getrennt.",
    "Der Headcount in der Logistik wird angepasst.",
    "Wir müssen unser Mindset shiften.",
    "Es wurde entschieden, den Standort zu verlagern.",
    "Die Digitalisierungsoffensive bringt uns in die Champions League der Branche.",
    "Wir verfolgen einen ganzheitlichen Ansatz bei der Kundenbetreuung.",
]

PLAIN_EN = [
    "We shipped 40 lathes to the plant in Leeds in March.",
    "The canteen is closed on Friday while the dishwasher is repaired.",
    "Ms Okafor takes over the accounts team on Monday.",
    "Revenue for the second quarter was 12.4 million euros, three percent below plan.",
    "We are closing the Bristol warehouse because the lease ends and a new building would cost too much.",
    "The new time tracking starts on 1 July; the training takes one hour.",
    "Mr Hale resigned because he was offered a better job in Glasgow.",
    "Please add your holiday requests to the list by 15 May.",
    "The order server was down for four hours on Tuesday.",
    "I approved the price increase without checking the purchasing figures; that was my mistake.",
    "Lindner will deliver the spare parts two weeks later than agreed.",
    "We are hiring three apprentices for the workshop.",
    "The Thursday meeting starts at nine in the large room.",
    "The project costs 80,000 euros more because the structural analysis has to be redone.",
    "From October we pay the full cost of the transit pass.",
    "The customer cancelled the contract because three of our deliveries were late.",
]

HOLLOW_EN = [
    "Ms Grant is leaving us to pursue other opportunities.",
    "Mistakes were made.",
    "Going forward, we will leverage our synergies.",
    "At the end of the day, our people are our greatest asset.",
    "We parted ways by mutual agreement.",
    "Due to challenging market conditions, the bonus is postponed.",
    "We are rightsizing the sales organisation.",
    "Our AI-powered platform is a true game changer.",
    "It was decided to close the site.",
    "We need to reduce headcount in logistics.",
    "Let us circle back on this after the deep dive.",
    "This is a paradigm shift for the whole industry.",
    "We will take this offline and circle back.",
    "Our best-in-class solution empowers every customer.",
]

GROUPS = ["Vertrieb", "Finance", "Werk Nord", "HR", "IT", "Board"]
FIRST = ["anna", "ben", "clara", "deniz", "emil", "frieda", "georg", "hanna", "ivan", "jana",
         "karl", "lea", "mira", "nils", "olga", "paul", "rosa", "sven", "tina", "uwe"]
LAST = ["adler", "berger", "conrad", "dietz", "engel", "fuchs", "graf", "hahn", "iske", "jung"]
START = datetime.date(2023, 1, 1)
DAYS = 731  # 2023-01-01 to 2024-12-31


def authors(rng):
    """60 authors in six groups (the Board has only three), each with a
    language: most write German, some English, a few both."""
    out = []
    for i in range(60):
        name = f"{FIRST[i % len(FIRST)]}.{LAST[(i * 7) % len(LAST)]}{i}"
        group = "Board" if i < 3 else GROUPS[i % 5]
        lang = rng.choice(["de", "de", "de", "en", "both"])
        out.append((f"{name}@firma.example", group, lang))
    return out


def date_field(rng, day):
    """The date in one of the forms corpora use, or None (undated)."""
    form = rng.random()
    if form < 0.02:
        return None
    if form < 0.75:
        return day.isoformat()
    if form < 0.9:
        return day.strftime("%d.%m.%Y")
    time = datetime.time(rng.randrange(7, 19), rng.randrange(60))
    return datetime.datetime.combine(day, time).strftime("%a, %d %b %Y %H:%M:%S +0100")


def text(rng, lang, hollow_share):
    """2 to 8 sentences in one or two paragraphs."""
    sentences = []
    for _ in range(rng.randrange(2, 9)):
        de = lang == "de" or (lang == "both" and rng.random() < 0.5)
        hollow = rng.random() < hollow_share
        pool = (HOLLOW_DE if hollow else PLAIN_DE) if de else (HOLLOW_EN if hollow else PLAIN_EN)
        sentences.append(rng.choice(pool))
    cut = rng.randrange(1, len(sentences) + 1)
    paragraphs = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    return "\n\n".join(p for p in paragraphs if p)


def records(n, seed):
    rng = random.Random(seed)
    people = authors(rng)
    for i in range(1, n + 1):
        address, group, lang = rng.choice(people)
        offset = rng.randrange(DAYS)
        day = START + datetime.timedelta(days=offset)
        # Sales and the Board grow hollower over the two years; the others stay level.
        drift = 0.3 * offset / DAYS if group in ("Vertrieb", "Board") else 0.0
        record = {"id": f"doc-{i:06d}", "text": text(rng, lang, 0.15 + drift)}
        date = date_field(rng, day)
        if date is not None:
            record["date"] = date
        record["author"] = address
        record["group"] = group
        yield record


IRREGULAR = [
    "",
    "   ",
    "{this is not json",
    '["a JSON array, not an object"]',
    '{"id": "empty-text", "text": "", "date": "2024-05-01", "author": "x@firma.example", "group": "IT"}',
    '{"text": "Ein Eintrag ohne Kennung: Wir melden uns zeitnah.", "date": "2023-08-08", '
    '"author": "anna.adler0@firma.example", "group": "Board"}',
    # A carriage return is JSON white space, not a line break (the record
    # stays one line), and a line may end in CR LF.
    '{"id": "carriage-return",\r"text": "Mistakes were made.", "date": "2024-02-29", "group": "IT"}',
    '{"id": "crlf", "text": "Wir haben kein Budget.", "date": "2024-03-01", "group": "IT"}\r',
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10000, help="number of records (default 10000)")
    parser.add_argument("--seed", type=int, default=10, help="random seed (default 10)")
    parser.add_argument("--irregular", action="store_true",
                        help="mix in lines klartext skips or numbers itself (blank, broken, no id, CR)")
    parser.add_argument("-o", "--output", help="write here instead of standard output")
    args = parser.parse_args()
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    # Each irregular line twice, spread evenly over the corpus.
    every = max(1, args.documents // (2 * len(IRREGULAR)))
    with out:
        for i, record in enumerate(records(args.documents, args.seed)):
            if args.irregular and i % every == every // 2:
                out.write(IRREGULAR[i // every % len(IRREGULAR)] + "\n")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
