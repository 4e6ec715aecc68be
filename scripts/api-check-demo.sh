#!/usr/bin/env bash
# Shows that the API compatibility check (japicmp, see VERSIONING.md) fails `mvn verify` on a
# breaking change, without touching ~/.m2:
#   1. builds this checkout as version 0.0.1 and installs it into a private local repository
#      (a hard-linked copy of ~/.m2/repository, so nothing is downloaded twice);
#   2. builds core unchanged against that baseline: the check passes;
#   3. removes a public method (Tidings.transports()) and builds core again: the check fails.
# Usage: scripts/api-check-demo.sh [work-dir]   (default: a new directory under /tmp)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/tidings-api-check.XXXXXX)}
mkdir -p "$work"
repo="$work/m2"
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' "$root/pom.xml" | head -1)
mvn_q=(mvn -B -q -Dmaven.repo.local="$repo" -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
  -Dspotless.check.skip=true)

copy() { # copy of the working tree (tracked and new files, not target/) with version $2
  rm -rf "$1" && mkdir -p "$1"
  (cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$1"
  find "$1" -name pom.xml -exec sed -i "s/$version/$2/g" {} +
}

echo "work dir: $work"
if [ ! -d "$repo" ]; then
  cp -al "$HOME/.m2/repository" "$repo"
  rm -rf "$repo/io/tidings"
fi

echo "== 1. baseline 0.0.1 installed into $repo"
copy "$work/baseline" 0.0.1
(cd "$work/baseline" && "${mvn_q[@]}" -pl core -am install)

echo "== 2. unchanged API against the baseline (must pass)"
copy "$work/same" 0.0.2-SNAPSHOT
(cd "$work/same" && "${mvn_q[@]}" -pl core -am verify -Djapicmp.skip=false -Dtidings.api.baseline=0.0.1)
echo "   passed"

echo "== 3. Tidings.transports() removed (must fail)"
copy "$work/broken" 0.0.2-SNAPSHOT
python3 - "$work/broken/core/src/main/java/io/tidings/Tidings.java" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
s2 = re.sub(r'\n  /\*\* The names of the transports.*?\n  }\n', '\n', s, flags=re.S)
assert s2 != s, "Tidings.transports() not found"
open(p, 'w').write(s2)
PY
if (cd "$work/broken" && mvn -B -Dmaven.repo.local="$repo" -DskipTests -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true -Dspotless.check.skip=true -pl core -am verify \
    -Djapicmp.skip=false -Dtidings.api.baseline=0.0.1 >"$work/broken.log" 2>&1); then
  echo "   UNEXPECTED: the build passed; see $work/broken.log" >&2
  exit 1
fi
grep -E "japicmp|METHOD_REMOVED|transports" "$work/broken.log" | head -20
echo "   failed as it should (full log: $work/broken.log)"
