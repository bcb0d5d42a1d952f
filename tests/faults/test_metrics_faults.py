"""A metrics file that cannot be created (the shared directory not writable, the disk
full) loses the count, never the work: the webhook still answers, the job still runs,
the worker does not quit. In a fresh process, as prometheus_client picks its file
directory when a process first counts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime
    from aduan import metrics
    os.environ[metrics.MULTIPROC_ENV] = sys.argv[1] + "/gone"  # files cannot be created
    try:
        metrics.JOBS.labels("q", "raw", "ok").inc()
    except OSError:
        print("raw raises")
    metrics.webhook_answered("telegram", 200, 0.01)
    metrics.webhook_answered("telegram", 200, 0.01)  # said once a minute, not each time
    metrics.job_done("intake", "process_event", "ok", 0.1, datetime.now(UTC))
    metrics.routed("complaint", "rule", "routed")
    metrics.send_failed("sms", "transient", False)
    print("work went on")
    """
)


def test_an_unwritable_metrics_directory_loses_counts_not_work(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["raw raises", "work went on"]
    assert "not recorded" in done.stderr
    assert done.stderr.count("metric webhook_answered not recorded") == 1
