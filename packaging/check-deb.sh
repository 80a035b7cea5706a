#!/usr/bin/env bash
# Check the Debian package of Art32 Console.
#
# Usage: packaging/check-deb.sh <build-dir>
#
# Validates the .desktop and AppStream files, builds the .deb with CPack from
# an already built <build-dir>, checks its contents and Depends, and - as root
# only - installs it, runs art32ctl --version and removes it again.
# Exit status: 0 all checks passed, 77 install test skipped (ctest: skipped),
# anything else: failure.
set -euo pipefail

pkg=art32-console
app_id=nl.art32.Console
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 <build-dir>" >&2; exit 2; }
build=$(cd "$1" && pwd) || fail "no build directory: $1"
[[ -f $build/CPackConfig.cmake ]] || fail "$build/CPackConfig.cmake missing (configure first)"

for tool in desktop-file-validate appstreamcli cpack dpkg-deb; do
  command -v "$tool" >/dev/null || fail "required tool not found: $tool"
done

installed_by_us=0
tmp=$(mktemp -d)
cleanup() {
  if [[ $installed_by_us -eq 1 ]] &&
     [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true) != "" ]]; then
    echo "check-deb: removing $pkg"
    dpkg -r "$pkg" >/dev/null || echo "check-deb: WARNING: dpkg -r $pkg failed" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== validating desktop entry and AppStream metadata"
desktop-file-validate "$here/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$here/$app_id.metainfo.xml" || fail "appstreamcli validate"

# Backups (issue 13): the timer units are valid, each runs art32ctl with a key file, and timers name their service.
echo "== checking the backup units"
for unit in "$here"/systemd/*.service "$here"/systemd/*.timer; do
  if command -v systemd-analyze >/dev/null; then
    # Only the unit's own errors: art32ctl is not installed yet at this point.
    errors=$(systemd-analyze verify "$unit" 2>&1 | grep -v 'art32ctl is not executable' || true)
    [[ -z $errors ]] || fail "systemd-analyze verify $(basename "$unit"): $errors"
  fi
  echo "ok   $(basename "$unit")"
done
for svc in art32-backup art32-backup-verify art32-backup-ledger; do
  grep -q '^ExecStart=/usr/bin/art32ctl .*--key-file ' "$here/systemd/$svc.service" || fail "$svc.service runs no key file"
done
for t in art32-backup art32-backup-verify art32-backup-prune art32-backup-ledger; do
  grep -qx "Unit=$t.service" "$here/systemd/$t.timer" || fail "$t.timer does not start $t.service"
done

echo "== building the package"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; }
debs=("$tmp"/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one .deb in $tmp"
deb=${debs[0]}
echo "built $(basename "$deb")"

echo "== checking contents"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in \
  ./usr/bin/art32-console \
  ./usr/bin/art32ctl \
  "./usr/share/applications/$app_id.desktop" \
  "./usr/share/metainfo/$app_id.metainfo.xml" \
  "./usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
  ./usr/lib/systemd/system/art32-backup.service \
  ./usr/lib/systemd/system/art32-backup.timer \
  ./usr/lib/systemd/system/art32-backup-verify.service \
  ./usr/lib/systemd/system/art32-backup-verify.timer \
  ./usr/lib/systemd/system/art32-backup-prune.service \
  ./usr/lib/systemd/system/art32-backup-prune.timer \
  ./usr/lib/systemd/system/art32-backup-ledger.service \
  ./usr/lib/systemd/system/art32-backup-ledger.timer \
  ./usr/share/doc/art32-console/examples/art32-backup.env.example; do
  grep -qxF "$path" <<<"$contents" || fail "$path not in package"
  echo "ok   $path"
done

version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Version: $version"
echo "Depends: $depends"
[[ $depends == *libc6* ]] || fail "Depends lacks libc6: did dpkg-shlibdeps run?"
[[ $depends == *libqt6svg6* ]] || fail "Depends lacks libqt6svg6"

if [[ $(id -u) -ne 0 ]]; then
  echo "check-deb: install test skipped: needs root to install the package"
  exit 77
fi
if [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true) == *" installed" ]]; then
  echo "check-deb: install test skipped: $pkg is already installed, leaving it alone"
  exit 77
fi

echo "== installing"
chmod 755 "$tmp"  # let apt's unprivileged _apt user read the file
installed_by_us=1
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" \
  >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get install"; }
dpkg -s "$pkg" | grep -qx 'Status: install ok installed' || fail "dpkg -s $pkg: not installed"

out=$(/usr/bin/art32ctl --version) || fail "art32ctl --version exited with $?"
echo "art32ctl --version: $out"
upstream=${version#*:}   # drop an epoch ...
upstream=${upstream%-*}  # ... and a Debian revision
grep -qF "$upstream" <<<"$out" || fail "art32ctl --version does not print $upstream"

if command -v systemd-analyze >/dev/null; then
  for unit in /usr/lib/systemd/system/art32-backup*.service /usr/lib/systemd/system/art32-backup*.timer; do
    systemd-analyze verify "$unit" || fail "installed $unit does not verify"
  done
fi

echo "check-deb: OK"
