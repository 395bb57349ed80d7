#!/usr/bin/env bash
# Starts a PulseAudio server (if none answers) with a virtual microphone, so that
# the microphone path can run through real PortAudio on a machine with no sound
# card: whatever is played into the null sink "voice_car" is heard on its
# monitor, which becomes the default input. Safe to run more than once.
#   paplay -d voice_car speech.wav     # "say" something into the virtual mic
set -euo pipefail

SINK=voice_car

if ! pactl info >/dev/null 2>&1; then
  # As root (CI) PulseAudio warns but runs in per-user mode; --disallow-exit and
  # --exit-idle-time=-1 keep it alive between test processes.
  pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 --disallow-exit \
    --disable-shm=yes --log-target=syslog >/dev/null 2>&1 || true
  for _ in $(seq 50); do
    pactl info >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
if ! pactl info >/dev/null 2>&1; then
  echo "start-audio: PulseAudio did not start" >&2
  exit 1
fi

if ! pactl list short sinks | grep -q "^[0-9]*[[:space:]]$SINK[[:space:]]"; then
  pactl load-module module-null-sink sink_name=$SINK \
    sink_properties=device.description=voice-virtual-mic >/dev/null
fi
pactl set-default-sink "$SINK"
pactl set-default-source "$SINK.monitor"
echo "start-audio: PulseAudio is up; default input is $SINK.monitor"
