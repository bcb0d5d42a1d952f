#!/usr/bin/env bash
# The production install, in one place: the Dockerfile runs it, and CI runs it in a clean
# virtualenv so an image that cannot be built here is still proven to install.
#
#   deploy/install.sh /opt/aduan      # creates that virtualenv with Aduan in it
#
# Steps: compile the screens' translations (.po -> .mo), build the production wheel
# (without the sandbox, the tests or the benchmarks), check what is in it, install it
# with its dependencies, and try it from outside the source tree: `aduan --help` and a
# migration of a scratch SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: deploy/install.sh VENV_DIR}
python=${PYTHON:-python3}
pip_flags=(--quiet --disable-pip-version-check --no-input)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m venv "$work/tools"
"$work/tools/bin/pip" install "${pip_flags[@]}" "babel>=2.14"
"$work/tools/bin/pybabel" compile -f -d inbox/translations
rm -rf build ./*.egg-info
"$work/tools/bin/pip" wheel "${pip_flags[@]}" --no-deps --wheel-dir "$work/dist" .
wheel=$(ls "$work"/dist/aduan-*.whl)

"$work/tools/bin/python" - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
required = [
    "inbox/translations/en/LC_MESSAGES/messages.mo",
    "inbox/templates/base.html",
    "inbox/static/vendor/htmx-2.0.11.min.js",
    "migrations/env.py",
    "migrations/versions/0001_initial_schema.py",
    "ticketing/routing/corpus/emergency.jsonl",
]
missing = [name for name in required if name not in names]
forbidden = [n for n in names if n.split("/")[0] in ("sandbox", "tests", "bench")]
if missing or forbidden:
    sys.exit(f"wheel is wrong: missing {missing}, must not contain {forbidden[:5]}")
print(f"wheel ok: {len(names)} files, translations compiled, no sandbox")
PY

"$python" -m venv "$target"
"$target/bin/pip" install "${pip_flags[@]}" --upgrade pip
"$target/bin/pip" install "${pip_flags[@]}" "$wheel"

# Try it from elsewhere, so nothing is imported from this source tree.
smoke=$(mktemp -d)
(
  cd "$smoke"
  "$target/bin/aduan" --help >/dev/null
  if "$target/bin/python" -c "import sandbox" 2>/dev/null; then
    echo "the sandbox must not be installed in production" >&2
    exit 1
  fi
  ADUAN_VAR_DIR="$smoke" DATABASE_URL="sqlite:///$smoke/smoke.db" SECRET_KEY=install-smoke-check \
    "$target/bin/aduan" migrate
)
rm -rf "$smoke"
echo "installed into $target"
