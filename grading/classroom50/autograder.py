#!/usr/bin/env python3
"""Classroom 50 autograder for the Redis caching labs (see docs/instructors.md, "Classroom 50").

Put this file at CLASSROOM/autograders/ASSIGNMENT/autograder.py in the classroom50 config repository. Classroom
50's runner calls it once per submission, in the student's checkout, and reads the result.json it writes there
(schema classroom50/result/v1, as described on the Classroom 50 wiki page "Advanced Autograding").

The grade never trusts the student's tests: the course release named below (COURSE_REPOSITORY at COURSE_REF,
cloned; or a copy of it in a folder "course" next to this file in the bundle) supplies the tests, test support,
grader and build, and only the student's labs/*/src/main/java is taken from the submission
(labs/grader/Overlay.java). The student's own files are compared with the release's manifest; differences are
listed in the release body under "Tampered".

Environment, besides what the runner sets (CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL,
REVIEW_URL, OWNER, ASSIGNMENT_TYPE, CLASSROOM50_BUNDLE_DIR):
  REDIS_LABS_COURSE_REPOSITORY, REDIS_LABS_COURSE_REF  override the two settings below (a local path works too)
  GRADE_LABS  only these labs (comma-separated slugs), the others count 0: for a quick test

Exit 0 whenever a result was written (a failing or incomplete submission is a result); non-zero only when the
grading itself could not run, which the runner reports as an error.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# The course release that grades: edit these two lines for your course (pin a tag, never a branch).
COURSE_REPOSITORY = "https://github.com/YOUR-ORG/redis-caching-labs.git"
COURSE_REF = "v1.0.0"


def fail(message: str) -> None:
    print(f"autograder: {message}", file=sys.stderr)
    sys.exit(1)


def java_home() -> dict[str, str]:
    """GitHub's Ubuntu runners carry several JDKs; use 17 when it is there, else whatever java is on the PATH."""
    env = dict(os.environ)
    jdk17 = env.get("JAVA_HOME_17_X64") or env.get("JAVA_HOME_17_ARM64")
    if jdk17:
        env["JAVA_HOME"] = jdk17
        env["PATH"] = str(pathlib.Path(jdk17) / "bin") + os.pathsep + env.get("PATH", "")
    if not shutil.which("java", path=env.get("PATH")):
        fail("no java on this runner: give the assignment a runtime with a JDK 17 (see docs/instructors.md)")
    return env


def course_copy(scratch: pathlib.Path) -> pathlib.Path:
    bundled = pathlib.Path(os.environ.get("CLASSROOM50_BUNDLE_DIR", "")) / "course"
    if os.environ.get("CLASSROOM50_BUNDLE_DIR") and (bundled / "labs").is_dir():
        print(f"autograder: the course from the bundle, {bundled}")
        return bundled
    repository = os.environ.get("REDIS_LABS_COURSE_REPOSITORY") or COURSE_REPOSITORY
    ref = os.environ.get("REDIS_LABS_COURSE_REF") or COURSE_REF
    if "YOUR-ORG" in repository:
        fail("set COURSE_REPOSITORY and COURSE_REF at the top of autograder.py to your course release")
    target = scratch / "course"
    print(f"autograder: the course from {repository} at {ref}")
    clone = subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", ref, repository, str(target)],
                           capture_output=True, text=True, check=False)
    if clone.returncode != 0:
        fail(f"could not clone the course release {repository} at {ref}: {clone.stderr.strip()}")
    return target


def canonical_max(course: pathlib.Path) -> int:
    points = course / "labs/grader/canonical-points.txt"
    if not points.is_file():
        return 0
    return sum(int(line.split()[1]) for line in points.read_text().splitlines() if len(line.split()) == 2)


def identity() -> dict[str, str]:
    """The fields the runner validates; it overwrites owner, assignment_type and datetime with its own."""
    commit = os.environ.get("COMMIT_URL", "")
    return {
        "classroom": os.environ.get("CLASSROOM", ""),
        "assignment": os.environ.get("ASSIGNMENT", ""),
        "assignment_type": os.environ.get("ASSIGNMENT_TYPE", "") or "individual",
        "owner": os.environ.get("OWNER", "") or os.environ.get("USERNAME", ""),
        "submission": os.environ.get("SUBMISSION_TAG", ""),
        "commit": commit,
        "release": os.environ.get("RELEASE_URL", ""),
        "review": os.environ.get("REVIEW_URL", "") or commit,
        "datetime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def write_result(grade: dict, body: str) -> None:
    result = {"schema": grade["schema"], **identity(), "score": grade["score"], "max-score": grade["max-score"],
              "tests": grade["tests"]}
    pathlib.Path("result.json").write_text(json.dumps(result, indent=2) + "\n")
    pathlib.Path("release-body.md").write_text(body)
    print(f"autograder: {result['score']}/{result['max-score']} points, written to result.json")


def feedback(graded: pathlib.Path) -> str:
    """The failing tasks with their first failing test and hint command, from the Gradescope results of the run."""
    results = json.loads((graded / "target/gradescope/results.json").read_text())
    failing = [t for t in results.get("tests", []) if t.get("status") != "passed"]
    if not failing:
        return ""
    lines = ["", "<details><summary>What to work on</summary>", ""]
    for test in failing:
        lines += [f"**{test['name']}**", "", "```", test.get("output", ""), "```", ""]
    return "\n".join(lines + ["</details>", ""])


def main() -> None:
    submission = pathlib.Path.cwd()
    env = java_home()
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="redis-labs-grade-", dir=os.environ.get("RUNNER_TEMP")))
    try:
        course = course_copy(scratch)
        graded = scratch / "graded"
        overlay = subprocess.run(["java", str(course / "labs/grader/Overlay.java"), str(course), str(submission),
                                  str(graded)], capture_output=True, text=True, env=env, check=False)
        print(overlay.stderr, end="", file=sys.stderr)
        if overlay.returncode != 0:
            # The submission's fault (no labs/ folder): a result worth 0 that says so, not a runner error.
            problem = overlay.stderr.strip().removeprefix("Overlay: ")
            max_score = canonical_max(course)
            write_result({"schema": "classroom50/result/v1", "score": 0, "max-score": max_score, "tests": [
                {"test-name": "the repository holds the labs", "passed": False, "score": 0,
                 "max-score": max_score}]}, f"### Redis labs: not graded\n\n{problem}\n")
            return
        student_root = overlay.stdout.strip().removeprefix("submission=")
        command = ["./mvnw", "-B", "verify", "-Pgrade", f"-Dgrader.submission={student_root}"]
        labs = [lab.strip() for lab in os.environ.get("GRADE_LABS", "").split(",") if lab.strip()]
        if labs:
            command += ["-pl", ",".join(f"labs/{lab}" for lab in labs) + ",labs/grader"]
        # Failing tests and labs that do not compile cost points, never this build.
        subprocess.run(command, cwd=graded, env=env, check=False)
        result_file = graded / "target/classroom50-result.json"
        if not result_file.is_file():
            fail("the grade run wrote no target/classroom50-result.json: the build failed before grading (see above)")
        write_result(json.loads(result_file.read_text()),
                     (graded / "target/grade.md").read_text() + feedback(graded))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
