#!/bin/sh
# Fake import helper: starts reading, then dies of SIGSEGV (no core file) before any reply.
ulimit -c 0
echo "progress 0.1 reading the file" >&2
kill -s SEGV $$
