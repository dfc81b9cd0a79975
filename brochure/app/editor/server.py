"""``brochure serve``: the editor on uvicorn, loopback by default.

uvicorn stops cleanly on Ctrl-C or SIGTERM: requests in progress finish, the
builder thread ends after the render in progress, and the warm engine's
temporary folder is removed.
"""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from typing import TextIO

from ...project import Project
from .web import Settings, create_app


def serve(project: Project, host: str, port: int, out: TextIO, open_browser: bool = True) -> int:
    import uvicorn

    app = create_app(project, Settings(host=host, port=port))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    print(f"編集画面: {url}  （終了は Ctrl-C）", file=out)
    print(f"editor: {url}  (Ctrl-C stops it)", file=out)
    out.flush()
    if open_browser and _has_display():
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on",
                            server_header=False, proxy_headers=False)
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass    # uvicorn raises the signal again once it has shut down: the stop asked for, done cleanly
    print("編集画面を終了しました / editor stopped", file=out)
    return 0


def _has_display() -> bool:
    """A browser can open: a desktop session (not a server or CI, where webbrowser would start a
    text browser in the terminal)."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
