#!/usr/bin/env bash
# scripts/test.sh: install what tend's tests need, then vet and test everything.
#
#   scripts/test.sh                    # go vet ./... && go test -count=1 -p 1 ./...
#   scripts/test.sh -run Dovecot -v    # extra flags go to go test
#   scripts/test.sh ./store/...        # package patterns replace ./...
#
# Integration tests start their own servers (e.g. Dovecot on a random
# 127.0.0.1 port with a config in a temp dir); this script only installs the
# binaries and never starts the system-wide services.
set -euo pipefail
cd "$(dirname "$0")/.."

# Binaries the tests run -> the Debian package that provides each.
declare -A PACKAGES=(
	[/usr/sbin/dovecot]=dovecot-imapd
	[/usr/bin/radicale]=radicale
)

say() { printf '==> %s\n' "$*"; }

# as_root runs a command as root, through sudo when we are not root.
as_root() {
	if ((EUID == 0)); then
		"$@"
	else
		sudo "$@"
	fi
}

install_missing() {
	local bin missing=()
	for bin in "${!PACKAGES[@]}"; do
		if [[ ! -x $bin ]]; then
			missing+=("${PACKAGES[$bin]}")
		fi
	done
	if ((${#missing[@]} == 0)); then
		say "test dependencies already installed"
		return
	fi
	if ! command -v apt-get >/dev/null; then
		echo "scripts/test.sh: missing ${missing[*]} and no apt-get to install them" >&2
		exit 1
	fi
	# Forbid package scripts to start services (Dovecot would take ports
	# 143/993): invoke-rc.d and deb-systemd-invoke honour policy-rc.d.
	local policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then
		say "blocking service starts during install ($policy)"
		printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
		as_root chmod 755 "$policy"
		trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
	fi

	say "apt-get update"
	as_root apt-get update -q
	say "apt-get install -y ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}"

	# Keep the system-wide Dovecot we just installed off, now and at boot.
	if [[ " ${missing[*]} " == *" dovecot-imapd "* ]]; then
		say "disabling the system dovecot service"
		if command -v systemctl >/dev/null; then
			as_root systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
		fi
		if command -v service >/dev/null; then
			as_root service dovecot stop >/dev/null 2>&1 || true
		fi
	fi
	# Likewise the system-wide Radicale (tests start their own).
	if [[ " ${missing[*]} " == *" radicale "* ]] && command -v systemctl >/dev/null; then
		as_root systemctl disable --now radicale.service >/dev/null 2>&1 || true
	fi
}

install_missing

say "$(go version)"
say "go vet ./..."
go vet ./...

# Package patterns among the arguments replace the default ./...
pkgs=(./...)
for arg in "$@"; do
	if [[ $arg == ./* || $arg == ... || $arg == github.com/* ]]; then
		pkgs=()
		break
	fi
done
# One package at a time: the integration tests start servers and daemons and
# judge time, and two of them fighting over two cores only adds flakiness.
say "go test -count=1 -p 1 $* ${pkgs[*]}"
go test -count=1 -p 1 "$@" "${pkgs[@]}"
