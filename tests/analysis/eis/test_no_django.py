"""The early-intervention analysis runs where Django is not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_eis_package_imports_and_loads_its_rules_without_django() -> None:
    code = (
        "import sys; import forcewatch.analysis.eis as eis; "
        "import forcewatch.analysis.eis.dataset, forcewatch.analysis.eis.report; "
        "assert eis.load_thresholds().rules; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules "
        "if m.startswith('django'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
