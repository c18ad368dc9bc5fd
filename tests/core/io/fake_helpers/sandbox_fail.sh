#!/bin/sh
# Fake import helper whose sandbox cannot be set up (exit status 3 of the helper contract).
echo "sandbox: landlock unavailable" >&2
exit 3
