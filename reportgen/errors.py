"""Errors that reach the person at the keyboard as a message, never as a traceback."""


class ReportgenError(Exception):
    """A problem the user can fix; its text is the whole message, in plain Chinese."""


class ProfileError(ReportgenError):
    """The county profile is missing or invalid."""


class InputUnreadable(ReportgenError):
    """An input file cannot be read at all: missing, not a spreadsheet, encrypted or empty."""


class OutputExists(ReportgenError):
    """An output would overwrite an existing file and ``--force`` was not given."""
