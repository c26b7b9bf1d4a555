#!/usr/bin/env bash
# Runs every Playground test: unit, integration (real Docker engine and containers),
# HTTP, browser (Debian's chromium) and the lesson self-test over lessons/.
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/.artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

step() { printf '\n== %s\n' "$*"; }

step "engine, browser and sandbox images"
bash src/scripts/prerequisites.sh --browser || echo "prerequisites could not be installed; what needs them reports it"
# Both engines: the main one builds the images, the sandbox engine (user-namespace remapped) runs every sandbox.
bash src/scripts/engine.sh || echo "the Docker engines could not be started; integration tests are skipped with that reason"
bash sandbox-images/build.sh || echo "some sandbox images did not build; tests that need them are skipped with the reason"

step "build"
if ! dotnet build Playground.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

step "tests"
dotnet test Playground.sln --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  -- xUnit.ParallelizeTestCollections=true
test_rc=$?

# Every skipped test says why; every failed one is named again here, after the noise.
list_outcome() { # outcome label
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    awk -v outcome="$1" -v label="$2" '
      index($0, "outcome=\"" outcome "\"") { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next_msg = 1 }
      want && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "  " label ": " name " — " line; want = 0 }
      want && /<\/UnitTestResult>/ { print "  " label ": " name; want = 0 }
    ' "$trx"
  done | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
}
step "skipped tests (with the reason)"
list_outcome NotExecuted skipped
step "failed tests"
list_outcome Failed failed

step "lesson self-test"
lesson_report="$results/lessons-test.txt"
dotnet src/Playground.Web/bin/Debug/net10.0/playground.dll lessons test lessons --summary-file "$results/lessons-summary.txt" 2>&1 | tee "$lesson_report"
lessons_rc=${PIPESTATUS[0]}

step "lesson validator"
dotnet src/Playground.Web/bin/Debug/net10.0/playground.dll lessons validate lessons
validate_rc=$?

# Sum the TRX counters of every test project, then add the lesson self-test's own counts.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The TRX counters leave skipped tests out of notExecuted: count the results themselves.
  skipped=$((skipped + $(grep -c 'outcome="NotExecuted"' "$trx")))
done
if [ -f "$results/lessons-summary.txt" ]; then
  read -r lp lf ls < "$results/lessons-summary.txt"
  passed=$((passed + lp)); failed=$((failed + lf)); skipped=$((skipped + ls))
else
  failed=$((failed + 1)); echo "the lesson self-test wrote no summary"
fi
if [ "$validate_rc" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "lessons validate reported errors"; fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test exited $test_rc without a failed test: counted as one failure"; fi
if [ "$lessons_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

# Tests own everything labelled playground.test or with an instance id of test-/selftest-: none may remain, on the
# main engine (images are built there) nor on the sandbox engine (every sandbox runs there).
sandbox_host=${PLAYGROUND_SANDBOX_HOST:-unix:///run/playground/sandboxes.sock}
leftover=0
for host in "${DOCKER_HOST:-unix:///var/run/docker.sock}" "$sandbox_host"; do
  n=$( { docker -H "$host" ps -a --format '{{.Label "playground.test"}} {{.Label "playground.instance"}}';
         docker -H "$host" volume ls --format '{{.Label "playground.test"}} {{.Label "playground.instance"}}';
         docker -H "$host" network ls --format '{{.Label "playground.test"}} {{.Label "playground.instance"}}'; } 2>/dev/null \
       | grep -cE '^true |(^| )(test|selftest)-' )
  [ "$n" -ne 0 ] && echo "leftovers on $host: $n"
  leftover=$((leftover + n))
done
if [ "$leftover" -ne 0 ]; then
  echo "tests left $leftover containers, volumes or networks behind: counted as one failure"
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
