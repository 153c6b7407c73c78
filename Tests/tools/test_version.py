"""`gd --version`: the version and the commit the binary was built from.

Run by scripts/test (python3 -m unittest discover Tests/tools) with $GD set
to the binary under test.
"""
import os
import re
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GD = os.path.abspath(os.environ.get("GD", os.path.join(ROOT, ".build", "debug", "gd")))


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True, check=True).stdout


class VersionTests(unittest.TestCase):
    def test_version_names_the_checkouts_commit(self):
        out = subprocess.run([GD, "--version"], capture_output=True, text=True, check=True).stdout
        match = re.fullmatch(r"gd (\d+\.\d+\.\d+) \(commit ([0-9a-f]+)(-dirty)?\)\n", out)
        self.assertIsNotNone(match, out)
        # scripts/write-build-info ran before the build: the commit is HEAD's.
        self.assertTrue(git("rev-parse", "HEAD").startswith(match.group(2)), out)

    def test_source_archive_carries_its_commit(self):
        # `git archive` stamps the commit into archive_commit.h (export-subst),
        # which build_info.c uses when no generated header exists.
        archived = subprocess.run(
            ["git", "-C", ROOT, "archive", "HEAD", "Sources/CBuildInfo/archive_commit.h"],
            capture_output=True, check=True).stdout
        text = subprocess.run(["tar", "-xO"], input=archived, capture_output=True, check=True).stdout.decode()
        short = git("rev-parse", "--short", "HEAD").strip()
        self.assertIn(f'"{short}', text)
        self.assertNotIn("$Format", text)


if __name__ == "__main__":
    unittest.main()
