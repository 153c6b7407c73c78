"""`gd --transcript FILE`: what was typed and printed, in plain UTF-8.

An interactive session is driven in tmux (a real terminal: libedit, colour,
Tab completion, Ctrl-C) and its transcript is compared, line by line, with
the screen tmux shows. A script's transcript is its lines as if typed,
each before its output. Run by scripts/test with $GD set to the binary.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GD = os.path.abspath(os.environ.get("GD", os.path.join(ROOT, ".build", "debug", "gd")))
PROMPTS = ("gd> ", "... ")


class ScriptTranscriptTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)

    def run_gd(self, *arguments):
        return subprocess.run([GD, *arguments], cwd=self.folder, capture_output=True, text=True)

    def test_a_scripts_lines_come_before_their_output(self):
        script = os.path.join(self.folder, "lesson.gd")
        with open(script, "w", encoding="utf-8") as f:
            f.write("# Squares.\nf(θ) = (θ - 2)^2\n\nf(3); f'(3)\nv = [1,\n     2]\nv * 2\nnope(1)\nnever = 1\n")
        run = self.run_gd("--transcript", "t.txt", "lesson.gd")
        self.assertEqual(run.returncode, 1)
        with open(os.path.join(self.folder, "t.txt"), encoding="utf-8") as f:
            transcript = f.read()
        self.assertEqual(transcript,
                         "gd> # Squares.\n"
                         "gd> f(θ) = (θ - 2)^2\n"
                         "gd> f(3); f'(3)\n"
                         "2\n"
                         "gd> v = [1,\n"
                         "...      2]\n"
                         "gd> v * 2\n"
                         "[2, 4]\n"
                         "gd> nope(1)\n"
                         "lesson.gd:8:1: error: unknown function 'nope'\n"
                         "nope(1)\n"
                         "^~~~\n")

    def test_without_the_typed_lines_it_is_what_the_terminal_showed(self):
        # The tour: plots, tables, every command. Its transcript, less the
        # typed lines, is its output and errors in the order written.
        tour = os.path.join(ROOT, "scripts", "tour.gd")
        plain = subprocess.run(f"'{GD}' '{tour}' 2>&1", shell=True, capture_output=True, text=True)
        self.assertEqual(plain.returncode, 0, plain.stdout)
        self.run_gd("--transcript", "t.txt", tour)
        with open(os.path.join(self.folder, "t.txt"), encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        self.assertEqual("".join(line for line in lines if not line.startswith(PROMPTS)), plain.stdout)
        typed = [line[4:].rstrip("\n") for line in lines if line.startswith(PROMPTS)]
        with open(tour, encoding="utf-8") as f:
            source = [line.rstrip("\n") for line in f if line.strip()]
        self.assertEqual(typed, source)

    def test_statements_given_with_e_are_typed_too(self):
        run = self.run_gd("-e", "x = 2", "--transcript", "t.txt", "-e", "-x^2")
        self.assertEqual(run.returncode, 0, run.stderr)
        with open(os.path.join(self.folder, "t.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "gd> x = 2\ngd> -x^2\n-4\n")

    def test_a_transcript_that_cannot_be_written_is_a_usage_error(self):
        run = self.run_gd("--transcript", os.path.join(self.folder, "no", "such", "t.txt"), "-e", "1")
        self.assertEqual(run.returncode, 2)
        self.assertIn("cannot write the transcript", run.stderr)
        self.assertEqual(run.stdout, "")


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed (scripts/test installs it)")
class InteractiveTranscriptTests(unittest.TestCase):
    """A session in a tmux terminal 100 columns wide, in colour."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.socket = f"gd-transcript-test-{os.getpid()}"
        self.transcript = os.path.join(self.folder, "session.txt")
        environment = {"HOME": self.folder, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                       "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        command = (" ".join(f"{k}={v}" for k, v in environment.items())
                   + f" '{GD}' --transcript '{self.transcript}'; echo '[gd ended]'; sleep 600")
        self.tmux("new-session", "-d", "-x", "100", "-y", "200", "env -i " + command)
        self.addCleanup(lambda: self.tmux("kill-server", check=False))

    def tmux(self, *arguments, check=True):
        return subprocess.run(["tmux", "-L", self.socket, *arguments], capture_output=True, text=True, check=check).stdout

    def screen(self, escapes=False):
        return self.tmux("capture-pane", "-p", "-J", *(["-e"] if escapes else []), "-S", "-", "-E", "-")

    def wait_for(self, predicate, what):
        # Polls the screen until the session shows what is expected; the
        # limit only keeps a broken build from hanging the suite.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.1)
        self.fail(f"the session never showed {what}:\n{self.screen()}")

    def prompts(self, text):
        return sum(1 for line in text.splitlines() if line.startswith(PROMPTS))

    def type_line(self, keys):
        """Types (the rest of) a line and waits for the next prompt (the statement ran)."""
        before = self.prompts(self.screen())
        self.tmux("send-keys", "-t", "0", "-l", keys)
        self.tmux("send-keys", "-t", "0", "Enter")
        self.wait_for(lambda text: self.prompts(text) > before, f"a prompt after {keys!r}")

    def test_the_transcript_reads_as_the_session_looked(self):
        self.wait_for(lambda text: text.startswith("gd: gradient descent shell"), "the banner")
        self.type_line("f(θ) = (θ - 2)^2  # spaces and θ")
        self.type_line("f'(3)")
        self.type_line("v = [1,")
        self.type_line("2]")
        # Tab completes a built-in's name: the transcript has the whole word.
        self.tmux("send-keys", "-t", "0", "-l", "xs = linsp")
        self.tmux("send-keys", "-t", "0", "Tab")
        self.wait_for(lambda text: text.rstrip().endswith("xs = linspace"), "the completed name")
        self.type_line("(0, 1, 3)")
        self.type_line("nope(1)")
        self.type_line("plot f from 0 to 4")
        # A half-typed line cancelled with Ctrl-C (the tty drops typed-ahead
        # input at an interrupt: wait until the text is on the screen).
        self.tmux("send-keys", "-t", "0", "-l", "abc θ")
        self.wait_for(lambda text: text.rstrip().endswith("gd> abc θ"), "the half-typed line")
        self.tmux("send-keys", "-t", "0", "C-c")
        self.wait_for(lambda text: "abc θ^C" in text, "the cancelled line")
        self.tmux("send-keys", "-t", "0", "C-d")
        shown = self.wait_for(lambda text: "[gd ended]" in text, "the end of the session")
        coloured = self.screen(escapes=True)

        with open(self.transcript, "rb") as f:
            raw = f.read()
        transcript = raw.decode("utf-8")  # plain UTF-8, or this raises
        self.assertNotIn("\x1b", transcript)
        self.assertIn("\x1b[", coloured, "the plot was in colour on the terminal")
        self.assertNotIn("\\040", transcript)
        self.assertIn("gd> f(θ) = (θ - 2)^2  # spaces and θ\n", transcript)
        self.assertIn("gd> xs = linspace(0, 1, 3)\n", transcript)
        self.assertIn("gd> abc θ^C\n", transcript)

        screen_lines = shown.split("[gd ended]")[0].rstrip().splitlines()
        transcript_lines = transcript.rstrip().splitlines()
        self.assertEqual([line.rstrip() for line in transcript_lines], [line.rstrip() for line in screen_lines])


if __name__ == "__main__":
    unittest.main()
