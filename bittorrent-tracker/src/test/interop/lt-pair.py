#!/usr/bin/python3
"""Two libtorrent sessions on 127.0.0.1 find each other only through the tracker at argv[1]
and complete a download. DHT, LSD, UPnP, NAT-PMP and PEX are off. Prints DOWNLOAD OK.
usage: lt-pair.py <announce url> <work dir>"""
import hashlib
import os
import sys
import time

import libtorrent as lt

url, work = sys.argv[1], sys.argv[2]
seed_dir = os.path.join(work, 'seed')
leech_dir = os.path.join(work, 'leech')
os.makedirs(seed_dir, exist_ok=True)
os.makedirs(leech_dir, exist_ok=True)
payload = os.urandom(3 * 1024 * 1024 + 123)
with open(os.path.join(seed_dir, 'payload.bin'), 'wb') as f:
    f.write(payload)

fs = lt.file_storage()
lt.add_files(fs, os.path.join(seed_dir, 'payload.bin'))
ct = lt.create_torrent(fs, 256 * 1024)
ct.add_tracker(url)
lt.set_piece_hashes(ct, seed_dir)
info = lt.torrent_info(lt.bencode(ct.generate()))


def session(port):
    return lt.session({
        'listen_interfaces': '127.0.0.1:%d' % port,
        'outgoing_interfaces': '127.0.0.1',
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'dht_bootstrap_nodes': '',
        'allow_multiple_connections_per_ip': True,
        'alert_mask': lt.alert.category_t.tracker_notification | lt.alert.category_t.error_notification,
    })


def add(ses, path):
    p = lt.add_torrent_params()
    p.ti = info
    p.save_path = path
    p.flags |= lt.torrent_flags.disable_pex
    return ses.add_torrent(p)


def wait_tracker_reply(ses, deadline):
    while time.time() < deadline:
        ses.wait_for_alert(500)
        for a in ses.pop_alerts():
            if isinstance(a, lt.tracker_error_alert):
                print('tracker error: %s' % a.message(), flush=True)
            if isinstance(a, lt.tracker_reply_alert):
                return
    sys.exit('no tracker reply')


deadline = time.time() + 60
seeder_ses = session(int(os.environ.get('SEED_PORT', '0')))
seeder = add(seeder_ses, seed_dir)
while not seeder.status().is_seeding:
    if time.time() > deadline:
        sys.exit('seeder never finished checking')
    time.sleep(0.05)
seeder.force_reannounce()
wait_tracker_reply(seeder_ses, deadline)

leecher_ses = session(int(os.environ.get('LEECH_PORT', '0')))
leecher = add(leecher_ses, leech_dir)
while not leecher.status().is_seeding:
    if time.time() > deadline:
        s = leecher.status()
        sys.exit('download did not complete: %.1f%% peers=%d' % (s.progress * 100, s.num_peers))
    leecher_ses.pop_alerts()
    time.sleep(0.1)

with open(os.path.join(leech_dir, 'payload.bin'), 'rb') as f:
    got = f.read()
if hashlib.sha1(got).digest() != hashlib.sha1(payload).digest():
    sys.exit('downloaded data differs')
print('DOWNLOAD OK %d bytes' % len(got), flush=True)
