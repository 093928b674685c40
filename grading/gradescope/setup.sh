#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (see docs/instructors.md, "Gradescope").
# It installs a JDK 17 and fills the Maven cache by grading the course's own starter once, so that grading a
# submission downloads nothing. AUTOGRADER_ROOT (default /autograder) lets a test run it elsewhere.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
course="$root/source/course"
if [ ! -f "$course/mvnw" ]; then
  echo "setup.sh: no course in $course: build the zip with grading/gradescope/make-zip.sh" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jdk-headless >/dev/null
fi
java -version
chmod +x "$root/source/run_autograder" "$course/mvnw"
# Every plugin and library the grade run needs, by running it once on the starter (all tests fail, as they should).
(cd "$course" && ./mvnw -B -q verify -Pgrade >/dev/null && rm -rf target labs/*/target)
echo "setup.sh: JDK and Maven cache ready."
