"""The gd Jupyter kernel: ipykernel's wrapper-kernel base (as bash_kernel
and octave_kernel use it) around one `gd --kernel` process per notebook.

gd does the work: it runs each cell in one session and answers with MIME
bundles, completions and help (the protocol is described in
Sources/gd/Kernel.swift and kernel/README.md). This file only relays
messages between Jupyter and that process, and turns a kernel interrupt
into SIGINT for gd, which stops the running command and keeps the session,
as Ctrl-C does in a terminal.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import threading

from ipykernel.kernelbase import Kernel

from . import __version__


def find_gd():
    """The gd binary: $GD, else `gd` on PATH, else this checkout's release
    build (kernel/ beside .build/), else an install's (PREFIX/share/gd/kernel
    beside PREFIX/bin/gd)."""
    explicit = os.environ.get("GD")
    if explicit:
        return explicit
    on_path = shutil.which("gd")
    if on_path:
        return on_path
    folder = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for built in [os.path.join(folder, ".build", "release", "gd"), os.path.join(folder, "..", "..", "bin", "gd")]:
        if os.access(built, os.X_OK):
            return os.path.normpath(built)
    raise RuntimeError("gd not found: set GD, put gd on PATH, or build it (scripts/gd builds .build/release/gd)")


class GDProcess:
    """One `gd --kernel` process and a thread that reads its replies.

    Reading in a thread keeps the kernel's main thread waiting on a queue,
    which a KeyboardInterrupt can leave at any moment without losing half a
    line of gd's output.
    """

    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary, "--kernel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.replies = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self.receive()

    def _read(self):
        for line in self.process.stdout:
            self.replies.put(json.loads(line))
        self.replies.put(None)

    def send(self, request):
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()

    def receive(self, timeout=None):
        """The next reply; None when gd has exited. Raises queue.Empty after `timeout` seconds."""
        reply = self.replies.get(timeout=timeout)
        if reply is None:
            raise RuntimeError(f"gd exited (status {self.process.wait()})")
        return reply

    def interrupt(self):
        self.process.send_signal(signal.SIGINT)


class GDKernel(Kernel):
    implementation = "gd_kernel"
    implementation_version = __version__
    language = "gd"
    language_info = {
        "name": "gd",
        "mimetype": "text/x-gd",
        "file_extension": ".gd",
        "pygments_lexer": "text",
    }
    banner = "gd: a shell for learning and exploring gradient descent"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted = False
        self.gd = GDProcess(find_gd())
        self.banner = f"{self.gd.ready.get('version', 'gd')}: a shell for learning and exploring gradient descent"

    def pre_handler_hook(self):
        """ipykernel installs Python's default SIGINT handler around each
        request, so a notebook interrupt raises KeyboardInterrupt wherever
        the kernel happens to be: outside a try it escapes the request,
        which then never gets a reply. Forwarding the signal to gd instead
        leaves the kernel's own code uninterrupted."""
        self.interrupted = False
        self.saved_sigint_handler = signal.signal(signal.SIGINT, self._forward_interrupt)

    def _forward_interrupt(self, signum, frame):
        # gd stops the running command and answers "done" with the
        # partial result bound, as Ctrl-C does in a terminal.
        self.interrupted = True
        self.gd.interrupt()

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, *, cell_id=None):
        self.gd.send({"type": "execute", "code": code, "name": f"In[{self.execution_count}]"})
        while True:
            try:
                # Once interrupted, repeat SIGINT each second: one that lands
                # between two statements is cleared when the next starts.
                reply = self.gd.receive(timeout=1.0)
            except queue.Empty:
                if self.interrupted:
                    self.gd.interrupt()
                continue
            kind = reply.get("type")
            if kind == "stream" and not silent:
                self.send_response(self.iopub_socket, "stream", {"name": reply["name"], "text": reply["text"]})
            elif kind == "display" and not silent:
                self.send_response(self.iopub_socket, "display_data", {"data": reply["data"], "metadata": {}})
            elif kind == "done":
                break
        if reply.get("status") == "ok":
            return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        error = {"ename": reply.get("ename", "error"), "evalue": reply.get("evalue", ""), "traceback": reply.get("traceback", [])}
        if not silent:
            self.send_response(self.iopub_socket, "error", error)
        return {"status": "error", "execution_count": self.execution_count, **error}

    def do_complete(self, code, cursor_pos):
        self.gd.send({"type": "complete", "code": code, "cursor": cursor_pos})
        reply = self._reply("complete")
        return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["cursor_start"],
                "cursor_end": reply["cursor_end"], "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        self.gd.send({"type": "inspect", "code": code, "cursor": cursor_pos})
        reply = self._reply("inspect")
        data = {"text/plain": reply["text"]} if reply["found"] else {}
        return {"status": "ok", "found": reply["found"], "data": data, "metadata": {}}

    def do_shutdown(self, restart):
        self.gd.process.stdin.close()
        try:
            self.gd.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.gd.process.kill()
        return {"status": "ok", "restart": restart}

    def _reply(self, kind):
        while True:
            reply = self.gd.receive()
            if reply.get("type") == kind:
                return reply
