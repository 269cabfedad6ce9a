"""A child process spoken to in JSON lines, with a read timeout and its standard-error tail.

``takt env`` is driven through this class: every line it writes on standard
output is one JSON object; standard error is its log, of which the last
4 KB are kept for error messages.
"""

import atexit
import collections
import json
import queue
import subprocess
import sys
import threading
import weakref
from typing import Optional

STDERR_TAIL_BYTES = 4096
_END_OF_OUTPUT = object()

# Children still running, stopped at exit while the threads that read them can
# still run: once the interpreter finalizes, its daemon threads are frozen, and
# closing a pipe one of them is reading aborts Python.
_running: "weakref.WeakSet" = weakref.WeakSet()


@atexit.register
def _stop_running() -> None:
    for process in list(_running):
        process.stop()


class TaktProcessError(RuntimeError):
    """takt exited, closed its output or sent something that breaks the protocol."""


class TaktTimeoutError(TaktProcessError, TimeoutError):
    """takt did not send its next message in time."""


class JsonLinesProcess:
    """A started child process: send and receive one JSON object per line.

    Two daemon threads drain the child's standard output (into a queue, so a
    read can time out) and its standard error (keeping the tail), so the
    child never blocks on a full pipe.
    """

    def __init__(self, command: list, timeout: float, cwd: Optional[str] = None):
        self.command = list(command)
        self.timeout = timeout
        self._lines: "queue.Queue" = queue.Queue()
        self._stderr_tail = collections.deque()
        self._stderr_size = 0
        self._stderr_lock = threading.Lock()
        try:
            self._popen = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
            )
        except OSError as error:
            raise TaktProcessError(f"could not start {self.command[0]}: {error}") from error
        self._stdout_thread = threading.Thread(target=self._drain_stdout, daemon=True)
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stdout_thread.start()
        self._stderr_thread.start()
        _running.add(self)

    @property
    def pid(self) -> int:
        return self._popen.pid

    def running(self) -> bool:
        """True while the child has not exited."""
        return self._popen.poll() is None

    def send(self, message: dict) -> None:
        """Write one JSON object as a line; a child that has gone raises TaktProcessError."""
        data = (json.dumps(message, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            self._popen.stdin.write(data)
            self._popen.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            raise self._died_error("while takt was sent " + json.dumps(message)) from None

    def receive(self) -> dict:
        """Read the next JSON object, waiting at most ``timeout`` seconds."""
        try:
            line = self._lines.get(timeout=self.timeout)
        except queue.Empty:
            self.stop()
            raise TaktTimeoutError(
                f"takt sent nothing for {self.timeout:g} s; it was stopped.{self._stderr_section()}"
            ) from None
        if line is _END_OF_OUTPUT:
            raise self._died_error("while a message was awaited")
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            message = None
        if not isinstance(message, dict):
            self.stop()
            raise TaktProcessError(
                f"takt sent a line that is not a JSON object: {line[:200]!r}{self._stderr_section()}"
            )
        return message

    def finish(self) -> Optional[int]:
        """Close the child's input and wait up to ``timeout`` for it to exit (then kill it)."""
        self._close_stdin()
        try:
            return self._popen.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return self.stop()

    def stop(self) -> Optional[int]:
        """End the child now (SIGKILL if needed) and reap it."""
        _running.discard(self)
        if sys.is_finalizing():
            # Too late to join the reading threads or close their pipes (see _running): only end the child.
            if self._popen.poll() is None:
                self._popen.kill()
            return self._popen.poll()
        self._close_stdin()
        if self._popen.poll() is None:
            self._popen.kill()
        code = self._popen.wait()
        for stream, thread in ((self._popen.stdout, self._stdout_thread), (self._popen.stderr, self._stderr_thread)):
            thread.join(timeout=1)
            if not thread.is_alive():  # a thread still reading keeps its pipe (closed with the process)
                stream.close()
        return code

    def stderr_tail(self) -> str:
        """The last 4 KB the child wrote on standard error."""
        with self._stderr_lock:
            data = b"".join(self._stderr_tail)
        return data[-STDERR_TAIL_BYTES:].decode("utf-8", errors="replace")

    def _died_error(self, when: str) -> TaktProcessError:
        try:
            code = self._popen.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._popen.kill()
            code = self._popen.wait()
        self._stderr_thread.join(timeout=2)
        return TaktProcessError(
            f"takt exited with code {code} {when} ({' '.join(self.command)}){self._stderr_section()}"
        )

    def _stderr_section(self) -> str:
        tail = self.stderr_tail().strip()
        return f"\ntakt's standard error (last {STDERR_TAIL_BYTES} bytes):\n{tail}" if tail else ""

    def _close_stdin(self) -> None:
        try:
            self._popen.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def _drain_stdout(self) -> None:
        for line in self._popen.stdout:
            self._lines.put(line.decode("utf-8", errors="replace"))
        self._lines.put(_END_OF_OUTPUT)

    def _drain_stderr(self) -> None:
        while True:
            chunk = self._popen.stderr.read1(STDERR_TAIL_BYTES)
            if not chunk:
                return
            with self._stderr_lock:
                self._stderr_tail.append(chunk)
                self._stderr_size += len(chunk)
                while self._stderr_size - len(self._stderr_tail[0]) >= STDERR_TAIL_BYTES:
                    self._stderr_size -= len(self._stderr_tail.popleft())
