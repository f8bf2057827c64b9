#!/usr/bin/env bash
# bench/run.sh: tend's benchmarks against a real Dovecot, with the floors and
# mbsync + mu measured in the same run on the same server.
#
#   bench/run.sh              # N = 10,000 and 100,000 messages
#   bench/run.sh 20000        # other sizes
#
# Installs what it needs when missing (as root or through sudo): Dovecot
# (via scripts/test.sh's list), isync (mbsync) and maildir-utils (mu).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

need=()
[[ -x /usr/sbin/dovecot ]] || need+=(dovecot-imapd)
command -v mbsync >/dev/null || need+=(isync)
command -v mu >/dev/null || need+=(maildir-utils)
if ((${#need[@]})); then
	policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then # keep package scripts from starting services
		printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
		as_root chmod 755 "$policy"
		trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	as_root apt-get update -q
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000)
for n in "${sizes[@]}"; do
	echo "==> $n messages"
	TEND_BENCH_N=$n go test -count=1 -timeout 60m -run XXX -bench Sync -benchtime 1x ./bench/
done
echo "==> scoring and reading 1,000,000 interactions over 20,000 people"
go test -count=1 -run XXX -bench 'Score|Histories' -benchtime 3x ./scoring/ ./store/
