"""Write a media library laid out the ways Plex, Jellyfin and Kodi users keep theirs.

Used by tests/subtitles/test_library.py (a handful of films) and bench/library_bench.py
(10,000). Each film gets one of the layouts below, in turn, with its subtitle text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LAYOUTS = ("plex", "kodi-subs-folder", "loose", "jellyfin-tmdb", "subtitles-only", "plex-forced")


@dataclass(frozen=True)
class LibraryFilm:
    title: str
    year: int
    tmdb_id: int
    subtitle: str  # the text of its subtitle file


def write_film(root: Path, film: LibraryFilm, layout: str, video: bytes = b"") -> Path:
    """Lay one film out; returns the subtitle file written."""
    name = f"{film.title} ({film.year})"
    if layout == "plex":  # Movies/Title (Year)/Title (Year).mkv + Title (Year).en.srt
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.mkv").write_bytes(video)
        target = folder / f"{name}.en.srt"
    elif layout == "kodi-subs-folder":  # Title (Year)/movie.mkv + Subs/English.srt
        folder = root / name
        (folder / "Subs").mkdir(parents=True, exist_ok=True)
        (folder / f"{name} 1080p.mkv").write_bytes(video)
        target = folder / "Subs" / "English.srt"
    elif layout == "loose":  # scene-style file names side by side in one folder
        stem = f"{film.title.replace(' ', '.')}.{film.year}.1080p.BluRay.x264-GROUP"
        root.mkdir(parents=True, exist_ok=True)
        (root / f"{stem}.mkv").write_bytes(video)
        target = root / f"{stem}.srt"
    elif layout == "jellyfin-tmdb":  # Title (Year) [tmdbid-123]/Title (Year).mkv + .eng.srt
        folder = root / f"{name} [tmdbid-{film.tmdb_id}]"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.mkv").write_bytes(video)
        target = folder / f"{name}.eng.srt"
    elif layout == "subtitles-only":  # a folder of subtitles kept apart from the videos
        folder = root / "_subtitles"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.srt"
    elif layout == "plex-forced":  # a forced track (a few foreign lines) beside the full one
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.mkv").write_bytes(video)
        (folder / f"{name}.en.forced.srt").write_text(
            "1\n00:10:00,000 --> 00:10:02,000\n[in French] Bonjour.\n", encoding="utf-8"
        )
        target = folder / f"{name}.en.srt"
    else:
        raise ValueError(f"unknown layout {layout!r}")
    target.write_text(film.subtitle, encoding="utf-8")
    return target


def build(root: Path, films: list[LibraryFilm]) -> None:
    """Each film in the next layout, round robin."""
    for index, film in enumerate(films):
        write_film(root, film, LAYOUTS[index % len(LAYOUTS)])
