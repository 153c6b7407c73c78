"""scripts/package lays out a package and its install script puts it under a
prefix: the binary, the man page, completions, the kernel, the editor files
and the tour, with help's examples finding their data from the install.

(The release build with --static-swift-stdlib takes minutes, so this lays out
the debug binary under test; the package's own build is checked on a clean
Debian chroot without Swift by scripts/check-package, run by hand: it needs
root, Debian's mirror and minutes.)
"""
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GD = os.path.abspath(os.environ.get("GD", os.path.join(ROOT, ".build", "debug", "gd")))


class InstallTests(unittest.TestCase):
    def test_package_installs_under_a_prefix(self):
        with tempfile.TemporaryDirectory() as folder:
            stage = os.path.join(folder, "stage")
            prefix = os.path.join(folder, "prefix")
            env = {**os.environ, "GD_PACKAGE_BINARY": GD, "GD_PACKAGE_STAGE": stage}
            subprocess.run([os.path.join(ROOT, "scripts", "package"), "--stage"], env=env, check=True, capture_output=True)
            result = subprocess.run([os.path.join(stage, "install"), "--prefix", prefix], check=True, capture_output=True, text=True)
            self.assertIn("installed gd under", result.stdout)
            for path in ["bin/gd", "share/man/man1/gd.1", "share/bash-completion/completions/gd",
                         "share/zsh/site-functions/_gd", "share/fish/vendor_completions.d/gd.fish",
                         "share/gd/kernel/gd_kernel/kernel.py", "share/gd/scripts/install-kernel",
                         "share/vim/vimfiles/syntax/gd.vim", "share/gd/editor/vscode/package.json",
                         "share/gd/scripts/tour.gd", "share/gd/scripts/data/tips.csv", "share/gd/notebooks/tour.ipynb"]:
                self.assertTrue(os.path.isfile(os.path.join(prefix, path)), path)
            installed = os.path.join(prefix, "bin", "gd")
            self.assertTrue(subprocess.run([installed, "--version"], capture_output=True, text=True).stdout.startswith("gd "))
            # help's examples load data/tips.csv from PREFIX/share/gd/scripts, whatever the working folder.
            help_load = subprocess.run([installed, "-e", "help load"], capture_output=True, text=True, cwd=folder)
            self.assertNotIn("error", help_load.stdout + help_load.stderr)
            self.assertIn("> rows(tips)\n  244\n", help_load.stdout)
            with open(os.path.join(prefix, "share", "man", "man1", "gd.1")) as f:
                self.assertTrue(f.read().startswith(".TH GD 1"))
            with open(os.path.join(prefix, "share", "bash-completion", "completions", "gd")) as f:
                self.assertIn("_gd", f.read())


    def test_the_launcher_runs_the_build_for_this_cpu(self):
        """bin/gd runs libexec/gd/gd-avx2-fma where the CPU has AVX2 and FMA,
        else gd-baseline; GD_VARIANT picks by hand; without the faster build
        it runs the baseline. (Stand-in builds that say who they are.)"""
        with tempfile.TemporaryDirectory() as folder:
            stage = os.path.join(folder, "stage")
            env = {**os.environ, "GD_PACKAGE_BINARY": GD, "GD_PACKAGE_STAGE": stage}
            subprocess.run([os.path.join(ROOT, "scripts", "package"), "--stage"], env=env, check=True, capture_output=True)
            libexec = os.path.join(stage, "libexec", "gd")
            self.assertTrue(os.path.isfile(os.path.join(libexec, "gd-baseline")))
            for variant in ["baseline", "avx2-fma"]:
                with open(os.path.join(libexec, "gd-" + variant), "w") as f:
                    f.write(f'#!/bin/sh\necho {variant} "$0" "$@"\n')
                os.chmod(os.path.join(libexec, "gd-" + variant), 0o755)
            launcher = os.path.join(stage, "bin", "gd")

            def run(variant=None):
                launcher_env = {k: v for k, v in os.environ.items() if k != "GD_VARIANT"}
                if variant is not None:
                    launcher_env["GD_VARIANT"] = variant
                return subprocess.run([launcher, "-e", "1 + 1"], env=launcher_env, capture_output=True, text=True)

            with open("/proc/cpuinfo") as f:
                flags = next(line for line in f if line.startswith("flags")).split()
            expected = "avx2-fma" if os.uname().machine == "x86_64" and "avx2" in flags and "fma" in flags else "baseline"
            self.assertEqual(run().stdout.split()[0], expected)
            self.assertEqual(run("baseline").stdout.split()[0], "baseline")
            self.assertEqual(run("avx2-fma").stdout.split()[0], "avx2-fma")
            self.assertEqual(run().stdout.split()[2:], ["-e", "1", "+", "1"])
            bad = run("avx512")
            self.assertEqual(bad.returncode, 2)
            self.assertIn("GD_VARIANT", bad.stderr)
            os.remove(os.path.join(libexec, "gd-avx2-fma"))
            self.assertEqual(run("avx2-fma").stdout.split()[0], "baseline")


if __name__ == "__main__":
    unittest.main()
