#!/usr/bin/env bash
# Recompile the hash-pinned locks from pyproject.toml (the only place dependencies are named):
#   requirements/runtime.txt   [project.dependencies]          (the Docker image, `blendbot chat`)
#   requirements/test.txt      the same pins plus the `test` and `agents` extras (the test
#                              command, CI: the Teams tests run on both Teams adapters)
#
#   requirements/compile.sh                          add/remove what pyproject.toml changed,
#                                                    keep every other pin as it is
#   requirements/compile.sh --upgrade                move everything to the newest allowed
#   requirements/compile.sh --upgrade-package NAME   move one package
#
# The resolver (uv, at a pinned version) lives in a throw-away venv, never in the project's.
# The lock is universal (any OS, Python >= 3.11) and lists the hashes of every file on PyPI
# for each pinned version, so `pip install --require-hashes` accepts nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
tool="$(mktemp -d)"
trap 'rm -rf "$tool"' EXIT
python3 -m venv "$tool"
"$tool/bin/pip" install -q --disable-pip-version-check "uv==$UV_VERSION"

compile=("$tool/bin/uv" pip compile pyproject.toml --quiet --universal --python-version 3.11
         --generate-hashes
         --custom-compile-command "requirements/compile.sh")
"${compile[@]}" "$@" -o requirements/runtime.txt
# The test lock is constrained by the runtime lock: tests run the versions production runs.
"${compile[@]}" "$@" --extra test --extra agents --constraint requirements/runtime.txt \
    -o requirements/test.txt
