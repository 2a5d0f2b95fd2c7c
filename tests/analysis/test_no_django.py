"""The analysis package runs where Django is not: it never imports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_analysis_package_imports_without_django() -> None:
    code = (
        "import sys, forcewatch.analysis.counts, forcewatch.analysis.backends; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules "
        "if m.startswith('django'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
