#!/usr/bin/env bash
# Installs the real components the tests run against, only when they are missing:
# nginx, OpenSSH, sudo and the tools the host harnesses call (ssh-agent, openssl,
# script(1), flock, useradd) for the host collector tests and the demo's VM scenario;
# Chromium for the report browser tests.
# kubectl is pinned through npm (see packages/e2e), with Debian's client as a fallback.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have nginx || missing+=(nginx)
have sshd || missing+=(openssh-server)
have ssh || missing+=(openssh-client)
have ssh-keygen || missing+=(openssh-client)
have ssh-agent || missing+=(openssh-client)
have openssl || missing+=(openssl)
have script || missing+=(bsdutils)
have flock || missing+=(util-linux)
have useradd || missing+=(passwd)
have chromium || missing+=(chromium)
have sudo || missing+=(sudo)
have kubectl || missing+=(kubernetes-client)

if ((${#missing[@]} == 0)); then
  echo "system components: all present"
  exit 0
fi

echo "system components: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: need root to apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# One package may stand for several tools: install each once.
mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# Debian starts nginx on install; tests start their own on high ports.
if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
echo "system components: installed ${packages[*]}"
