#!/usr/bin/env python3
"""`hearken learn` against a TF-IDF + linear SVM baseline on the same folds of the FFT data.

For each of 5 folds (a seeded shuffle, deterministic), hearken learns a lexicon from the other 4
folds and `hearken evaluate --format json` measures it on the held-out fold; scikit-learn's
TfidfVectorizer + LinearSVC (one-vs-rest) is trained and measured on the same split. Prints
per-fold and mean micro-F1 of both. Training and test splits are written as CSV files to a
temporary directory outside the repository (the texts are real comments and stay out of it).

Data (read from ../shared/data beside the repository, or --data-dir):
  dashboard  fft-dashboard/multilabeled_data.csv: `comment_txt`, `labels` joined by ", "
  phase1     fft-phase1/text_data.csv: `feedback`, one top-level `label`
Rows with an empty or NA text are dropped, and so are repeated texts (the first is kept), so no
text is in both the training and the test part of a fold.

Run: python3 benches/learn_vs_svm.py [--sets dashboard phase1] (see benches/README.md).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

REPO = Path(__file__).resolve().parent.parent
NO_TEXT = {"", "na", "n/a", "null", "none"}

SETS = {
    "dashboard": ("fft-dashboard/multilabeled_data.csv", "comment_txt", "labels", ", "),
    "phase1": ("fft-phase1/text_data.csv", "feedback", "label", None),
}


def load(data_dir, name):
    """(texts, label lists, dropped counts) of one data set, NA and repeated texts removed."""
    rel, text_col, label_col, sep = SETS[name]
    texts, labels, seen = [], [], set()
    dropped = {"empty": 0, "repeated": 0}
    with open(Path(data_dir) / rel, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = (row.get(text_col) or "").strip()
            if text.lower() in NO_TEXT:
                dropped["empty"] += 1
                continue
            if text in seen:
                dropped["repeated"] += 1
                continue
            seen.add(text)
            cell = (row.get(label_col) or "").strip()
            parts = cell.split(sep) if sep else [cell]
            labs = sorted({p.strip() for p in parts if p.strip().lower() not in NO_TEXT})
            texts.append(text)
            labels.append(labs)
    return texts, labels, dropped


def write_split(path, texts, labels, idx):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "labels"])
        for i in idx:
            w.writerow([i, texts[i], ";".join(labels[i]) if labels[i] else "NA"])


def hearken_fold(binary, work, texts, labels, train, test, assign, extra):
    train_csv, test_csv, lex = work / "train.csv", work / "test.csv", work / "lexicon"
    write_split(train_csv, texts, labels, train)
    write_split(test_csv, texts, labels, test)
    if lex.exists():
        for p in lex.iterdir():
            p.unlink()
        lex.rmdir()
    common = ["--text-column", "text", "--labels-column", "labels", "--label-separator", ";"]
    t0 = time.time()
    subprocess.run(
        [binary, "learn", "--input", str(train_csv), *common, "--output", str(lex),
         "--assign", assign, *extra],
        check=True, capture_output=True, text=True,
    )
    learn_s = time.time() - t0
    out = subprocess.run(
        [binary, "evaluate", "--lexicons", str(lex), "--input", str(test_csv), *common,
         "--format", "json", "--bootstrap", "0"],
        check=True, capture_output=True, text=True,
    )
    result = json.loads(out.stdout)
    if result["documents"] != len(test):
        sys.exit(f"hearken evaluated {result['documents']} answers of {len(test)}")
    return result["micro_f1"], learn_s


def svm_fold(texts, y, train, test, tune, seed):
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    a = vec.fit_transform([texts[i] for i in train])
    b = vec.transform([texts[i] for i in test])
    if tune:
        model = GridSearchCV(
            OneVsRestClassifier(LinearSVC(C=1.0)),
            {"estimator__C": [0.03, 0.1, 0.3, 1.0, 3.0]},
            scoring="f1_micro",
            cv=KFold(3, shuffle=True, random_state=seed),
        )
    else:
        model = OneVsRestClassifier(LinearSVC(C=1.0))
    # Labels absent from the training part are never predicted (their column is constant).
    present = y[train].sum(0) > 0
    pred = np.zeros((len(test), y.shape[1]), dtype=int)
    model.fit(a, y[train][:, present])
    pred[:, present] = model.predict(b)
    return f1_score(y[test], pred, average="micro", zero_division=0)


def prevalence_fold(y, train, test):
    """Codes every answer with each label carried by at least 30% of the training answers."""
    common = (y[train].mean(0) >= 0.3).astype(int)
    return f1_score(y[test], np.tile(common, (len(test), 1)), average="micro", zero_division=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=["dashboard", "phase1"], choices=sorted(SETS))
    ap.add_argument("--data-dir", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--hearken", default=str(REPO / "target" / "release" / "hearken"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--assign", default="all", choices=["all", "best", "auto"],
                    help="hearken learn --assign (all: one decision per label, as one-vs-rest)")
    ap.add_argument("--learn-arg", action="append", default=[],
                    help="extra argument for hearken learn (repeatable), e.g. --learn-arg=--l1-ratio=0.5")
    args = ap.parse_args()
    if not Path(args.hearken).is_file():
        sys.exit(f"{args.hearken} not found: run `cargo build --release` first")

    for name in args.sets:
        texts, labels, dropped = load(args.data_dir, name)
        mlb = MultiLabelBinarizer()
        y = mlb.fit_transform(labels)
        print(f"\n== {name}: {len(texts)} answers ({dropped['empty']} empty, "
              f"{dropped['repeated']} repeated texts dropped), {len(mlb.classes_)} labels, "
              f"{args.folds} folds (seed {args.seed})")
        print(f"{'fold':>4}  {'hearken':>8}  {'svm C=1':>8}  {'svm tuned':>9}  {'prevalence':>10}  learn s")
        rows = []
        folds = KFold(args.folds, shuffle=True, random_state=args.seed).split(texts)
        with tempfile.TemporaryDirectory(prefix="hearken-learn-vs-svm-") as tmp:
            for k, (train, test) in enumerate(folds, 1):
                h, secs = hearken_fold(args.hearken, Path(tmp), texts, labels, train, test,
                                       args.assign, args.learn_arg)
                s1 = svm_fold(texts, y, train, test, False, args.seed)
                st = svm_fold(texts, y, train, test, True, args.seed)
                pv = prevalence_fold(y, train, test)
                rows.append((h, s1, st, pv))
                print(f"{k:>4}  {h:>8.4f}  {s1:>8.4f}  {st:>9.4f}  {pv:>10.4f}  {secs:>7.1f}", flush=True)
        mean = np.mean(np.array(rows), axis=0)
        print(f"mean  {mean[0]:>8.4f}  {mean[1]:>8.4f}  {mean[2]:>9.4f}  {mean[3]:>10.4f}")


if __name__ == "__main__":
    main()
