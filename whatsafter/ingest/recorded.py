"""The ImportRun around an import command: opened before any work, closed as failed with
the error when the work stops, as succeeded with the command's own summary when it ends."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.core.management.base import CommandError

from whatsafter.ingest.models import ImportRun
from whatsafter.ingest.rows import RowError, SourceFileError
from whatsafter.ingest.services import import_run_finish, import_run_start
from whatsafter.utils import Counts

if TYPE_CHECKING:
    from typing_extensions import Unpack


class Tallies(TypedDict, total=False):
    """What a run got through, as import_run_finish takes it."""

    rejected: Iterable[RowError]
    rejected_count: int | None
    rows_read: int | None
    counts: Counts | None


@dataclass
class RecordedRun:
    run: ImportRun
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def succeeded(self, message: str, **tallies: Unpack[Tallies]) -> None:
        import_run_finish(
            run=self.run, status=ImportRun.Status.SUCCEEDED, message=message, **tallies
        )


@contextmanager
def import_run_recorded(
    *,
    source: str,
    arguments: str,
    refused: tuple[type[Exception], ...] = (SourceFileError,),
    advice: str = "Nothing was changed.",
    so_far: Callable[[], Tallies] = Tallies,
) -> Iterator[RecordedRun]:
    """Yields the open run; the caller closes it with `succeeded` once the work is done.

    A `refused` error (a bad file, a refused key) closes the run as failed with the
    error's text and becomes a CommandError ending in `advice`; anything else, Ctrl-C
    included, closes it as failed with the exception and is raised as it is. `so_far` is
    what a failed run reports of the work it did (importers that commit batch by batch
    keep what they merged). A run the work closed itself (database_fault, with its own
    message) is left as it is.
    """
    recorded = RecordedRun(import_run_start(source=source, arguments=arguments))
    try:
        yield recorded
    except refused as exc:
        _failed(recorded.run, str(exc), so_far())
        raise CommandError(f"{exc}. {advice}") from exc
    except BaseException as exc:
        if recorded.run.status == ImportRun.Status.RUNNING:
            _failed(recorded.run, repr(exc), so_far())
        raise


def _failed(run: ImportRun, message: str, tallies: Tallies) -> None:
    import_run_finish(run=run, status=ImportRun.Status.FAILED, message=message, **tallies)
