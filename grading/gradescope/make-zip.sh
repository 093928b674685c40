#!/usr/bin/env bash
# Builds the zip to upload as a Gradescope programming assignment's autograder, from the course repository:
#   grading/gradescope/make-zip.sh v1.0.0 [redis-labs-autograder.zip]
# At the zip's root: setup.sh and run_autograder (Gradescope's required layout), and course/: the course at that
# release (a tag or commit), without the reference solutions.
set -euo pipefail
ref="${1:?usage: grading/gradescope/make-zip.sh RELEASE-TAG [out.zip]}"
out="${2:-redis-labs-autograder.zip}"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
cd "$(dirname "$0")/../.."
git rev-parse --verify --quiet "$ref^{commit}" >/dev/null || { echo "make-zip.sh: no commit or tag $ref here" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/course"
git archive "$ref" | tar -x -C "$stage/course"
rm -rf "$stage/course/solutions"
cp grading/gradescope/setup.sh grading/gradescope/run_autograder "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
rm -f "$out"
(cd "$stage" && zip -q -r "$out" setup.sh run_autograder course)
echo "Wrote $out (course at $ref, without solutions/)"
