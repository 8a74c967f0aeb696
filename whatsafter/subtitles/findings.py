"""Findings as plain data: the JSON the CLI prints and the rows a scan stores."""

from __future__ import annotations

from typing import Any

from whatsafter.subtitles.detector import Findings


def as_json(findings: Findings, *, file: str = "") -> dict[str, Any]:
    """One file's findings in the shape `scan-subtitles --json` prints (seconds)."""
    return {
        "file": file,
        "during_credits": findings.during_credits,
        "after_credits": findings.after_credits,
        "film_end_s": findings.film_end_s,
        "credits_start_s": findings.credits_start_s,
        "credits_start_estimated": findings.credits_start_s is not None,
        "fits_runtime": findings.fits_runtime,
        # Cues the detector was given: readers give it only the file's tail (reader.parse_tail).
        "cues_read": findings.cue_count,
        "scenes": [
            {
                "position": s.position,
                "start_s": s.start_s,
                "end_s": s.end_s,
                "cues": s.cues,
                "confidence": s.confidence,
                "claimed": s.claimed,
            }
            for s in findings.scenes
        ],
        "reasons": list(findings.reasons),
    }


def stored_scenes(findings: Findings) -> list[dict[str, Any]]:
    """Scenes as a scan keeps them, in milliseconds as players count."""
    return [
        {
            "position": s.position,
            "start_ms": round(s.start_s * 1000),
            "end_ms": round(s.end_s * 1000),
            "cues": s.cues,
            "confidence": s.confidence,
            "claimed": s.claimed,
        }
        for s in findings.scenes
    ]


def clock_s(seconds: float) -> str:
    """Seconds as a player's clock: 6083.2 -> '1:41:23'."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
