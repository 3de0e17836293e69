"""Validation reports: every problem at once, each next to its field."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Union, overload

from ._lib import lib
from ._util import dec
from .errors import Status

__all__ = ["Severity", "ReportEntry", "Report"]


class Severity(enum.IntEnum):
    """``lcc_severity``: an entry blocks the operation (ERROR) or not (WARNING)."""

    ERROR = 0
    WARNING = 1


@dataclass(frozen=True)
class ReportEntry:
    """One problem: the rule id of the catalogue (``"CB-HORIZON"``), the
    field it belongs to (``"date"``), its status code, its severity, one
    sentence for a person, its place in a document (1-based line and byte
    column, 0 when it has none) and the backend's own code when it came
    from a backend error body."""

    rule: str
    field: str
    code: "Status | int"
    severity: Severity
    message: str
    line: int = 0
    column: int = 0
    server_code: Optional[str] = None

    @property
    def is_error(self) -> bool:
        """True for an entry of severity ERROR."""
        return self.severity == Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line else ""
        return f"{where}{self.rule} [{self.field}] {self.message}"


class Report(Sequence[ReportEntry]):
    """A copied validation report: a sequence of :class:`ReportEntry` in the
    library's order.  It does not refer to library memory, so it stays
    valid after anything is closed."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Sequence[ReportEntry] = ()) -> None:
        self._entries: List[ReportEntry] = list(entries)

    @classmethod
    def _copy(cls, ptr: Optional[int]) -> "Report":
        """Copies a borrowed ``lcc_report *`` (not freed)."""
        if not ptr:
            return cls()
        entries = []
        for i in range(lib.lcc_report_count(ptr)):
            entries.append(ReportEntry(
                rule=dec(lib.lcc_report_rule(ptr, i)) or "",
                field=dec(lib.lcc_report_field(ptr, i)) or "",
                code=Status.of(lib.lcc_report_code(ptr, i)),
                severity=Severity(lib.lcc_report_severity(ptr, i)),
                message=dec(lib.lcc_report_message(ptr, i)) or "",
                line=int(lib.lcc_report_line(ptr, i)),
                column=int(lib.lcc_report_column(ptr, i)),
                server_code=dec(lib.lcc_report_server_code(ptr, i)),
            ))
        return cls(entries)

    @classmethod
    def _take(cls, ptr: Optional[int]) -> Optional["Report"]:
        """Copies an owned ``lcc_report *`` and frees it (None for NULL)."""
        if not ptr:
            return None
        try:
            return cls._copy(ptr)
        finally:
            lib.lcc_report_free(ptr)

    @overload
    def __getitem__(self, i: int) -> ReportEntry: ...
    @overload
    def __getitem__(self, i: slice) -> "Report": ...

    def __getitem__(self, i: Union[int, slice]) -> "Union[ReportEntry, Report]":
        if isinstance(i, slice):
            return Report(self._entries[i])
        return self._entries[i]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ReportEntry]:
        return iter(self._entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Report):
            return self._entries == other._entries
        return NotImplemented

    def __repr__(self) -> str:
        return f"Report({self._entries!r})"

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self._entries)

    @property
    def errors(self) -> List[ReportEntry]:
        """The entries of severity ERROR."""
        return [e for e in self._entries if e.is_error]

    @property
    def warnings(self) -> List[ReportEntry]:
        """The entries of severity WARNING."""
        return [e for e in self._entries if not e.is_error]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    @property
    def rules(self) -> List[str]:
        """Every entry's rule id, in order."""
        return [e.rule for e in self._entries]

    def find(self, rule: str) -> Optional[ReportEntry]:
        """The first entry with this rule id, or None."""
        for e in self._entries:
            if e.rule == rule:
                return e
        return None

    def for_field(self, field: str) -> List[ReportEntry]:
        """The entries of one field (e.g. ``"date"``), to show next to it."""
        return [e for e in self._entries if e.field == field]

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return self.find(item) is not None
        return item in self._entries
