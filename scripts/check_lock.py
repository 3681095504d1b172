"""Fail when the installed packages do not satisfy pyproject.toml: a lock that fell behind it.

`make` installs every dependency from requirements-dev.lock and then the project with --no-deps,
so a requirement added to pyproject.toml and not yet locked would go unnoticed until an import
failed (`pip check` looks at no extra). This walks the project's requirements, with the extras
named, and the requirements of each (with the extras asked of it), and names every one that is
not installed or installed at a version outside its bounds.

    python scripts/check_lock.py dialogue-registry dev
"""

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def unmet(project: str, extras: frozenset[str]) -> list[str]:
    problems = []
    seen = set()
    todo = [(project, extras)]
    while todo:
        name, wanted = todo.pop()
        if (canonicalize_name(name), wanted) in seen:
            continue
        seen.add((canonicalize_name(name), wanted))
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": extra}) for extra in {"", *wanted}):
                continue
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                problems.append(f"{name} requires {requirement}: not installed")
                continue
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{name} requires {requirement}: {version} is installed")
                continue
            todo.append((requirement.name, frozenset(requirement.extras)))
    return problems


if __name__ == "__main__":
    project, *extras = sys.argv[1:]
    problems = unmet(project, frozenset(extras))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit("The lock files are behind pyproject.toml: run `make lock`, then install again.")
