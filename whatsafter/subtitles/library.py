"""Find films and their subtitles in a media library laid out as Plex, Jellyfin or Kodi do.

Pure of the database: walk() yields what is on disk and who the film is; the command decides
where the findings go (this site's evidence, or another site's API).

Layouts understood: `Title (Year)/Title (Year).mkv` with `Title (Year).en.srt` beside it or in a
`Subs`/`Subtitles` folder (Plex, Jellyfin, Kodi), loose `Title.Year.1080p...mkv` files with
same-named subtitles, `{tmdb-123}` / `[tmdbid-123]` ids in names, and folders holding only
subtitle files. Forced subtitles (only the foreign-language lines) are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guessit import guessit

from whatsafter.subtitles import reader
from whatsafter.subtitles.detector import Cue, earliest_needed_s

VIDEO_SUFFIXES = {".mkv", ".mp4", ".m4v", ".avi", ".mov", ".wmv", ".ts", ".webm", ".mpg"}
SUBTITLE_SUFFIXES = {".srt", ".vtt", ".ass", ".ssa", ".sub"}
SUBTITLE_FOLDERS = {"subs", "subtitles", "sub"}
# Text tracks ffmpeg can turn into SRT; picture tracks (PGS, VobSub) hold no timing we can read.
TEXT_CODECS = {"subrip", "srt", "ass", "ssa", "webvtt", "mov_text", "text"}
# Only the end matters: credits and what follows them sit in the last half hour, and the
# detector's window (the last quarter of the runtime) within it for films up to ~1:45;
# embedded_cues reads further back when the cues show it needs to.
EMBEDDED_TAIL_S = 30 * 60
_TMDB_ID = re.compile(r"[\[{]tmdb(?:id)?[-=](\d+)[\]}]", re.IGNORECASE)
_FORCED = re.compile(r"[._ -]forced\b", re.IGNORECASE)
# The naming Plex, Jellyfin and Kodi document for movie folders: "Title (Year)", optionally
# followed by an edition or id. Exact by convention, so guessit (~30 ms a name) is only asked
# about names that do not follow it.
_CONVENTION = re.compile(r"^(?P<title>[^()\[\]{}]+?) \((?P<year>(?:18|19|20)\d\d)\)(?:$|[ .\-\[{])")


@dataclass(frozen=True)
class LibraryFilm:
    title: str
    year: int | None
    tmdb_id: int | None
    video: Path | None
    subtitle: Path | None  # the sidecar read, when there is one


def identify(relative: Path) -> tuple[str, int | None, int | None]:
    """Title, year and TMDb id from a path inside the library (folder and file names)."""
    text = str(relative)
    match = _TMDB_ID.search(text)
    tmdb_id = int(match.group(1)) if match else None
    cleaned = _TMDB_ID.sub("", text)
    for part in reversed((*relative.parts[:-1], relative.stem)):  # innermost name first
        named = _CONVENTION.match(_TMDB_ID.sub("", part).strip())
        if named:
            return named.group("title").strip(), int(named.group("year")), tmdb_id
    guess = guessit(cleaned, {"type": "movie"})
    title = guess.get("title") or ""
    year = guess.get("year")
    return (str(title), int(year) if isinstance(year, int) else None, tmdb_id)


def _best_subtitle(candidates: list[Path]) -> Path | None:
    """The fullest subtitle file: forced ones hold only a few lines, so they are skipped."""
    usable = [p for p in candidates if not _FORCED.search(p.stem)]
    if not usable:
        return None
    return max(usable, key=lambda p: (p.stat().st_size, p.name))


def walk(root: Path) -> Iterator[LibraryFilm]:
    """Every film under `root` with the subtitle file that belongs to it, if any."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d.lower() not in SUBTITLE_FOLDERS)
        here = Path(folder)
        paths = [here / f for f in sorted(files)]
        videos = [p for p in paths if p.suffix.lower() in VIDEO_SUFFIXES]
        subtitles = [p for p in paths if p.suffix.lower() in SUBTITLE_SUFFIXES]
        nested = [
            here / d / f
            for d in os.listdir(here)
            if d.lower() in SUBTITLE_FOLDERS and (here / d).is_dir()
            for f in sorted(os.listdir(here / d))
            if Path(f).suffix.lower() in SUBTITLE_SUFFIXES
        ]
        if videos:
            for video in videos:
                stem = video.stem.casefold()
                own = [s for s in subtitles if s.name.casefold().startswith(stem)]
                if not own and len(videos) == 1:
                    own = subtitles + nested  # one film per folder: its subtitles are its own
                title, year, tmdb_id = identify(video.relative_to(root))
                yield LibraryFilm(title, year, tmdb_id, video, _best_subtitle(own))
        else:
            # Subtitles without a video: each file (or the folder's best one) is the film.
            groups: dict[tuple[str, int | None, int | None], list[Path]] = {}
            for subtitle in subtitles:
                groups.setdefault(identify(subtitle.relative_to(root)), []).append(subtitle)
            for (title, year, tmdb_id), members in groups.items():
                best = _best_subtitle(members)
                if best is not None:
                    yield LibraryFilm(title, year, tmdb_id, None, best)


@dataclass(frozen=True)
class Reading:
    """One film's subtitles read from disk, or why they could not be."""

    film: LibraryFilm
    cues: list[Cue]
    duration_s: float | None = None
    file_name: str = ""
    modified: float = 0.0
    error: str = ""


def read_film(film: LibraryFilm, embedded: bool) -> Reading:
    """Read a film's sidecar, else (when allowed) its embedded text track. Never raises."""
    try:
        if film.subtitle is not None:
            # Only the tail the detector needs; the runtime is looked up later, in the catalogue
            # or on the receiving site, so the tail must do for any runtime.
            cues = reader.read_tail(film.subtitle, any_runtime=True)
            modified = film.subtitle.stat().st_mtime
            return Reading(film, cues, None, film.subtitle.name, modified)
        if embedded and film.video is not None:
            cues, duration = embedded_cues(film.video)
            name = f"{film.video.name} (embedded track)"
            return Reading(film, cues, duration, name, film.video.stat().st_mtime)
    except (reader.SubtitleError, OSError, subprocess.SubprocessError) as exc:
        return Reading(film, [], error=str(exc))
    return Reading(film, [])


def read_all(films: Iterator[LibraryFilm], embedded: bool, jobs: int) -> Iterator[Reading]:
    """Read films in `jobs` processes (parsing is CPU-bound); results come back in order."""
    if jobs <= 1:
        for film in films:
            yield read_film(film, embedded)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(partial(read_film, embedded=embedded), films, chunksize=8)


def ffmpeg_available() -> bool:
    return shutil.which("ffprobe") is not None and shutil.which("ffmpeg") is not None


def embedded_cues(video: Path, timeout: float = 120.0) -> tuple[list[Cue], float | None]:
    """Cues of the first text subtitle track in the last 30 minutes, and the file's length.

    Raises SubtitleError when there is no text track or ffmpeg cannot read the file.
    """
    ffprobe, ffmpeg = shutil.which("ffprobe"), shutil.which("ffmpeg")
    if ffprobe is None or ffmpeg is None:
        raise reader.SubtitleError(f"{video.name}: ffprobe/ffmpeg are not installed")
    # An absolute path never starts with "-", so ffmpeg cannot take a file name for an option.
    target = str(video.resolve())
    # No shell, fixed arguments: the only outside input is the file's path.
    probe = subprocess.run(  # noqa: S603
        [
            ffprobe, "-v", "error", "-print_format", "json",
            "-show_entries", "format=duration:stream=index,codec_type,codec_name",
            target,
        ],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if probe.returncode != 0:
        raise reader.SubtitleError(f"{video.name}: ffprobe cannot read it")
    info = json.loads(probe.stdout or "{}")
    tracks = [
        s
        for s in info.get("streams", [])
        if s.get("codec_type") == "subtitle" and s.get("codec_name") in TEXT_CODECS
    ]
    if not tracks:
        raise reader.SubtitleError(f"{video.name}: no text subtitle track")
    duration = float(info.get("format", {}).get("duration") or 0) or None
    # First the last half hour; when the detector would look further back (a long film, or
    # subtitles ending well before the video), once more from the time it needs.
    start = max(0.0, (duration or 0) - EMBEDDED_TAIL_S)
    while True:
        cues = _extract(video, target, ffmpeg, tracks[0]["index"], start, timeout)
        needed = earliest_needed_s(cues, any_runtime=True)
        if start <= 0 or (needed is not None and start <= needed - reader.LINE_MARGIN_S):
            return cues, duration
        start = 0.0 if needed is None else max(0.0, needed - 2 * reader.LINE_MARGIN_S)


def _extract(
    video: Path, target: str, ffmpeg: str, index: int, start: float, timeout: float
) -> list[Cue]:
    """The track's cues from `start` seconds on (ffmpeg seeks to the cluster before it)."""
    extract = subprocess.run(  # noqa: S603
        [
            ffmpeg, "-v", "error", "-nostdin", "-ss", f"{start:.3f}", "-copyts",
            "-i", target, "-map", f"0:{index}", "-f", "srt", "pipe:1",
        ],
        capture_output=True, timeout=timeout, check=False,
    )  # fmt: skip
    if extract.returncode != 0:
        raise reader.SubtitleError(f"{video.name}: ffmpeg cannot extract the subtitle track")
    return reader.parse(reader.decode(extract.stdout, video.name), video.name)
