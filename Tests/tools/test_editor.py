"""Editor files and the man page agree with gd's own tables.

The TextMate grammar and the Vim syntax file must name every command, option
keyword, option word, built-in and constant that `gd --vocabulary` reads from
the tables gd runs on, and nothing else; Vim (when installed) must highlight
each. `gd --manual` must be a man page with a section for every help topic.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GD = os.path.abspath(os.environ.get("GD", os.path.join(ROOT, ".build", "debug", "gd")))
GRAMMAR = os.path.join(ROOT, "editor", "vscode", "syntaxes", "gd.tmLanguage.json")
VIM = os.path.join(ROOT, "editor", "vim", "syntax", "gd.vim")
# Vocabulary kind → (grammar repository entry, Vim group), in the order that
# decides a word of two kinds (scripts/make-editor-files says why).
KINDS = {
    "commands": ("command", "gdCommand"),
    "functions": ("function", "gdFunction"),
    "constants": ("constant", "gdConstant"),
    "optionKeywords": ("keyword", "gdOption"),
    "optionValues": ("option-value", "gdOptionValue"),
}


def vocabulary():
    """gd's words by kind from its tables, each word under its first kind in KINDS."""
    words = json.loads(subprocess.run([GD, "--vocabulary"], capture_output=True, text=True, check=True).stdout)
    seen = set()
    for kind in KINDS:
        words[kind] = [w for w in words[kind] if w not in seen]
        seen.update(words[kind])
    return words


def python_pattern(oniguruma):
    """The grammar's word patterns in Python's `re` dialect (no \\p{…} classes)."""
    return oniguruma.replace(r"[\p{L}\p{N}_.]", r"[\w.]").replace(r"[\p{L}\p{N}_]", r"\w")


class EditorFileTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.vocabulary = vocabulary()
        with open(GRAMMAR, encoding="utf-8") as f:
            cls.grammar = json.load(f)
        with open(VIM, encoding="utf-8") as f:
            cls.vim = f.read()

    def test_vocabulary_is_not_empty(self):
        self.assertIn("descend", self.vocabulary["commands"])
        self.assertIn("save", self.vocabulary["commands"])
        self.assertIn("rate", self.vocabulary["optionKeywords"])
        self.assertIn("bfgs", self.vocabulary["optionValues"])
        self.assertIn("sigmoid", self.vocabulary["functions"])
        self.assertIn("π", self.vocabulary["constants"])

    def test_grammar_word_lists_are_gds(self):
        for kind, (entry, _) in KINDS.items():
            match = re.search(r"\(\?:(.*?)\)\(\?!", self.grammar["repository"][entry]["match"])
            self.assertEqual(sorted(match.group(1).split("|")), sorted(self.vocabulary[kind]), kind)

    def test_grammar_scopes_each_word_as_its_kind(self):
        order = [p["include"][1:] for p in self.grammar["patterns"]]
        repository = self.grammar["repository"]
        for kind, (entry, _) in KINDS.items():
            for word in self.vocabulary[kind]:
                # The first pattern in order that matches at the word's start wins, as in a TextMate engine.
                winner = next((name for name in order if "match" in repository[name]
                               and re.compile(python_pattern(repository[name]["match"])).match(f"{word}(1)") ), None)
                self.assertEqual(winner, entry, f"{word!r} ({kind})")
        # A field named like a built-in, and a name that only starts with one, are not functions.
        self.assertIsNone(re.compile(python_pattern(repository["function"]["match"])).search("r.sin + sinus + sin_x"))

    def test_vim_word_lists_are_gds(self):
        for kind, (_, group) in KINDS.items():
            listed = re.findall(rf"^syntax keyword {group} (\S+)$", self.vim, re.M)
            listed += re.findall(rf'^syntax match {group} "\\<(\S+)\\>"$', self.vim, re.M)
            self.assertEqual(sorted(listed), sorted(self.vocabulary[kind]), kind)

    @unittest.skipUnless(shutil.which("vim"), "vim is not installed")
    def test_vim_highlights_every_word(self):
        words = [(word, group) for kind, (_, group) in KINDS.items() for word in self.vocabulary[kind]]
        with tempfile.TemporaryDirectory() as folder:
            sample = os.path.join(folder, "sample.gd")
            report = os.path.join(folder, "groups.txt")
            with open(sample, "w", encoding="utf-8") as f:
                f.write("".join(f"{word}\n" for word, _ in words))
            subprocess.run(
                ["vim", "-u", "NONE", "-N", "-es", "--cmd", f"set rtp^={ROOT}/editor/vim", "-c", "syntax on",
                 "-c", "filetype on", "-c", "edit " + sample,
                 "-c", f"call writefile(map(range(1, line('$')), 'synIDattr(synID(v:val, 1, 1), \"name\")'), '{report}')",
                 "-c", "qa!"], timeout=60, capture_output=True)  # vim -es exits 1 here even when all went well
            with open(report, encoding="utf-8") as f:
                groups = f.read().split("\n")
        for (word, group), seen in zip(words, groups):
            self.assertEqual(seen, group, word)

    def test_committed_files_are_generated_ones(self):
        result = subprocess.run([os.path.join(ROOT, "scripts", "make-editor-files"), "--check"],
                                capture_output=True, text=True, env={**os.environ, "GD": GD})
        self.assertEqual(result.returncode, 0, result.stderr)


class ManualTests(unittest.TestCase):
    def test_manual_has_every_help_topic_and_renders(self):
        page = subprocess.run([GD, "--manual"], capture_output=True, text=True, check=True).stdout
        self.assertTrue(page.startswith(".TH GD 1 "))
        reference = subprocess.run([GD, "--reference"], capture_output=True, text=True, check=True).stdout
        topics = re.findall(r"^### `(.+)`$", reference, re.M)
        self.assertGreater(len(topics), 50)
        for topic in topics:
            self.assertIn(f".SS {topic.replace('-', chr(92) + '-')}\n", page)
        if shutil.which("groff"):
            result = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-ww", "-z"], input=page,
                                    capture_output=True, text=True)
            self.assertEqual(result.stderr, "")

    @unittest.skipUnless(shutil.which("groff"), "groff is not installed")
    def test_manual_in_an_ascii_locale_says_so_instead_of_warning(self):
        # man in the C locale formats for ascii, which has no θ or braille.
        page = subprocess.run([GD, "--manual"], capture_output=True, text=True, check=True).stdout
        note = "read it with LANG=C.UTF-8 man gd"
        for device, shows_note in [("ascii", True), ("latin1", True), ("utf8", False)]:
            result = subprocess.run(["groff", "-k", "-man", f"-T{device}"], input=page.encode(), capture_output=True)
            self.assertEqual(result.stderr, b"", device)
            text = result.stdout.decode("utf-8" if device == "utf8" else "latin-1")
            text = " ".join(re.sub(r"\x1b\[[0-9;]*m|.\x08", "", text).split())  # no bold (SGR or overstrike)
            self.assertEqual(note in text, shows_note, device)


if __name__ == "__main__":
    unittest.main()
