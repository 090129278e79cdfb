"""The pytest fixtures genvid ships for its users' own tests (``genvid_emulator``, ``genvid_emulator_env``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

USER_TESTS = textwrap.dedent(
    """
    import os
    import genvid

    def test_generate_against_the_fixture(genvid_emulator):
        client = genvid.Client(emulator=genvid_emulator.urls.root)
        assert client.generate("decart:lucy-pro-t2i", prompt="x").read()[:4] == b"\\x89PNG"

    def test_env_points_official_sdks_here(genvid_emulator_env):
        assert os.environ["LUMAAI_BASE_URL"] == genvid_emulator_env.urls.luma
        assert os.environ["FAL_QUEUE_RUN_HOST"].endswith("/fal")
        client = genvid.Client(emulator=os.environ["GENVID_EMULATOR_URL"])
        assert client.submit("luma:ray-2", prompt="a teddy bear").id.startswith("luma:ray-2:")
    """
)


def test_users_get_working_fixtures(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "genvid_emulator.pytest_plugin",
                           "-p", "no:cacheprovider", str(tmp_path)], capture_output=True, text=True, timeout=120,
                          env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 passed" in proc.stdout
