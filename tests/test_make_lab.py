"""`make lab` really starts JupyterLab on the course (headless here)."""

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from utils.config import REPO_ROOT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(importlib.util.find_spec("jupyterlab") is None, reason="JupyterLab is not in this stack")
def test_make_lab_serves_the_course(tmp_path):
    port, token = free_port(), "course-test"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"VENV={sys.prefix}", f"JUPYTER_ARGS={args}"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, readme = time.monotonic() + 120, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/README.md?content=0&token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    readme = json.load(response)
                break
            except OSError:
                time.sleep(1)
        assert readme is not None, "JupyterLab did not answer:\n" + (tmp_path / "lab.log").read_text()[-3000:]
        assert readme["name"] == "README.md", "JupyterLab must serve the course folder"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as response:
            assert response.status == 200
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        log.close()
