#!/usr/bin/env bash
# System packages some tests use, installed from Debian when missing (root only):
#   chromium   - the headless browser end-to-end test (tests/browser/)
#   tinyproxy  - the HTTP CONNECT proxy tests (tests/transport/)
# Without them those tests are skipped with a printed reason. Runs before `npm test`.
set -uo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v tinyproxy >/dev/null 2>&1 || missing+=(tinyproxy)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "setup-system: ${missing[*]} not installed (need root and apt-get); their tests will be skipped"
  exit 0
fi
echo "setup-system: installing ${missing[*]} from Debian"
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) ||
    echo "setup-system: could not install ${missing[*]}; their tests will be skipped"
fi
exit 0
