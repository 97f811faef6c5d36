#!/usr/bin/env bash
# Installs the Debian packages Till needs, only if one is missing: hiredis (Redis client parser),
# libcrypto headers (HMAC/SHA-256) and redis-server (the shared brain, and every test's own server).
# openssl makes the TLS tests' throwaway CA; iproute2 (ip, tc) builds the multi-host test's namespaces.
set -euo pipefail

packages=(libhiredis-dev libssl-dev redis-server pkg-config openssl iproute2)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package starts a system redis-server on 6379; Till never uses it (every run and test
# starts its own on a free port), so it is left alone.
