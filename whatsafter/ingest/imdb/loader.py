"""`import_imdb`: stream the IMDb files into a stage, then merge the stage set-based.

Reading (per file, in this order, each filtered by what came before):
  title.basics      films (movie, and tvMovie when IMPORT_TV_MOVIES) -> s_title;
                    their ids go into a bitmap
  title.ratings     rows of those films -> s_rating
  title.principals  rows of those films -> s_credit; credited people into a second bitmap
  title.crew        directors and writers of those films -> s_credit (weak: only where
                    principals did not already credit that person in that department)
  name.basics       the credited people -> s_person
Nothing is held per row in Python: the two bitmaps are the only state that grows, and
they are bounded by the largest IMDb id, not by the files.

Merging (one transaction per batch of staged rows; every statement is an upsert keyed by
IMDb id or by the catalogue's unique constraints, so a batch repeated after a crash
changes nothing): films, genre links, ratings, people, credits, then verdicts for films
that have none yet. Each update statement touches only rows whose values differ, which is
what makes a re-import of the same files write nothing.
"""

from __future__ import annotations

from django.db import connection

from whatsafter.aftercredits.list_counts import list_counts_refresh
from whatsafter.ingest.imdb.merge import Merging, page_cache
from whatsafter.ingest.imdb.read import Reading
from whatsafter.ingest.imdb.reader import open_table
from whatsafter.ingest.imdb.stage import open_stage
from whatsafter.ingest.imdb.state import ImdbReport
from whatsafter.search.services import search_index_refresh

__all__ = ["ImdbImport", "ImdbReport"]


class ImdbImport(Reading, Merging):
    """One run: check every header, read every file into the stage, then merge it.

    The parts live in their own modules: state.py (what reading leaves for merging, the
    report), read.py (the per-file loops), upsert.py (batches, slugs), merge.py (the
    per-table statements), sql.py (SQLite/PostgreSQL spellings), stage.py, reader.py and
    mapping.py (pure row checks).
    """

    def run(self) -> ImdbReport:
        # Every header is checked before anything is staged: a wrong file fails in
        # milliseconds, not after the 5 GB principals file has been read.
        for source in self.files.values():
            with open_table(source):
                pass
        connection.ensure_connection()
        stage = open_stage()
        try:
            with self._timed("read"):
                self._read_basics(stage)
                self._read_ratings(stage)
                self._read_akas(stage)
                self._read_principals(stage)
                self._read_crew(stage)
                self._read_names(stage)
            stage.attach()
            self._merge(stage)
        finally:
            stage.close()
        # In the same run, so search finds the new films and people at once; after the
        # stage is gone, so its scratch tables do not outlive their use.
        with page_cache():
            with self._timed("search index"):
                search_index_refresh()
            with self._timed("list counts"):
                list_counts_refresh()
        return self.report
