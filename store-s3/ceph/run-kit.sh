#!/usr/bin/env bash
# Opt-in: the S3 conformance kit and the multi-process S3 round of reliability-tests against Ceph radosgw.
#
# Installs the Debian packages radosgw, ceph-mon and ceph-osd (needs root and apt), starts a one-node
# cluster on loopback (one monitor, one OSD on the in-memory object store, one radosgw on 127.0.0.1:7480,
# no cephx), creates a user and a bucket that also accepts anonymous writes (the race probe's raw PUTs are
# unsigned), runs
#   mvn -pl store-s3 verify -Dtest=S3SegmentStoreConformanceTest   (the kit, a bucket per clause, on Ceph)
#   mvn -pl reliability-tests verify -Dtest=ConcurrentProcessesTest -Dreliability.stores=s3
#       (the race probe, then 4 writer processes on one segment, on Ceph)
# and stops the cluster. Not part of .ci/run: it needs root, the packages (61 MB to download, 269 MB
# installed on Debian 12) and several minutes; the store-s3 package documentation gives measured figures.
#
# Usage, from the repository root, after `mvn -B -q install -DskipTests` once:
#   store-s3/ceph/run-kit.sh [WORK_DIR]          # default WORK_DIR: /tmp/segmentlog-ceph
# Environment: MVN_ARGS (extra Maven arguments, e.g. -Dmaven.repo.local=...), RGW_PORT (default 7480),
# KEEP=1 (leave the cluster running and print how to stop it).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-/tmp/segmentlog-ceph}"
RGW_PORT="${RGW_PORT:-7480}"
MON_PORT=6789
BUCKET=segmentlog-ceph
ACCESS_KEY=segmentlog-ceph-key
SECRET_KEY=segmentlog-ceph-secret-not-for-production
CONF="$WORK/ceph.conf"
MVN=(mvn -B -ntp ${MVN_ARGS:-})

log() { printf '[ceph-kit %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
ceph_() { ceph -c "$CONF" --connect-timeout 20 "$@"; }

stop_cluster() {
  for daemon in radosgw osd mon; do
    if [ -f "$WORK/run/$daemon.pid" ]; then
      kill "$(cat "$WORK/run/$daemon.pid")" 2>/dev/null || true
    fi
  done
  sleep 2
  for daemon in radosgw osd mon; do
    if [ -f "$WORK/run/$daemon.pid" ]; then
      kill -9 "$(cat "$WORK/run/$daemon.pid")" 2>/dev/null || true
      rm -f "$WORK/run/$daemon.pid"
    fi
  done
}

if [ "$(id -u)" != 0 ]; then
  echo "run-kit.sh: needs root (apt-get install, and the Ceph daemons)" >&2
  exit 2
fi

START=$(date +%s)
log "installing radosgw ceph-mon ceph-osd (apt)"
if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends radosgw ceph-mon ceph-osd >"$WORK.apt.log" 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
         radosgw ceph-mon ceph-osd >"$WORK.apt.log" 2>&1; } \
    || { echo "apt-get install failed, see $WORK.apt.log" >&2; exit 1; }
fi
INSTALLED=$(date +%s)
log "ceph $(ceph --version | awk '{print $3}') installed in $((INSTALLED - START)) s"

stop_cluster 2>/dev/null || true
rm -rf "$WORK"
mkdir -p "$WORK"/{mon/a,osd/0,run,log,rgw}
trap 'if [ "${KEEP:-0}" != 1 ]; then stop_cluster; fi' EXIT

FSID=$(cat /proc/sys/kernel/random/uuid)
cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon pg warn min per osd = 0
ms bind msgr2 = false
run dir = $WORK/run
log file = $WORK/log/\$name.log
admin socket = $WORK/run/\$name.asok
keyring = $WORK/keyring
[mon.a]
mon data = $WORK/mon/a
[osd.0]
osd data = $WORK/osd/0
osd objectstore = memstore
memstore device bytes = 2147483648
osd max object name len = 460
osd max object namespace len = 64
[client.rgw.kit]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $WORK/rgw
rgw thread pool size = 64
CONF

log "monitor"
ceph-authtool --create-keyring "$WORK/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --fsid "$FSID" --add a "127.0.0.1:$MON_PORT" "$WORK/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$WORK/monmap" --keyring "$WORK/keyring"
ceph-mon -c "$CONF" -i a --pid-file "$WORK/run/mon.pid"
for _ in $(seq 60); do ceph_ mon stat >/dev/null 2>&1 && break; sleep 1; done
ceph_ mon stat

log "OSD (memstore)"
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(ceph_ osd new "$OSD_UUID")
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$WORK/log/osd-mkfs.out" 2>&1
ceph-osd -c "$CONF" -i "$OSD_ID" --pid-file "$WORK/run/osd.pid"
ceph_ osd crush add "osd.$OSD_ID" 1.0 host=localhost root=default >/dev/null 2>&1 || true
for _ in $(seq 90); do
  ceph_ osd stat 2>/dev/null | grep -q '1 up' && break
  sleep 1
done
ceph_ osd stat

log "radosgw on 127.0.0.1:$RGW_PORT"
radosgw -c "$CONF" -n client.rgw.kit --pid-file "$WORK/run/radosgw.pid"
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/" && break
  sleep 1
done
curl -s -o /dev/null -w 'radosgw answers HTTP %{http_code}\n' "http://127.0.0.1:$RGW_PORT/"
radosgw-admin -c "$CONF" -n client.rgw.kit --admin-socket "$WORK/run/radosgw-admin.asok" user create --uid=segmentlog --display-name=segmentlog \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null
# the reliability round's bucket: public-read-write, so that the race probe's unsigned PUTs are accepted
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
curl -s -f -X PUT -H 'x-amz-acl: public-read-write' -H "x-amz-content-sha256: $EMPTY_SHA256" \
  --aws-sigv4 'aws:amz:us-east-1:s3' --user "$ACCESS_KEY:$SECRET_KEY" "http://127.0.0.1:$RGW_PORT/$BUCKET" -o /dev/null
READY=$(date +%s)
log "cluster ready in $((READY - INSTALLED)) s"

cd "$ROOT"
ENDPOINT="http://127.0.0.1:$RGW_PORT"
STATUS=0
log "the S3 conformance kit on Ceph"
"${MVN[@]}" -pl store-s3 verify -Dtest=S3SegmentStoreConformanceTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Ds3.test.endpoint="$ENDPOINT" -Ds3.test.access_key_id="$ACCESS_KEY" -Ds3.test.secret_access_key="$SECRET_KEY" \
  >"$WORK/kit.log" 2>&1 || STATUS=1
grep -E 'Tests run:.*Fail' "$WORK/kit.log" | tail -1 || true
KIT=$(date +%s)
log "kit done in $((KIT - READY)) s (log: $WORK/kit.log)"

log "the multi-process S3 round on Ceph"
"${MVN[@]}" -pl reliability-tests verify -Dtest=ConcurrentProcessesTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dreliability.stores=s3 \
  -Dreliability.s3.uri="s3://$BUCKET?endpoint=$ENDPOINT&region=us-east-1&path_style=true&access_key_id=$ACCESS_KEY&secret_access_key=$SECRET_KEY&timeout=30s&attempt_timeout=10s" \
  >"$WORK/round.log" 2>&1 || STATUS=1
grep -E '^\[figures\]' "$WORK/round.log" || true
grep -E 'Tests run:.*Fail' "$WORK/round.log" | tail -1 || true
DONE=$(date +%s)
log "round done in $((DONE - KIT)) s (log: $WORK/round.log); total $((DONE - START)) s; exit $STATUS"
if [ "${KEEP:-0}" = 1 ]; then
  log "cluster left running: kill \$(cat $WORK/run/*.pid) to stop it"
fi
exit $STATUS
