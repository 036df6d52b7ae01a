#!/usr/bin/env bash
# Installs the Debian packages the browser tests and static chart export need: Chromium and CJK fonts; a Java
# runtime for the Spark test of the lake; and nginx, which tests/dashboard/test_nginx.py runs in front of
# `pingyi serve` (deploy/nginx-pingyi.conf).
set -euo pipefail
need_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v java >/dev/null || missing+=(default-jre-headless)  # the Spark test (pyspark) reads the lake with a JVM
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}" >&2
  if ! { need_root apt-get update -q >&2 && need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }; then
    echo "Could not install ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
    exit 1
  fi
fi
