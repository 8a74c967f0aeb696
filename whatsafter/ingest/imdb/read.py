"""Reading: each IMDb file streamed once, the rows about films appended to the stage."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whatsafter.ingest.imdb import mapping
from whatsafter.ingest.imdb.reader import IdSet, SourceFile, Table, open_table
from whatsafter.ingest.imdb.stage import Stage
from whatsafter.ingest.imdb.state import (
    PROGRESS_EVERY,
    TAB,
    ImportState,
)


class Reading(ImportState):
    # -- reading -------------------------------------------------------------------
    #
    # The loops below run once per line of files with up to a hundred million lines, so
    # they are written flat: local names, bytes until a row is known to be kept, no
    # function call for a row that is skipped (the _kept_* generators hand on only the
    # rows about films).

    def _ticker(self, source: SourceFile) -> Callable[[Table | None], None]:
        done = 0

        def tick(table: Table | None) -> None:
            nonlocal done
            position = table.position() if table is not None else source.size
            self.progress(source.kind, position - done, source.size)
            done = position

        return tick

    def _decode(self, source: SourceFile, line_no: int, line: bytes, width: int) -> list[str]:
        """The row's fields as text, or [] after rejecting it."""
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            self._reject(source, line_no, "not UTF-8 text")
            return []
        cols = text.rstrip("\r\n").split("\t")
        if len(cols) != width:
            self._reject(source, line_no, f"{len(cols)} columns, expected {width}")
            return []
        return cols

    def _bad_id(self, source: SourceFile, line_no: int, line: bytes) -> None:
        if line.strip():
            shown = line.split(b"\t", 1)[0][:20].decode("utf-8", "replace")
            self._reject(source, line_no, f"{shown!r} is not an IMDb id")

    def _kept_by_id(
        self,
        source: SourceFile,
        table: Table,
        prefix: bytes,
        bits: bytearray,
        width: int,
        *,
        once: bool = True,
    ) -> Iterator[tuple[int, int, list[str]]]:
        """(line number, id number, fields) of the rows whose id is in `bits`; with `once`,
        one row per id (a repeated id is rejected). For title.ratings, title.crew and
        name.basics."""
        size = len(bits)
        most = mapping.MAX_ID_DIGITS
        tick = self._ticker(source)
        seen = IdSet()
        line_no = 0
        for line_no, line in enumerate(table.lines, start=2):
            if not line_no & PROGRESS_EVERY:
                tick(table)
            tab = line.find(b"\t")
            digits = line[2:tab]
            # An IMDb id's digits, checked inline: this runs for every line of the file.
            if tab < 0 or line[:2] != prefix or not (7 <= len(digits) <= most and digits.isdigit()):
                self._bad_id(source, line_no, line)
                continue
            number = int(digits)
            index = number >> 3
            if index >= size or not bits[index] >> (number & 7) & 1:
                continue
            if once and number in seen:
                self._reject(source, line_no, f"{line[:tab].decode()} appears twice")
                continue
            cols = self._decode(source, line_no, line, width)
            if cols:
                seen.add(number)
                yield line_no, number, cols
        tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)

    def _kept_by_title(
        self, source: SourceFile, table: Table, width: int
    ) -> Iterator[tuple[int, bool, list[str]]]:
        """(line number, first row of its title, fields) of the rows about films, for the
        files that list a title's rows together (title.principals, title.akas).

        A line starting with the previous title's id inherits its keep-or-skip decision,
        so most skipped lines cost one `startswith`.
        """
        bits = self.films.bits
        size = len(bits)
        most = mapping.MAX_ID_DIGITS
        tick = self._ticker(source)
        prev = b"\x00"
        keep = first = False
        line_no = 0
        for line_no, line in enumerate(table.lines, start=2):
            if not line_no & PROGRESS_EVERY:
                tick(table)
            if not line.startswith(prev):
                tab = line.find(b"\t")
                digits = line[2:tab]
                if (
                    tab < 0
                    or line[:2] != b"tt"
                    or not (7 <= len(digits) <= most and digits.isdigit())
                ):
                    prev, keep = b"\x00", False
                    self._bad_id(source, line_no, line)
                    continue
                prev = line[: tab + 1]
                number = int(digits)
                index = number >> 3
                keep = first = index < size and bool(bits[index] >> (number & 7) & 1)
            if not keep:
                continue
            cols = self._decode(source, line_no, line, width)
            if cols:
                yield line_no, first, cols
                first = False
        tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)

    def _read_basics(self, stage: Stage) -> None:
        source = self.files["title.basics"]
        kinds, films, genres = self.kinds, self.films, self.genres
        reject, decode = self._reject, self._decode
        tick = self._ticker(source)
        staged = pairs = line_no = 0
        first = last = 0
        with open_table(source) as table, stage.sink("s_title") as add:
            for line_no, line in enumerate(table.lines, start=2):
                if not line_no & PROGRESS_EVERY:
                    tick(table)
                fields = line.split(b"\t", 2)
                if len(fields) == 3 and fields[1] not in kinds:
                    # Not a film: only its shape is checked.
                    if line.count(TAB) != 8:
                        reject(source, line_no, f"{line.count(TAB) + 1} columns, expected 9")
                    continue
                if not line.strip():
                    continue
                cols = decode(source, line_no, line, 9)
                if not cols:
                    continue
                number = mapping.imdb_id_number(cols[0], "tt")
                if number is None:
                    reject(source, line_no, f"tconst {cols[0][:20]!r} is not an IMDb title id")
                    continue
                if number in films:
                    reject(source, line_no, f"{cols[0]} appears twice")
                    continue
                row = mapping.movie_row(line_no, cols)
                if isinstance(row, str):
                    reject(source, line_no, row)
                    continue
                add(row)
                films.add(number)
                staged += 1
                first = first or line_no
                last = line_no
                if row[6]:
                    names = row[6].split(",")
                    genres.update(names)
                    pairs += len(names)
            tick(None)
        self.report.rows_read[source.kind] = max(line_no - 1, 0)
        self.staged["s_title"] = staged
        self.staged["genre links"] = pairs
        self.bounds["s_title"] = (first, last)

    def _read_ratings(self, stage: Stage) -> None:
        source = self.files["title.ratings"]
        staged = first = last = 0
        with open_table(source) as table, stage.sink("s_rating") as add:
            for line_no, _, cols in self._kept_by_id(source, table, b"tt", self.films.bits, 3):
                row = mapping.rating_row(cols)
                if isinstance(row, str):
                    self._reject(source, line_no, row)
                    continue
                add((line_no, *row))
                staged += 1
                first = first or line_no
                last = line_no
        self.staged["s_rating"] = staged
        self.bounds["s_rating"] = (first, last)

    def _read_akas(self, stage: Stage) -> None:
        """title.akas, when present: other titles of the films (optional file)."""
        source = self.files.get("title.akas")
        if source is None:
            return
        staged = skipped = first = last = 0
        with open_table(source) as table, stage.sink("s_aka") as add:
            for line_no, _, cols in self._kept_by_title(source, table, 8):
                row = mapping.aka_row(line_no, cols)
                if isinstance(row, str):
                    skipped += self._skipped_or_rejected(source, line_no, row)
                    continue
                add(row)
                staged += 1
                first = first or line_no
                last = line_no
        self.staged["s_aka"] = staged
        self.bounds["s_aka"] = (first, last)
        self.staged["aka skipped"] = skipped

    def _read_principals(self, stage: Stage) -> None:
        source = self.files["title.principals"]
        people, credit_row = self.people, mapping.credit_row
        seq = self.seq
        skipped = repeated = 0
        seen: set[tuple[str, ...]] = set()
        with open_table(source) as table, stage.sink("s_credit") as add:
            for line_no, first, cols in self._kept_by_title(source, table, 6):
                if first:
                    seen = set()
                row = credit_row(cols)
                if isinstance(row, str):
                    skipped += self._skipped_or_rejected(source, line_no, row)
                    continue
                # The same person in the same part twice on one title is one credit.
                key = (row[1], row[2], row[3], row[5], row[6])
                if key in seen:
                    repeated += 1
                    continue
                seen.add(key)
                seq += 1
                add((seq, *row))
                people.add(int(row[1][2:]))
        self.credits.skipped += skipped + repeated
        self.staged["principals"] = seq - self.seq
        self.seq = seq

    def _read_crew(self, stage: Stage) -> None:
        source = self.files["title.crew"]
        people = self.people
        reject = self._reject
        seq = self.seq
        with open_table(source) as table, stage.sink("s_credit") as add:
            # A repeated title is not refused here (as ratings and names are): its crew rows
            # stage again and the credit merge (ON CONFLICT DO NOTHING) keeps one of each.
            for line_no, _, cols in self._kept_by_id(
                source, table, b"tt", self.films.bits, 3, once=False
            ):
                rows: dict[tuple[str, str], str] = {}
                bad = ""
                for (department, job), names in zip(mapping.CREW_FILE_ROLES, cols[1:], strict=True):
                    if names == mapping.NULL:
                        continue
                    for nconst in names.split(","):
                        if mapping.imdb_id_number(nconst, "nm") is None:
                            bad = f"{nconst[:20]!r} is not an IMDb name id"
                            break
                        rows[(nconst, department)] = job
                if bad:
                    reject(source, line_no, bad)
                    continue
                for (nconst, department), job in rows.items():
                    seq += 1
                    add((seq, cols[0], nconst, mapping.CREW, "", 0, department, job, 1))
                    people.add(int(nconst[2:]))
        self.staged["crew"] = seq - self.seq
        self.seq = seq

    def _read_names(self, stage: Stage) -> None:
        source = self.files["name.basics"]
        found = self.found
        staged = first = last = 0
        with open_table(source) as table, stage.sink("s_person") as add:
            for line_no, number, cols in self._kept_by_id(
                source, table, b"nm", self.people.bits, 6
            ):
                row = mapping.person_row(line_no, cols)
                if isinstance(row, str):
                    self._reject(source, line_no, row)
                    continue
                add(row)
                found.add(number)
                staged += 1
                first = first or line_no
                last = line_no
        self.staged["s_person"] = staged
        self.bounds["s_person"] = (first, last)
