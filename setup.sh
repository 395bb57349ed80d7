#!/usr/bin/env bash
# Sets up everything the assistant needs on a fresh Debian machine:
# system packages (speech synthesis, audio I/O, a virtual sound server for
# tests) and a virtual environment in .venv with the package and its plugins.
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(espeak-ng sox libsox-fmt-all libsndfile1 libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# The example skill plugin: the test run proves plugin discovery end to end.
.venv/bin/python -m pip install -q -e examples/voice-skill-range
echo "voice is set up: run .venv/bin/voice --help"
