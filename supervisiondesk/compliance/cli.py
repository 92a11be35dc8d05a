"""`compliance --policy ID_OR_FILE --data DIR --as-of DATE --format json|csv|table`.

The report on a data folder (compliance.md section 7) with no database, no
migration and no environment variables:

    python -m supervisiondesk.compliance.cli --policy southwark-2021 \\
        --data spec/examples/01-month-end/data --as-of 2026-02-27

The Django management command calls `run()` for its `--data` case. Exit
status: 0 for a report, 1 for a data folder or policy file that cannot be
used, 2 for a command line that cannot be understood.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import NoReturn, TextIO

from supervisiondesk.compliance.engine import compliance_report
from supervisiondesk.compliance.folder import FolderError, read_folder
from supervisiondesk.compliance.render import FORMATS, render
from supervisiondesk.policies.policy import PolicyError, list_presets, load_policy

PROG = "compliance"


class UsageError(Exception):
    """A command line that cannot be understood."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `run` owns its streams."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def iso_date(text: str) -> date:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Supervision compliance report on a data folder (spec/compliance.md).",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    parser.add_argument(
        "--policy",
        required=True,
        help=f"a preset ({', '.join(list_presets())}) or a policy file (.yaml, .yml, .json)",
    )
    parser.add_argument("--data", required=True, help="the data folder (CSV files)")
    parser.add_argument("--as-of", required=True, type=iso_date, help="the day of the report")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: table on a terminal, else json)",
    )
    parser.add_argument(
        "--staff",
        help="only the entries involving these staff ids (comma-separated)",
    )
    return parser


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; return its exit status. Writes only to the given streams."""
    if argv[:1] == [PROG]:
        argv = argv[1:]  # `python -m ...cli compliance --policy ...`, as the checker runs it
    parser = make_parser()
    if "-h" in argv or "--help" in argv:
        stdout.write(parser.format_help())
        return 0
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        stderr.write(parser.format_usage())
        stderr.write(f"{PROG}: error: {error}\n")
        return 2
    try:
        policy = load_policy(args.policy)
        dataset = read_folder(args.data)
    except PolicyError as error:
        stderr.write(f"{PROG}: policy {args.policy}:\n{_indented(error)}")
        return 1
    except FolderError as error:
        stderr.write(f"{PROG}: data folder {args.data}:\n{_indented(error)}")
        return 1
    staff_ids = None if args.staff is None else {s.strip() for s in args.staff.split(",")}
    report = compliance_report(dataset, policy, args.as_of, staff_ids=staff_ids)
    fmt = args.format or ("table" if _is_terminal(stdout) else "json")
    stdout.write(render(report, fmt))
    return 0


def _indented(error: Exception) -> str:
    return "".join(f"  {line}\n" for line in str(error).splitlines())


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def main() -> None:
    sys.exit(run(sys.argv[1:], sys.stdout, sys.stderr))


if __name__ == "__main__":
    main()
