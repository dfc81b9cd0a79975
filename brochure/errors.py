"""Domain errors.  Library code raises these; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and what to do."""

    file: str
    key: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: str = "error"
    code: str | None = None     # the check that found it, where a front door groups problems (stale-contact)
    subject: str | None = None  # what it is about, e.g. the missing contact id of an unknown-id problem

    @property
    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        from .i18n import N_, _
        text = f"{self.location}: {self.key}: {self.message}" if self.key else f"{self.location}: {self.message}"
        if self.severity != "error":
            severity = _(N_("warning")) if self.severity == "warning" else self.severity
            text = f"{text} [{severity}]"
        return f"{text}\n  {_('hint:')} {self.hint}" if self.hint else text

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("file", "line", "column", "key", "message", "hint", "severity")}


class ValueProblem(ValueError):
    """A schema validator's complaint as a msgid and its values, so that it is translated where it is
    reported (pydantic keeps the exception), not frozen in English where it was raised."""

    def __init__(self, msgid: str, **values):
        self.msgid, self.values = msgid, values
        super().__init__(msgid.format(**values))


class BrochureError(Exception):
    """Anything the user can fix; the CLI prints it without a traceback."""

    exit_code = 1


class DataError(BrochureError):
    """The data files have one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):   # raised in a worker process: rebuilt from the problems, not the message
        return type(self), (self.problems,)


class UsageError(BrochureError):
    """The command line asks for something that does not exist."""

    exit_code = 2


class RenderError(BrochureError):
    """WeasyPrint could not turn a brochure into a PDF."""


class PublishError(BrochureError):
    """A printing cannot be published: it is not what the last build printed, or it was published already."""


class ProfileError(BrochureError):
    """A colour profile the print PDF needs is missing or is not the kind of profile it must be."""


@dataclass
class PreflightError(BrochureError):
    """A rendered leaflet failed a check that would make it misprint."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
