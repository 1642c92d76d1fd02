#!/usr/bin/env bash
# Regenerates packages/e2e/src/evidence/captured.generated.ts: every line in it is text a real
# program printed here (nginx, PostgreSQL, Redis, psycopg2, redis-py, SQLAlchemy, gunicorn,
# uvicorn, curl, the Docker CLI, coreutils). See packages/e2e/src/evidence/README.md.
#
#   scripts/capture-evidence/run.sh            # as root; all cases, rewrites the corpus
#   scripts/capture-evidence/run.sh postgres   # some cases only: prints where the partial result went
#   scripts/capture-evidence/run.sh --merge in-pod   # some cases, replacing only their groups in the corpus
#
# Runs inside a private network + mount namespace (unshare): only a loopback interface exists,
# so nothing can reach beyond it, and /etc/resolv.conf is replaced by one pointing at a DNS
# responder the cases control. Not part of CI; the test in packages/e2e checks the result.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/packages/e2e/src/evidence/captured.generated.ts"
args=("$@")
merge=
if [[ "${1:-}" == --merge ]]; then
  merge=1
  shift
  (($#)) || { echo "capture-evidence: --merge needs the cases to run, e.g. --merge in-pod" >&2; exit 2; }
fi
# A partial run never replaces the corpus (it would drop the other cases' entries), unless it
# merges: then only the groups its cases record are replaced.
if (($#)) && [[ -z "$merge" ]]; then out="${TMPDIR:-/tmp}/captured-partial.generated.ts"; fi

if [[ "${EVIDENCE_ISOLATED:-}" != 1 ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "capture-evidence: must run as root (unshare, runuser postgres, port 53); got uid $(id -u)" >&2
    exit 2
  fi
  missing=()
  for cmd in nginx redis-server redis-cli curl openssl ssh-keygen unshare runuser docker df dd nslookup getent; do
    command -v "$cmd" >/dev/null 2>&1 || [[ -x "/usr/sbin/$cmd" ]] || missing+=("$cmd")
  done
  [[ -x /usr/lib/postgresql/15/bin/postgres ]] || missing+=(postgresql-15)
  [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
  [[ -x /usr/bin/gunicorn ]] || missing+=(gunicorn)
  /usr/bin/python3 -c 'import psycopg2, redis, sqlalchemy, uvicorn' 2>/dev/null ||
    missing+=("python3-psycopg2 python3-redis python3-sqlalchemy python3-uvicorn")
  if ((${#missing[@]})); then
    echo "capture-evidence: missing ${missing[*]}; install with:" >&2
    echo "  apt-get install -y nginx postgresql redis-server openssh-server curl gunicorn bind9-dnsutils \\" >&2
    echo "    python3-psycopg2 python3-redis python3-sqlalchemy python3-uvicorn" >&2
    exit 2
  fi
  merge_from=
  if [[ -n "$merge" ]]; then
    merge_from="$(mktemp)"
    (cd "$root" && node "$here/dump-corpus.mjs" "$out") >"$merge_from"
  fi
  exec unshare --net --mount --propagation private -- \
    env EVIDENCE_ISOLATED=1 EVIDENCE_MERGE_FROM="$merge_from" "$0" "${args[@]}"
fi

ip link set lo up
resolv="$(mktemp)"
trap 'rm -f "$resolv" "$out.tmp" ${EVIDENCE_MERGE_FROM:+"$EVIDENCE_MERGE_FROM"}' EXIT
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$resolv"
mount --bind "$resolv" /etc/resolv.conf

started=$SECONDS
cd "$here"
/usr/bin/python3 -B capture.py "$out.tmp" "$@"
mv "$out.tmp" "$out"
(cd "$root" && npx prettier --log-level warn --write "$out")
echo "capture-evidence: wrote ${out#"$root"/} in $((SECONDS - started))s"
