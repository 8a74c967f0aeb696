"""Score the subtitle-timing detector against the TMDb keyword truth of the shared data set.

Run: .venv/bin/python bench/subtitles_eval.py [--data ../shared/data/subtitles] [--files]
Prints per-position and overall precision/recall for the detector and for the naive rule
(longest silence in the last quarter = credits, any cue after it = a scene), computed in the
same run; the confusion tables; every file the detector gets wrong with its reason; every
claim on a film without a keyword (for the review in docs/BENCHMARKS.md); a two-fold split by
TMDb id (the thresholds are fixed from first principles, so both folds are held out; the split
shows how much the figures move between halves); and a sensitivity check that moves each
threshold by +-25%.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import THRESHOLDS, Cue, Kind, Thresholds, detect, even_lines

POSITIONS = ("during", "after")


def naive(cues: list[Cue], runtime_s: float | None) -> set[str]:
    """The baseline the issue names: the longest silence in the last quarter is the credits,
    cues after it are a scene (after the credits when they run to the end of the file, else
    during). Every cue counts, whatever its kind; the runtime is not used."""
    cues = sorted(cues, key=lambda c: c.start_s)
    end = max(c.end_s for c in cues)
    best, best_at = 0.0, None
    running = cues[0].end_s
    for index in range(1, len(cues)):
        gap = cues[index].start_s - running
        if running >= 0.75 * end and gap > best:
            best, best_at = gap, index
        running = max(running, cues[index].end_s)
    if best_at is None:
        return set()
    after = cues[best_at:]
    # A later silence at least half as long splits the tail: the first part is mid-credits.
    running = after[0].end_s
    for cue in after[1:]:
        if cue.start_s - running >= best / 2:
            return {"during", "after"}
        running = max(running, cue.end_s)
    return {"after"}


def tail_after_silence(row: dict, kinds: set[Kind]) -> float | None:
    """Where the first silence of 2.5+ minutes (counting only cues of `kinds`) in the last
    quarter of the runtime (or of the file, when it overruns the runtime) begins, when any
    such cue follows it; else None."""
    cues = sorted((c for c in row["cues"] if c.kind in kinds), key=lambda c: c.start_s)
    if len(cues) < 2:
        return None
    last = max(c.end_s for c in cues)
    runtime = row["runtime_s"]
    reference = runtime if last <= runtime * (1 + THRESHOLDS.runtime_fit_tolerance) else last
    running = cues[0].end_s
    for cue in cues[1:]:
        gap = cue.start_s - running
        if running >= 0.75 * reference and gap >= THRESHOLDS.credits_min_gap_s:
            return running
        running = max(running, cue.end_s)
    return None


def detector_claims(cues: list[Cue], runtime_s: float | None, t: Thresholds) -> set[str]:
    return {s.position for s in detect(cues, runtime_s, t).claimed_scenes}


def score(rows: list[dict], key: str) -> dict[str, dict[str, float]]:
    out = {}
    for position in (*POSITIONS, "any"):
        tp = fp = fn = tn = 0
        for row in rows:
            truth = row["truth"] if position == "any" else row["truth"] & {position}
            claim = row[key] if position == "any" else row[key] & {position}
            has_truth, has_claim = bool(truth), bool(claim)
            tp += has_truth and has_claim
            fp += has_claim and not has_truth
            fn += has_truth and not has_claim
            tn += not has_truth and not has_claim
        out[position] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
        }
    pooled = {k: out["during"][k] + out["after"][k] for k in ("tp", "fp", "fn", "tn")}
    tp, fp, fn = pooled["tp"], pooled["fp"], pooled["fn"]
    pooled["precision"] = tp / (tp + fp) if tp + fp else float("nan")
    pooled["recall"] = tp / (tp + fn) if tp + fn else float("nan")
    out["overall"] = pooled
    return out


def speech_shape(rows: list[dict], t: Thresholds) -> None:
    """What the lyrics thresholds rest on: how rarely the dialogue of the films' own bodies
    (everything before the last quarter, where no credits are) holds a line longer than
    `line_max_s`, or a run of `even_run_min_lines` lines as even as lyrics."""
    lines = long_lines = runs = even_runs = 0
    even_files: dict[str, int] = {}
    for row in rows:
        end = max(c.end_s for c in row["cues"])
        body = sorted(
            (c for c in row["cues"] if c.kind == Kind.DIALOGUE and c.end_s < 0.75 * end),
            key=lambda c: c.start_s,
        )
        lengths = [c.end_s - c.start_s for c in body]
        lines += len(lengths)
        long_lines += sum(length > t.line_max_s for length in lengths)
        for start in range(len(lengths) - t.even_run_min_lines + 1):
            runs += 1
            if even_lines(lengths[start : start + t.even_run_min_lines], t):
                even_runs += 1
                even_files[row["title"]] = even_files.get(row["title"], 0) + 1
    most = ", ".join(
        f"{title} {n}" for title, n in sorted(even_files.items(), key=lambda i: -i[1])[:8]
    )
    print(
        f"\nspeech in the films' bodies (first three quarters): {long_lines} of {lines} lines "
        f"last over {t.line_max_s:.0f} s; {even_runs} of {runs} runs of "
        f"{t.even_run_min_lines} lines are as even as lyrics ({most})"
    )


def load(data: Path) -> list[dict]:
    rows = []
    with (data / "MANIFEST.csv").open(newline="") as handle:
        for record in csv.DictReader(handle):
            truth = {p for p in POSITIONS if record[f"{p}_credits"] == "true"}
            rows.append(
                {
                    "file": record["file"],
                    "tmdb_id": int(record["tmdb_id"]),
                    "title": record["title"],
                    "runtime_s": int(record["runtime_min"]) * 60,
                    "truth": truth,
                    "cues": reader.read(data / record["file"]),
                }
            )
    return rows


def table(name: str, result: dict) -> str:
    lines = [f"{name}:", "  position  precision  recall   TP  FP  FN   TN"]
    for position, s in result.items():
        lines.append(
            f"  {position:8}  {s['precision']:9.2f}  {s['recall']:6.2f}  "
            f"{s['tp']:3} {s['fp']:3} {s['fn']:3} {s['tn']:4}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    default = Path(__file__).resolve().parent.parent / "../shared/data/subtitles"
    parser.add_argument("--data", default=str(default))
    parser.add_argument("--files", action="store_true", help="print every file's findings")
    args = parser.parse_args()
    data = Path(args.data)
    rows = load(data)

    began = time.perf_counter()
    for row in rows:
        found = detect(row["cues"], row["runtime_s"])
        row["findings"] = found
        row["claims"] = {s.position for s in found.claimed_scenes}
    detector_s = time.perf_counter() - began
    began = time.perf_counter()
    for row in rows:
        row["naive"] = naive(row["cues"], row["runtime_s"])
    naive_s = time.perf_counter() - began

    print(f"{len(rows)} films; detector {detector_s * 1000:.0f} ms, naive {naive_s * 1000:.0f} ms")
    # Scans read only the tail (reader.read_tail); it must not change a single finding.
    differ = [
        row["file"]
        for row in rows
        if dataclasses.replace(
            detect(reader.read_tail(data / row["file"], row["runtime_s"]), row["runtime_s"]),
            cue_count=0,
        )
        != dataclasses.replace(row["findings"], cue_count=0)
    ]
    print(f"tail read vs whole file: {len(differ)} of {len(rows)} files differ {differ or ''}")
    print(table("detector vs raw keywords", score(rows, "claims")))
    print(table("naive rule vs raw keywords (same run)", score(rows, "naive")))

    print("\nceiling: films with any cue after a 2.5-minute silence in the last quarter")
    print("  counting cues of                     keyword films   films without keyword")
    positives = sum(bool(r["truth"]) for r in rows)
    for label, kinds in (
        ("any kind (credit lines included)", set(Kind)),
        ("dialogue, sound or music", {Kind.DIALOGUE, Kind.SOUND, Kind.MUSIC}),
        ("dialogue or sound", {Kind.DIALOGUE, Kind.SOUND}),
        ("dialogue only (what the detector uses)", {Kind.DIALOGUE}),
    ):
        seen = [row for row in rows if tail_after_silence(row, kinds)]
        hits = sum(bool(r["truth"]) for r in seen)
        print(
            f"  {label:38} {hits:3} of {positives} ({hits / positives:.2f})"
            f"   {len(seen) - hits:3} of {len(rows) - positives}"
        )
    print(
        "  (recall from timing cannot exceed the keyword share: the other keyword films' files "
        "show nothing after the film)"
    )

    speech_shape(rows, THRESHOLDS)

    print("\nsound descriptions after a credits-length silence of dialogue:")
    for row in rows:
        found = tail_after_silence(row, {Kind.DIALOGUE})
        sounds = [c for c in row["cues"] if c.kind == Kind.SOUND and found and c.start_s > found]
        if sounds:
            print(
                f"  {'keyword' if row['truth'] else 'no keyword':10} {row['file']}: "
                f"{len(sounds)} sound cue(s) from {sounds[0].start_s / 60:.1f} min "
                f"(dialogue stops at {found / 60:.1f} min)"
            )
    for row in rows:
        as_dialogue = [
            Cue(c.start_s, c.end_s, Kind.DIALOGUE if c.kind == Kind.SOUND else c.kind)
            for c in row["cues"]
        ]
        row["sound"] = detector_claims(as_dialogue, row["runtime_s"], THRESHOLDS)
    s = score(rows, "sound")
    print(
        "  detector with sound cues counted as dialogue (same run): overall precision "
        f"{s['overall']['precision']:.2f} recall {s['overall']['recall']:.2f}; per film "
        f"{s['any']['precision']:.2f} / {s['any']['recall']:.2f}"
    )

    print("\nfiles the detector gets wrong (vs raw keywords):")
    for row in rows:
        claims, truth = row["claims"], row["truth"]
        if claims == truth:
            continue
        kind = "claim without keyword" if claims - truth else "keyword not seen"
        found = row["findings"]
        print(
            f"  {row['file']}: keywords={sorted(truth) or '-'} claims={sorted(claims) or '-'} "
            f"[{kind}]\n    " + "\n    ".join(found.reasons)
        )

    print("\nclaims on films with no keyword at all (to review):")
    for row in rows:
        if row["claims"] and not row["truth"]:
            for scene in row["findings"].claimed_scenes:
                print(
                    f"  {row['title']} ({row['file']}): {scene.position} "
                    f"{scene.start_s / 60:.1f}-{scene.end_s / 60:.1f} min, {scene.cues} lines, "
                    f"confidence {scene.confidence}, runtime {row['runtime_s'] // 60} min"
                )

    print(
        "\ntwo folds by TMDb id parity (how much the figures move between halves; the rules "
        "were written with the whole set visible, so neither half is truly unseen):"
    )
    for parity in (0, 1):
        fold = [r for r in rows if r["tmdb_id"] % 2 == parity]
        s = score(fold, "claims")["overall"]
        print(
            f"  fold {parity}: {len(fold)} films, "
            f"precision {s['precision']:.2f} recall {s['recall']:.2f}"
        )

    print("\nsensitivity: each threshold moved by -25% / +25% (overall precision, recall):")
    for f in dataclasses.fields(Thresholds):
        value = getattr(THRESHOLDS, f.name)
        if f.name == "fps_drift":
            continue
        cells = []
        for factor in (0.75, 1.25):
            moved = type(value)(value * factor) if isinstance(value, int) else value * factor
            t = dataclasses.replace(THRESHOLDS, **{f.name: moved})
            for row in rows:
                row["moved"] = detector_claims(row["cues"], row["runtime_s"], t)
            s = score(rows, "moved")["overall"]
            cells.append(f"{s['precision']:.2f}/{s['recall']:.2f}")
        print(f"  {f.name:28} {cells[0]:>10} {cells[1]:>10}")

    if args.files:
        for row in rows:
            found = row["findings"]
            print(row["file"], sorted(row["truth"]), found.during_credits, found.after_credits)


if __name__ == "__main__":
    main()
