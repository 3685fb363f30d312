#!/usr/bin/env bash
# The work of the review action (action.yml), run where `alembic` runs: `retort review`
# against the base, the one PR comment (posted, or the earlier one updated, found by its
# marker), and `retort verify`'s SARIF. Reads RETORT (the binary), RETORT_BASE, RETORT_PAGE_URL,
# RETORT_FAIL_ON, RETORT_COMMENT, RETORT_SARIF, RETORT_PR, GITHUB_REPOSITORY, GITHUB_OUTPUT and
# RUNNER_TEMP; posts with `gh api` (GH_TOKEN). crates/cli/tests/review.rs runs it with a `gh`
# that records what it is asked.
set -euo pipefail
retort=${RETORT:-retort}
out=${RUNNER_TEMP:?}/retort-review
mkdir -p "$out"
marker='<!-- retort-review -->'

status=0
"$retort" review --base "${RETORT_BASE:?the base to review against}" --format markdown \
  --fail-on "${RETORT_FAIL_ON:-error}" > "$out/review.md" || status=$?
# 1 is the verdict of --fail-on; anything else is a failure of the review itself.
if [ "$status" -gt 1 ]; then
  cat "$out/review.md" >&2
  echo "::error::retort review could not run (exit $status)"
  exit "$status"
fi
{ echo "$marker"; cat "$out/review.md"; } > "$out/comment.md"
cat "$out/review.md" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
{
  echo "status=$status"
  echo "comment-file=$out/comment.md"
} >> "${GITHUB_OUTPUT:?}"

if [ "${RETORT_SARIF:-true}" = true ]; then
  # Findings are the verdict's business, not this step's: verify exits 1 when it has any.
  "$retort" verify --format sarif > "$out/retort.sarif" || [ $? -eq 1 ]
  echo "sarif-file=$out/retort.sarif" >> "$GITHUB_OUTPUT"
fi

if [ "${RETORT_COMMENT:-true}" = true ]; then
  pr=${RETORT_PR:?not a pull request event: set comment to false}
  repo=${GITHUB_REPOSITORY:?}
  existing=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
    --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
  if [ -n "$existing" ]; then
    gh api --silent -X PATCH "repos/$repo/issues/comments/$existing" -F "body=@$out/comment.md"
    echo "updated the review comment $existing"
  else
    gh api --silent -X POST "repos/$repo/issues/$pr/comments" -F "body=@$out/comment.md"
    echo "posted the review comment"
  fi
fi
