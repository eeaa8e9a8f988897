"""`python -m cookielint`: runs the binary this wheel installed."""

import os
import sys
import sysconfig

EXECUTABLE = "cookielint" + (sysconfig.get_config_var("EXE") or "")


def candidate_script_dirs():
    """Where pip may have put the binary, most likely first.

    The install scheme decides: the environment's own scripts folder (a venv,
    or the system), the per-user scheme of `pip install --user`, and the
    `bin` folder beside the package for `pip install --target`.
    """
    yield sysconfig.get_path("scripts")
    yield sysconfig.get_path("scripts", scheme=user_scheme())
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    yield os.path.join(package_parent, "bin")


def user_scheme():
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    return "nt_user" if os.name == "nt" else "posix_user"


def find_cookielint():
    for directory in candidate_script_dirs():
        path = os.path.join(directory, EXECUTABLE)
        if os.path.isfile(path):
            return path
    searched = ", ".join(candidate_script_dirs())
    raise FileNotFoundError(
        f"the cookielint package is installed but its binary is not in {searched}; "
        "reinstall it with `pip install --force-reinstall cookielint`"
    )


def main():
    try:
        binary = find_cookielint()
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    arguments = [binary, *sys.argv[1:]]
    if os.name == "nt":
        # Windows has no exec: the child's status becomes ours.
        import subprocess

        return subprocess.run(arguments).returncode
    os.execv(binary, arguments)


if __name__ == "__main__":
    sys.exit(main())
