#!/bin/bash
# The official Sockt CLI README's "Scripting with Cleanup" workflow, unchanged in shape, run with the .NET `sockt`
# against a local emulator. Start one in another terminal first and paste its export lines:
#
#   sockt emulator                  # prints: export SOCKT_API_URL=...  export SOCKT_API_KEY=...
#
# Differences from the README: the emulator's sandboxes have no network by default, so instead of
# `pip install -r requirements.txt` + pytest this runs Python's own unittest, and it writes its report itself.
set -e

: "${SOCKT_API_URL:?paste the export lines that sockt emulator printed}"
: "${SOCKT_API_KEY:?paste the export lines that sockt emulator printed}"
cd "$(dirname "$0")"
SANDBOX_ID=""

cleanup() {
    if [ -n "$SANDBOX_ID" ]; then
        sockt sandbox terminate "$SANDBOX_ID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

SANDBOX_ID=$(sockt sandbox create --tier small --wait)

# Upload project files
sockt files write "$SANDBOX_ID" /home/sandbox/main.py --file ./main.py
sockt files write "$SANDBOX_ID" /home/sandbox/test_main.py --file ./test_main.py

# Run tests
sockt exec "$SANDBOX_ID" --workdir /home/sandbox python3 -m unittest -v test_main 2>&1
sockt exec "$SANDBOX_ID" --workdir /home/sandbox "python3 -m unittest test_main 2>&1 | tail -1 > test-results.txt"

# Download results
sockt files read "$SANDBOX_ID" /home/sandbox/test-results.txt > test-results.txt
cat test-results.txt
