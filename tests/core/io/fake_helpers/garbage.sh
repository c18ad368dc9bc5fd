#!/bin/sh
# Fake import helper that answers with bytes that are no import payload, then exits 0.
printf 'GIF89a this is not an import payload at all, just some bytes\n'
