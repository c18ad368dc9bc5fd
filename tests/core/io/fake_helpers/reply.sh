#!/bin/sh
# Fake import helper for the ImportClient tests: records its arguments, reports progress, sends a
# prepared reply and ends as told. Every part is set through the environment:
#   BDL_FAKE_ARGS    file that gets the arguments, one a line
#   BDL_FAKE_STDERR  a line written to stderr after the progress lines
#   BDL_FAKE_REPLY   file whose bytes are written to stdout
#   BDL_FAKE_SIGNAL  signal name the helper then kills itself with (SEGV, SYS, ...)
#   BDL_FAKE_EXIT    exit status otherwise (default 0)
if [ -n "$BDL_FAKE_ARGS" ]; then
  printf '%s\n' "$@" > "$BDL_FAKE_ARGS"
fi
echo "progress 0.25 reading the file" >&2
echo "progress 0.75 decoding" >&2
if [ -n "$BDL_FAKE_STDERR" ]; then
  printf '%s\n' "$BDL_FAKE_STDERR" >&2
fi
if [ -n "$BDL_FAKE_REPLY" ]; then
  cat "$BDL_FAKE_REPLY"
fi
if [ -n "$BDL_FAKE_SIGNAL" ]; then
  ulimit -c 0
  kill -s "$BDL_FAKE_SIGNAL" $$
fi
exit "${BDL_FAKE_EXIT:-0}"
