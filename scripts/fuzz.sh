#!/usr/bin/env bash
# fuzz.sh [PACKAGES...]: runs every Fuzz target of the packages (default
# ./...) for FUZZTIME each (default 10s), one after the other, since go
# test fuzzes one target of one package at a time. New failing inputs are
# written by go test under the package's testdata/fuzz/.
set -euo pipefail

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
[[ $# -eq 0 ]] && set -- ./...

# go test -list prints a package's matching names, then its "ok" line.
targets=$("$GO" test -list '^Fuzz.*' "$@" | awk '
	/^Fuzz/ { names = names " " $1; next }
	/^ok[ \t]/ { if (names != "") print $2 names; names = "" }
')
if [[ -z $targets ]]; then
	echo "no fuzz targets"
	exit 0
fi

n=0
while read -r pkg names; do
	for name in $names; do
		n=$((n + 1))
		echo "== $pkg $name ($FUZZTIME)"
		"$GO" test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$pkg"
	done
done <<<"$targets"
echo "fuzzed $n targets for $FUZZTIME each"
