"""Open a page in headless Chromium and record every request, over the DevTools protocol.

Chromium's ``--remote-debugging-pipe`` speaks CDP over file descriptors 3 (commands in) and 4
(events out), NUL-separated JSON: no websocket library or port is needed.  The browser is
started offline (``--host-resolver-rules="MAP * ~NOTFOUND"``), so any request to another host
fails and shows up both in ``requests`` and in ``failed``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from gxq_analysis.publish.export import CHROMIUM_FLAGS, find_chromium


@dataclass
class PageLoad:
    requests: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    text: str = ""
    loaded: bool = False


class _Pipe:
    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.w, self.r = write_fd, read_fd
        self.buf = b""
        self.next_id = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def recv(self, deadline: float) -> dict:
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            import select

            ready, _, _ = select.select([self.r], [], [], 0.2)
            if ready:
                chunk = os.read(self.r, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)


def _high_fd(fd: int) -> int:
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)


def open_page(path: Path, *, timeout: float = 60, settle: float = 0.5) -> PageLoad:
    """Load ``path`` (file://) in offline headless Chromium; return what it requested."""
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("chromium")
    result = PageLoad()
    profile = tempfile.mkdtemp(prefix="gxq-cdp-")
    cmd_r, cmd_w = os.pipe()
    evt_r, evt_w = os.pipe()
    hi_cmd_r, hi_evt_w = _high_fd(cmd_r), _high_fd(evt_w)
    os.close(cmd_r)
    os.close(evt_w)
    devnull = os.open(os.devnull, os.O_RDWR)
    argv = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"]
    pid = os.posix_spawn(
        exe,
        argv,
        dict(os.environ),
        file_actions=[
            (os.POSIX_SPAWN_DUP2, hi_cmd_r, 3),
            (os.POSIX_SPAWN_DUP2, hi_evt_w, 4),
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ],
    )
    for fd in (hi_cmd_r, hi_evt_w, devnull):
        os.close(fd)
    pipe = _Pipe(cmd_w, evt_r)
    deadline = time.monotonic() + timeout
    try:

        def call(method, params=None, session=None):
            i = pipe.send(method, params, session)
            while True:
                msg = pipe.recv(deadline)
                handle(msg)
                if msg.get("id") == i:
                    if "error" in msg:
                        raise RuntimeError(f"{method}: {msg['error']}")
                    return msg.get("result", {})

        def handle(msg):
            method, params = msg.get("method"), msg.get("params", {})
            if method == "Network.requestWillBeSent":
                result.requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                result.failed.append((params.get("requestId"), params.get("errorText")))
            elif method == "Page.loadEventFired":
                result.loaded = True
            elif method == "Runtime.exceptionThrown":
                result.console_errors.append(str(params.get("exceptionDetails")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                result.console_errors.append(params["entry"].get("text", ""))

        target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Page", "Runtime", "Log"):
            call(f"{domain}.enable", session=session)
        call("Page.navigate", {"url": Path(path).resolve().as_uri()}, session=session)
        while not result.loaded:
            handle(pipe.recv(deadline))
        # late requests (none expected: the pages have no scripts)
        end = min(deadline, time.monotonic() + settle)
        while True:
            try:
                handle(pipe.recv(end))
            except TimeoutError:
                break
        value = call(
            "Runtime.evaluate",
            {"expression": "document.body.innerText", "returnByValue": True},
            session=session,
        )
        result.text = value.get("result", {}).get("value", "")
        with contextlib.suppress(OSError):
            pipe.send("Browser.close")
    finally:
        os.close(cmd_w)
        os.close(evt_r)
        t_end = time.monotonic() + 10
        while time.monotonic() < t_end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        shutil.rmtree(profile, ignore_errors=True)
    return result
