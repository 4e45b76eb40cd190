#!/usr/bin/env python3
"""Yardstick for the end-to-end benchmark: a small survey pipeline in plain Python (standard
library only) that does what a team might write instead of hearken.

It reads a survey export, codes every answer onto the twelve themes with a regular-expression
dictionary built from the bundled lexicons (each term a pattern with its weight, matched in lower case;
a theme is coded when the weights of its matches reach its threshold; exclusions, proximity rules
and negation are left out), writes a coded CSV (id, question, themes) and builds a SQLite FTS5
index (porter stemmer) of the answers. `benches/e2e.sh` times it on the same generated export as
`hearken run`.

Usage: python3 benches/python_peer.py INPUT.csv OUT_DIR [LEXICON_DIR]
"""

import csv
import os
import re
import sqlite3
import sys
import tomllib

NOT_QUESTIONS = {"Which of these best describes you?", "May we publish your response?"}
NON_ANSWERS = {"", "n/a", "na", "none", "-", ".", "nil", "no comment"}


def term_pattern(term):
    """A lexicon term (lower case) as a regular expression for lower-case text: `*` ends a word
    prefix or stands for one word."""
    words = []
    for word in term.split():
        if word == "*":
            words.append(r"\w+")
        elif word.endswith("*"):
            words.append(re.escape(word[:-1]) + r"\w*")
        else:
            words.append(re.escape(word))
    return r"\b" + r"\s+".join(words) + r"\b"


class Dictionary:
    """Every term of every theme as its own regular expression, found through its words: an
    answer runs only the expressions whose first word (or word prefix) and other words it
    contains."""

    def __init__(self, lexicon_dir):
        self.themes = []  # (theme id, threshold), sorted by id
        self.by_word = {}  # first word -> [(theme number, regex, weight)]
        self.by_prefix = {}  # prefix of a first word ending in `*` -> [(...)]
        self.always = []  # terms that start with a one-word gap
        self.longest_prefix = 0
        for name in sorted(os.listdir(lexicon_dir)):
            if not re.match(r"T\d+.*\.toml$", name):
                continue
            with open(os.path.join(lexicon_dir, name), "rb") as f:
                theme = tomllib.load(f)
            number = len(self.themes)
            self.themes.append((theme["id"], float(theme.get("threshold", 1.0))))
            for t in theme.get("terms", []):
                if t["term"].startswith("@"):
                    continue
                words = t["term"].lower().split()
                literal = tuple(w for w in words[1:] if not w.endswith("*"))
                entry = (number, re.compile(term_pattern(t["term"].lower())),
                         float(t.get("weight", 1.0)), literal)
                first = words[0]
                if first == "*":
                    self.always.append(entry)
                elif first.endswith("*"):
                    self.by_prefix.setdefault(first[:-1], []).append(entry)
                    self.longest_prefix = max(self.longest_prefix, len(first) - 1)
                else:
                    self.by_word.setdefault(first, []).append(entry)

    def code(self, text):
        """The ids of the themes whose matched weights reach their threshold."""
        text = text.lower()
        words = set(WORD.findall(text))
        candidates = list(self.always)
        for word in words:
            candidates.extend(self.by_word.get(word, ()))
            for n in range(1, min(len(word), self.longest_prefix) + 1):
                candidates.extend(self.by_prefix.get(word[:n], ()))
        scores = [0.0] * len(self.themes)
        for number, regex, weight, literal in candidates:
            # A phrase whose other words are missing cannot match.
            if all(w in words for w in literal):
                scores[number] += weight * len(regex.findall(text))
        return [tid for (tid, threshold), score in zip(self.themes, scores)
                if score > 0 and score >= threshold]


WORD = re.compile(r"[\w'’&-]+")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[-1])
    here = os.path.dirname(os.path.abspath(__file__))
    lexicon_dir = sys.argv[3] if len(sys.argv) == 4 else os.path.join(here, "..", "lexicons")
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    dictionary = Dictionary(lexicon_dir)
    db_path = os.path.join(out, "answers.sqlite")
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE answers USING fts5(id UNINDEXED, question UNINDEXED, "
               "text, tokenize='porter')")
    answers = 0
    with open(sys.argv[1], newline="", encoding="utf-8") as src, \
            open(os.path.join(out, "coded.csv"), "w", newline="", encoding="utf-8") as dst:
        reader = csv.reader(src)
        header = next(reader)
        questions = [(i, h) for i, h in enumerate(header)
                     if h.endswith("?") and h not in NOT_QUESTIONS]
        writer = csv.writer(dst)
        writer.writerow(["id", "question", "themes"])
        rows = []
        for record in reader:
            for column, question in questions:
                text = record[column] if column < len(record) else ""
                if text.strip().lower() in NON_ANSWERS:
                    continue
                writer.writerow([record[0], question, ";".join(dictionary.code(text))])
                rows.append((record[0], question, text))
                answers += 1
        db.executemany("INSERT INTO answers VALUES (?, ?, ?)", rows)
    db.commit()
    db.close()
    print(f"{answers} answers coded and indexed into {out}")


if __name__ == "__main__":
    main()
