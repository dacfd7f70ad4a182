#!/usr/bin/env bash
# Measures the portal in a real headless Chromium: an experiment page of 10,000 finished runs (100
# configurations x 100 seeds) with its interactions, and a compare view of 100 configurations (300
# runs) (PortalPerformanceIT; skipped by the normal build). Needs
# `apt-get install -y chromium chromium-driver`. Prints the figures; screenshots land in
# platform-api/target/portal-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
chromium --version
./mvnw -B -q -pl platform-api -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=PortalPerformanceIT -Dfailsafe.failIfNoSpecifiedTests=false
cat platform-api/target/portal-timings.txt
