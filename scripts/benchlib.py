"""What the benchmark scripts share: building a product of this package in
release and finding its binary. Import it from a script in scripts/."""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binary(product, build=True):
    """The path of `product` built with `swift build -c release` and this
    machine's flags (scripts/release-flags, as scripts/gd builds; set
    GD_VARIANT=baseline to measure the portable build); with build=False the
    existing build is used as it is. A build that fails because a file
    changed under it (someone editing) is retried."""
    if build:
        flags = subprocess.run([os.path.join(ROOT, "scripts", "release-flags")],
                               capture_output=True, text=True, check=True).stdout.split()
        for attempt in range(10):
            p = subprocess.run(["swift", "build", "-c", "release", *flags, "--product", product, "--package-path", ROOT],
                               capture_output=True, text=True)
            if p.returncode == 0:
                break
            if "modified during the build" in p.stdout + p.stderr and attempt < 9:
                time.sleep(5)
                continue
            sys.exit("swift build failed:\n" + p.stdout[-3000:] + p.stderr[-3000:])
    return os.path.join(ROOT, ".build", "release", product)
