#!/bin/sh
# Fake import helper that never answers. Writes its pid to $BDL_FAKE_PIDFILE first; exec keeps
# that pid, so the process the client kills is the one the test looks for.
if [ -n "$BDL_FAKE_PIDFILE" ]; then
  echo $$ > "$BDL_FAKE_PIDFILE"
fi
exec sleep 1000
