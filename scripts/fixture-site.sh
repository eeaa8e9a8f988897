# shellcheck shell=bash
# Sourced by benches/scan.sh and scripts/record-hars.sh: serves the fixture
# site (tests/common/fixture_site.rs, the `scan-site` example) until the
# sourcing script exits.
#
#   start_fixture_site BINARY WORK   # sets fixture_url; removes WORK at exit

start_fixture_site() {
  local binary="$1" work="$2"
  # The site runs until its standard input, this FIFO, closes.
  mkfifo "$work/stdin"
  "$binary" <"$work/stdin" >"$work/url" &
  fixture_site_pid=$!
  exec 3>"$work/stdin"
  # shellcheck disable=SC2064 # WORK is fixed now; the pid is read at exit.
  trap "exec 3>&-; wait \"\$fixture_site_pid\"; rm -rf '$work'" EXIT
  until [ -s "$work/url" ]; do sleep 0.1; done
  # shellcheck disable=SC2034 # read by the sourcing script
  fixture_url="$(cat "$work/url")"
}
