#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, then runs every test project.
# The servers the tests use (sidecar, s3rver, ECS emulator, Kestrel) are started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
  npm ci --prefix tests/node --no-audit --no-fund
fi

mkdir -p artifacts/test-results
rm -f artifacts/test-results/*.trx
status=0
dotnet test DurableFlows.sln -c Release --logger "trx" --results-directory artifacts/test-results \
  --logger "console;verbosity=minimal" || status=$?

# One closing line over all test projects.
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob("artifacts/test-results/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
