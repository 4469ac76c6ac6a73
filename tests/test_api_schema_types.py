"""The frontend's generated API types match the backend's OpenAPI schema.

`frontend/src/lib/api-schema.d.ts` is generated (`make schema`) and committed; the feature types
derive from it. This regenerates it into a temporary directory the same way and fails when the
committed file differs, so a serializer change cannot leave the frontend typed against an old API.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
COMMITTED = FRONTEND / "src" / "lib" / "api-schema.d.ts"

pytestmark = pytest.mark.skipif(
    not (FRONTEND / "node_modules" / "openapi-typescript").is_dir(),
    reason="frontend/node_modules (with openapi-typescript) is missing: run `make install` or `make test`",
)


def run(command: list[str], *, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=180, check=False)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}", pytrace=False)


def test_generated_api_types_match_the_openapi_schema(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH")
    schema = tmp_path / "openapi.yaml"
    generated = tmp_path / "api-schema.d.ts"

    # A fresh process, as `make schema` runs it: the schema is what the settings and URLconf
    # produce, untouched by anything the test session has patched. It reads no data.
    run([sys.executable, str(ROOT / "backend" / "manage.py"), "spectacular", "--file", str(schema)], cwd=ROOT)
    # The frontend's own script (and so its pinned openapi-typescript and options, header included).
    run([npm, "run", "--silent", "schema:types", "--", str(schema), str(generated)], cwd=FRONTEND)

    expected = generated.read_text(encoding="utf-8")
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if committed != expected:
        diff = difflib.unified_diff(
            committed.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile="frontend/src/lib/api-schema.d.ts (committed)",
            tofile="generated from the current OpenAPI schema",
            n=2,
        )
        excerpt = "".join(list(diff)[:80])
        pytest.fail(
            "frontend/src/lib/api-schema.d.ts is out of date with the API's OpenAPI schema: "
            f"run `make schema` and commit the result.\n\n{excerpt}",
            pytrace=False,
        )
