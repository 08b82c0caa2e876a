"""Says hello from inside the container and shows what each experiment received."""

import argparse
import platform
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Print a greeting, the arguments received and the Python version.")
    parser.add_argument("--name", default="world", help="who to greet (default: world)")
    parser.add_argument("--repeat", type=int, default=1, help="how many times to greet (default: 1)")
    args = parser.parse_args(argv)
    for _ in range(args.repeat):
        print(f"Hello, {args.name}!")
    print(f"argv: {argv}")
    print(f"python: {platform.python_version()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
