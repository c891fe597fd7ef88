"""`culturesim dashboard`: serve sim.viz.app with Solara on 127.0.0.1, telemetry off.

The command becomes the server (exec of ``python -m sim.viz.serve run sim.viz.app``: Solara's own
command line, in this process, so Ctrl-C and SIGTERM reach it and no orphan is left), in
production mode (no file watching). Its JS and CSS come from the installed solara-assets, so it
works offline. While Solara starts, a background thread builds and draws the default organization
(``sim.viz.spare.SPARE``): the first visitor's page then only has to send it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HOST = "127.0.0.1"  # never listen beyond this machine


def command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sim.viz.serve",
        "run",
        "sim.viz.app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--log-level",
        "warning",
    ]


# Solara warns (13 lines, every page load) that a cookie cannot be samesite=none over plain http
# unless the host is "localhost"; it then uses samesite=lax, which is right for a page on 127.0.0.1.
QUIET = "ignore:Cookies with samesite=none require https:UserWarning"


# No "This website runs on Solara" badge over the page; a closed tab's session (its models and figures)
# freed 20 s after its connection went (Solara keeps it 24 h by default: a class would never give
# memory back); a page that reconnects within that time keeps its run.
SESSION_SETTINGS = {"SOLARA_THEME_SHOW_BANNER": "False", "SOLARA_KERNEL_CULL_TIMEOUT": "20s"}
# glibc's allocator, read when the server starts: blocks of 64 kB and more (figure canvases, pictures,
# model arrays) in their own mappings, returned to the system when freed (by default the threshold
# rises to 32 MB after the first free and they stay in the heap, between smaller live blocks); two
# arenas instead of one per thread. Measured with benchmarks/dashboard_class.py: 30 pages at load 12-15,
# memory held after the class 263 -> 212 MB, at its peak 966 -> 910 MB (benchmarks/README.md).
ALLOCATOR_SETTINGS = {"MALLOC_MMAP_THRESHOLD_": "65536", "MALLOC_ARENA_MAX": "2"}
# Each message to the browser written to its socket by the thread that renders it (Solara's own option)
# instead of handed to the server's event loop and waited for: on a loaded machine each hand-over
# took 40-250 ms (every thread waits for its turn on the CPU), a month's 16 messages 1-1.5 s, and a
# Pause click's render waited behind them (benchmarks/README.md, "Pause on a loaded machine"). It
# needs uvicorn's `websockets` protocol (``main`` picks it); elsewhere Solara logs one line and uses
# its default way.
SEND_SETTINGS = {"SOLARA_SERVER_SYNC_WS_WRITE": "true"}
UVICORN_WEBSOCKETS = "websockets"


def environment() -> dict[str, str]:
    """The parent's environment, telemetry off, Solara's cookie warning off, this checkout's sim importable."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    warnings = ",".join(w for w in (os.environ.get("PYTHONWARNINGS", ""), QUIET) if w)
    return {
        **os.environ,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "PYTHONPATH": path,
        "PYTHONWARNINGS": warnings,
        **SESSION_SETTINGS,
        **SEND_SETTINGS,
        **{k: v for k, v in ALLOCATOR_SETTINGS.items() if k not in os.environ},  # a user's own setting wins
    }


def main() -> None:
    """``python -m sim.viz.serve run APP ...``: Solara's command line, the first page prepared beside it."""
    from .spare import SPARE

    SPARE.prepare_in_background()
    use_websockets_protocol()
    from solara.__main__ import main as solara_main

    solara_main()


def use_websockets_protocol() -> None:
    """uvicorn's `websockets` protocol for Solara's server (its command line has no option for it), on
    which Solara writes each message from the rendering thread (``SEND_SETTINGS``).

    uvicorn warns that it will make this name mean its newer protocol one day: then Solara finds no
    such writer, says so once in the log and sends as before (slower on a loaded machine, still correct).
    """
    import warnings

    import uvicorn

    warnings.filterwarnings("ignore", message="The `websockets` implementation is deprecated", category=UserWarning)

    class Config(uvicorn.Config):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("ws", UVICORN_WEBSOCKETS)
            super().__init__(*args, **kwargs)

    uvicorn.Config = Config  # type: ignore[misc]  # solara.__main__ builds uvicorn.Config(**its options)


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be 1..65535, got {port}")
    return port


def _dashboard(args) -> int:
    try:
        import solara  # noqa: F401
        import solara_assets  # noqa: F401
    except ImportError as e:
        print(
            f"culturesim dashboard: {e.name} is not installed; install with: pip install -e '.[dashboard]'",
            file=sys.stderr,
        )
        return 2
    print(f"culturesim dashboard on http://{HOST}:{args.port} (Ctrl-C stops it)", flush=True)
    argv = command(args.port)
    os.execve(argv[0], argv, environment())  # become the server: signals reach it directly


def register(subparsers) -> None:
    p = subparsers.add_parser("dashboard", help="serve the educator's browser dashboard on 127.0.0.1")
    p.add_argument("--port", type=_port, default=8765, help="port on 127.0.0.1 (default 8765)")
    p.set_defaults(func=_dashboard)


if __name__ == "__main__":
    main()
