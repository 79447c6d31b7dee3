#!/bin/bash
# The Debian package's install test (deploy/package.cake, DebianPackage.TestInstall), run as root inside
# a clean Debian 12 root (debootstrap minbase plus the package's dependencies): install, check what the
# postinst did, `fxs selftest` as the fxs user, remove, purge; then again on an image with a gpio group.
# Each step prints "package test: …"; the first failure stops it (exit 1) naming what was expected.
# Usage: test-install.sh DEB PACKAGE
set -euo pipefail
deb=$1
package=$2
step() { echo "package test: $*"; }
fail() { echo "package test: FAIL: $*" >&2; exit 1; }
expect_mode() { # PATH OWNER:GROUP MODE
  local got
  got=$(stat -c '%U:%G %a' "$1")
  [ "$got" = "$2 $3" ] || fail "$1 is $got, expected $2 $3"
}

step "no gpio group on this image: $(getent group gpio || echo none)"
step "dpkg -i $(basename "$deb")"
dpkg -i "$deb"
step "user: $(id fxs)"
id -nG fxs | tr ' ' '\n' | grep -qx audio || fail "fxs is not in group audio"
expect_mode /etc/fxs root:fxs 750
expect_mode /etc/fxs/line.json root:fxs 640
expect_mode /etc/fxs/relay.json root:fxs 640
[ -f /lib/systemd/system/fxs.service ] || fail "no /lib/systemd/system/fxs.service"
[ -L /etc/systemd/system/multi-user.target.wants/fxs.service ] || fail "fxs.service is not enabled"
[ -f /lib/udev/rules.d/60-fxs.rules ] || fail "no udev rule"
[ -f /opt/fxs/README.md ] || fail "no /opt/fxs/README.md (the unit's Documentation=)"
step "/etc/fxs: $(ls -l /etc/fxs | tail -n +2 | awk '{print $1, $3":"$4, $9}' | paste -sd ';' | sed 's/;/; /g')"
(cd /opt/fxs && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS does not check under /opt/fxs"
step "SHA256SUMS checks under /opt/fxs"

step "/opt/fxs/fxs selftest (as the fxs user, from /)"
(cd / && runuser -u fxs -- /opt/fxs/fxs selftest) || fail "fxs selftest exited $?"

# The examples are refused until filled in: one line per file naming the field, exit 3.
set +e
said=$(cd / && runuser -u fxs -- /opt/fxs/fxs config check --board /opt/fxs/board.json --line /etc/fxs/line.json --relay /etc/fxs/relay.json 2>&1)
code=$?
set -e
echo "$said"
[ "$code" -eq 3 ] || fail "fxs config check on the example files exited $code, expected 3 (refused until filled in)"
step "the example line.json and relay.json are refused until filled in (exit 3)"

# State the daemon would have left: the purge must delete it.
install -d -o fxs -g fxs -m 0700 /var/lib/fxs
echo pending > /var/lib/fxs/outbox.db
echo "// edited" >> /etc/fxs/line.json

step "dpkg -r $package"
dpkg -r "$package"
[ ! -e /opt/fxs/fxs ] || fail "/opt/fxs/fxs is still there after removal"
[ -f /etc/fxs/line.json ] && [ -f /etc/fxs/relay.json ] || fail "removal deleted /etc/fxs's configuration"
[ -f /var/lib/fxs/outbox.db ] || fail "removal deleted /var/lib/fxs"
expect_mode /etc/fxs/line.json root:fxs 640
step "removed: /opt/fxs gone; /etc/fxs ($(ls /etc/fxs | paste -sd ' ')) and /var/lib/fxs kept"

step "dpkg -P $package"
dpkg -P "$package"
[ ! -e /etc/fxs ] || fail "/etc/fxs is still there after purge: $(ls -la /etc/fxs)"
[ ! -e /var/lib/fxs ] || fail "/var/lib/fxs is still there after purge"
[ -z "$(dpkg-statoverride --list | grep /etc/fxs || true)" ] || fail "dpkg-statoverride still lists /etc/fxs"
[ ! -e /etc/systemd/system/multi-user.target.wants/fxs.service ] || fail "fxs.service still enabled after purge"
dpkg -s "$package" >/dev/null 2>&1 && fail "dpkg still knows $package after purge"
step "purged: /etc/fxs, /var/lib/fxs and the stat overrides gone; the fxs user stays ($(getent passwd fxs | cut -d: -f1,3,6))"

# A Raspberry Pi OS-like image has a gpio group: the postinst adds fxs to it.
groupadd --system gpio
step "with a gpio group: dpkg -i, fxs's groups, dpkg -P"
dpkg -i "$deb" >/dev/null
id -nG fxs | tr ' ' '\n' | grep -qx gpio || fail "fxs is not in group gpio where one exists: $(id fxs)"
step "user: $(id fxs)"
dpkg -P "$package" >/dev/null
step "ok"
