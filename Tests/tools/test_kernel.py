"""The Jupyter kernel, end to end: scripts/install-kernel registers it in a
scratch Jupyter data folder, then notebooks run through the real kernel
(kernel/gd_kernel around `gd --kernel`) headless, with nbclient and
jupyter_client, and their outputs are checked.

Run by scripts/test (python3 -m unittest discover Tests/tools) with $GD set to
the binary under test; scripts/test installs jupyter_client, nbclient and
ipykernel with pip when they are missing.
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import unittest

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Absolute: the kernel runs in the notebook's folder.
os.environ["GD"] = os.path.abspath(os.environ.get("GD", os.path.join(ROOT, ".build", "debug", "gd")))


def setUpModule():
    global scratch
    scratch = tempfile.TemporaryDirectory()
    os.environ["JUPYTER_DATA_DIR"] = scratch.name
    subprocess.run([os.path.join(ROOT, "scripts", "install-kernel")], check=True, capture_output=True,
                   env={**os.environ, "PYTHON": sys.executable})


def tearDownModule():
    scratch.cleanup()


def run_notebook(sources, cwd=ROOT):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(notebook, kernel_name="gd", timeout=60, allow_errors=True,
                   resources={"metadata": {"path": cwd}}).execute()
    return notebook.cells


def data(cell, mime):
    """The cell's outputs of one MIME type, in order."""
    return [output["data"][mime] for output in cell.outputs
            if output["output_type"] == "display_data" and mime in output["data"]]


class NotebookTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cells = run_notebook([
            "f(x) = (x - 2)^2\nf(5)",
            "diff(x^3*sin(x), x)",
            "plot sin, cos from 0 to 2pi",
            "D = table(x = [2, 3, 5, 8], y = [3, 6, 5, 12])\nD",
            "f(1)\nsqrt(1, 2)\nf(3)",
            "f(4) + 1",
            "compare descend f from 5 rate 0.1, 0.5 steps 5",
        ])

    def test_a_number_displays_as_text(self):
        self.assertEqual(data(self.cells[0], "text/plain"), ["9"])

    def test_a_derivative_displays_as_latex(self):
        self.assertEqual(data(self.cells[1], "text/latex"), [r"$x^{2} \left(x \cos\left(x\right) + 3 \sin\left(x\right)\right)$"])
        self.assertEqual(data(self.cells[1], "text/plain"), ["x^2*(x*cos(x) + 3*sin(x))"])

    def test_a_plot_displays_as_svg(self):
        [svg] = data(self.cells[2], "image/svg+xml")
        self.assertTrue(svg.startswith("<?xml"), svg[:80])
        self.assertIn("<svg", svg)
        self.assertIn("<polyline", svg)
        # The text plot rides along for front ends without SVG.
        [text] = data(self.cells[2], "text/plain")
        self.assertTrue(any(0x2801 <= ord(c) <= 0x28FF for c in text), text)

    def test_a_table_displays_as_html(self):
        [html] = data(self.cells[3], "text/html")
        self.assertIn("<th>x</th><th>y</th>", html)
        self.assertIn("<tr><th>3</th><td>8</td><td>12</td></tr>", html)

    def test_an_error_is_a_jupyter_error_with_the_caret_and_stops_the_cell(self):
        cell = self.cells[4]
        self.assertEqual(data(cell, "text/plain"), ["1"])  # f(1) ran; f(3) did not
        [error] = [o for o in cell.outputs if o["output_type"] == "error"]
        self.assertEqual(error["ename"], "wrongArgumentCount")
        traceback = "\n".join(error["traceback"])
        self.assertIn("In[5]:2:1: error:", traceback)
        self.assertIn("sqrt(1, 2)\n^", traceback)

    def test_the_session_outlives_an_error(self):
        self.assertEqual(data(self.cells[5], "text/plain"), ["5"])

    def test_a_comparisons_loss_curves_display_as_svg_between_its_text(self):
        cell = self.cells[6]
        kinds = [o["output_type"] for o in cell.outputs]
        self.assertEqual(kinds, ["stream", "display_data", "stream"])
        self.assertTrue(cell.outputs[0]["text"].startswith("rate  final loss"), cell.outputs[0]["text"])
        [svg] = data(cell, "image/svg+xml")
        self.assertIn("<polyline", svg)
        self.assertIn("rate 0.5", svg)  # the legend
        self.assertTrue(cell.outputs[2]["text"].startswith("rate 0.1: "), cell.outputs[2]["text"])


class KernelClientTests(unittest.TestCase):
    """Interrupt, completion and inspection, through jupyter_client."""

    @classmethod
    def setUpClass(cls):
        cls.manager, cls.client = start_new_kernel(kernel_name="gd")

    @classmethod
    def tearDownClass(cls):
        cls.client.stop_channels()
        cls.manager.shutdown_kernel(now=True)

    def execute(self, code):
        """Runs a cell; returns its reply's content and its display_data texts."""
        texts = []
        reply = self.client.execute_interactive(
            code, timeout=60,
            output_hook=lambda m: m["msg_type"] == "display_data" and texts.append(m["content"]["data"]["text/plain"]))
        return reply["content"], texts

    def test_interrupt_stops_a_command_and_keeps_the_session(self):
        self.execute("a = 42\nD = table(x = rand(100000, 1), y = rand(100000, 2))\nloss(θ) = (y - θ*x)^2")
        # An SGD run of hours: only the interrupt can end it.
        # stop_on_error=False: the next cell is sent at once, and Jupyter
        # would otherwise abort it as queued behind a failed one.
        message_id = self.client.execute('"started"\nr = sgd loss on D from 0 epochs 100000', stop_on_error=False)
        while True:
            message = self.client.get_iopub_msg(timeout=60)
            if message["parent_header"].get("msg_id") == message_id and message["msg_type"] == "display_data":
                self.assertEqual(message["content"]["data"]["text/plain"], "started")
                break
        self.manager.interrupt_kernel()
        reply = self.reply(message_id)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "interrupted")
        self.assertIn("interrupted", "\n".join(reply["traceback"]))
        # The session lives on. (Whether sgd had started, binding its partial
        # result to r, depends on when the signal landed: not checked.)
        content, texts = self.execute("a + 1")
        self.assertEqual(content["status"], "ok")
        self.assertEqual(texts, ["43"])

    def test_interrupt_while_relaying_output_still_answers(self):
        # Most of this cell's time is the kernel relaying displays to
        # Jupyter, so the interrupt lands in the kernel's own code, not in
        # gd. The request must still get its reply (once it did not: the
        # KeyboardInterrupt escaped the request) and the session live on.
        message_id = self.client.execute("b = 7\n" + "b\n" * 20000, stop_on_error=False)
        while True:
            message = self.client.get_iopub_msg(timeout=60)
            if message["parent_header"].get("msg_id") == message_id and message["msg_type"] == "display_data":
                break
        self.manager.interrupt_kernel()
        self.assertIn(self.reply(message_id)["status"], ["ok", "error"])
        content, texts = self.execute("b + 1")
        self.assertEqual(content["status"], "ok")
        self.assertEqual(texts, ["8"])

    def reply(self, message_id):
        """The shell reply to one request (skipping any other's)."""
        while True:
            message = self.client.get_shell_msg(timeout=30)
            if message["parent_header"].get("msg_id") == message_id:
                return message["content"]

    def test_completion_uses_gds_own(self):
        reply = self.reply(self.client.complete("plot si", 7))
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (5, 7))
        self.assertIn("sin", reply["matches"])
        self.assertEqual(self.reply(self.client.complete("y = \\thet", 9))["matches"], ["θ"])

    def test_inspection_shows_help(self):
        reply = self.reply(self.client.inspect("descend f from 1", 3))
        self.assertTrue(reply["found"])
        self.assertTrue(reply["data"]["text/plain"].startswith("usage: descend F"))


class TourNotebookTests(unittest.TestCase):
    def test_the_tour_notebook_is_the_tour_script(self):
        generated = subprocess.run([os.path.join(ROOT, "scripts", "make-tour-notebook"), "--stdout"],
                                   capture_output=True, text=True, check=True).stdout
        with open(os.path.join(ROOT, "notebooks", "tour.ipynb"), encoding="utf-8") as f:
            self.assertEqual(f.read(), generated, "run scripts/make-tour-notebook")

    def test_the_tour_runs_without_errors(self):
        notebook = nbformat.read(os.path.join(ROOT, "notebooks", "tour.ipynb"), as_version=4)
        NotebookClient(notebook, timeout=60, resources={"metadata": {"path": os.path.join(ROOT, "notebooks")}}).execute()
        # Running it set the kernel's language_info: the committed one is the same.
        committed = nbformat.read(os.path.join(ROOT, "notebooks", "tour.ipynb"), as_version=4)
        self.assertEqual(committed.metadata.language_info, notebook.metadata.language_info)
        outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
        self.assertFalse([o for o in outputs if o["output_type"] == "error"])
        self.assertTrue(any("image/svg+xml" in o.get("data", {}) for o in outputs))
        self.assertTrue(any("text/html" in o.get("data", {}) for o in outputs))


if __name__ == "__main__":
    unittest.main()
