"""The releases of CHANGELOG.md, for the release workflow and the template's tests.

Each release is a heading ``## <version> — <date>``, the newest first; its version is the git
tag that `copier update` moves generated projects to (PEP 440).

    python hooks/changelog.py top             # the newest version
    python hooks/changelog.py notes VERSION   # that release's section, without its heading

Standard library only: the release workflow runs it with the runner's own Python.
"""

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).parents[1] / "CHANGELOG.md"
HEADING = re.compile(r"^## (\S+) — (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def releases(text: str) -> list[tuple[str, str]]:
    """(version, date) of every release, in the order of the file."""
    return HEADING.findall(text)


def notes(text: str, version: str) -> str:
    """The body of ``version``'s section: from below its heading to the next release heading."""
    headings = list(HEADING.finditer(text))
    for index, heading in enumerate(headings):
        if heading.group(1) == version:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
            return text[heading.end() : end].strip() + "\n"
    raise KeyError(f"CHANGELOG.md has no release {version}")


def main(arguments: list[str]) -> int:
    text = CHANGELOG.read_text(encoding="utf-8")
    if arguments == ["top"]:
        print(releases(text)[0][0])
    elif len(arguments) == 2 and arguments[0] == "notes":
        try:
            sys.stdout.write(notes(text, arguments[1]))
        except KeyError as missing:
            print(missing.args[0], file=sys.stderr)
            return 1
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
