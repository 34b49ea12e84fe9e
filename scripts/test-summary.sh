#!/usr/bin/env bash
# test-summary.sh LOG RC: sums up a `go test -v` log (RC is go test's exit
# code) for `make test`. It ends with the plain line "N passed, M failed,
# K skipped" (tests and subtests) and exits non-zero when go test failed,
# or, under CI=true, when no PostgreSQL subtest or no browser test passed.
set -euo pipefail

log=${1:?usage: test-summary.sh LOG RC}
rc=${2:-0}

count() { grep -cE -- "$1" "$log" || true; }

passed=$(count '^[[:space:]]*--- PASS: ')
failed=$(count '^[[:space:]]*--- FAIL: ')
skipped=$(count '^[[:space:]]*--- SKIP: ')
pkg_ok=$(count '^ok[[:space:]]')
pkg_failed=$(count '^FAIL[[:space:]]+[^[:space:]]+')
pg_passed=$(count '^[[:space:]]*--- PASS: [^ ]+/postgres \(')
pg_skipped=$(count '^[[:space:]]*--- SKIP: [^ ]+/postgres \(')
pg_failed=$(count '^[[:space:]]*--- FAIL: [^ ]+/postgres \(')

# A build failure or a panic fails a package without any "--- FAIL" line.
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
	failed=$((pkg_failed > 0 ? pkg_failed : 1))
fi

echo
echo "== summary of $log"
echo "packages: $pkg_ok ok, $pkg_failed failed"
if [[ $pkg_failed -gt 0 ]]; then
	grep -E '^FAIL[[:space:]]+[^[:space:]]+' "$log" | sed 's/^/  /' || true
fi
if grep -qE '^[[:space:]]*--- FAIL: ' "$log"; then
	echo "failed tests:"
	grep -E '^[[:space:]]*--- FAIL: ' "$log" | sed -E 's/^[[:space:]]*--- FAIL: /  /' | head -40
fi
echo "postgres: $pg_passed subtests passed ($pg_skipped skipped, $pg_failed failed)"

browser=$(grep -oE -- '--- (PASS|FAIL|SKIP): TestBrowser[^ ]*' "$log" | sed -E 's/^--- (PASS|FAIL|SKIP): ([^ ]+)/\2 \1/' || true)
browser_passed=0
if [[ -z $browser ]]; then
	echo "browser: no browser test ran"
else
	while read -r name result; do
		case $result in
		PASS) echo "browser: $name passed"; browser_passed=$((browser_passed + 1)) ;;
		FAIL) echo "browser: $name FAILED" ;;
		SKIP) echo "browser: $name skipped" ;;
		esac
	done <<<"$browser"
fi

status=0
[[ $rc -ne 0 || $failed -gt 0 ]] && status=1
if [[ ${CI:-} == true ]]; then
	if [[ $pg_passed -eq 0 ]]; then
		echo "error: CI=true but no PostgreSQL subtest passed (is postgresql-15 installed?)"
		status=1
	fi
	if [[ $browser_passed -eq 0 ]]; then
		echo "error: CI=true but no browser test passed (is chromium installed?)"
		status=1
	fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
