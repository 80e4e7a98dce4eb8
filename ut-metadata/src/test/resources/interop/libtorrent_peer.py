"""A python3-libtorrent peer confined to 127.0.0.1, for interop tests (see REAL-PEERS.md).

  seed WORKDIR PORT      create a hybrid (v1+v2) torrent of random data in WORKDIR, seed it,
                         print "HASHES <v1 hex> <v2 hex>" then "READY", run until stdin closes
  fetch WORKDIR PORT URI fetch the metadata of a magnet URI, print "METADATA <sha1 of info>"
"""
import hashlib
import os
import sys
import time

import libtorrent as lt


def session(port):
    return lt.session({
        'listen_interfaces': '127.0.0.1:%d' % port,
        'outgoing_interfaces': '127.0.0.1',
        'enable_dht': False,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        'dht_bootstrap_nodes': '',
        'allow_multiple_connections_per_ip': True,
        'enable_incoming_utp': False,
        'enable_outgoing_utp': False,
    })


def seed(work, port):
    data = os.path.join(work, 'data.bin')
    with open(data, 'wb') as f:
        f.write(os.urandom(300 * 1024 + 123))
    fs = lt.file_storage()
    lt.add_files(fs, data)
    t = lt.create_torrent(fs, 64 * 1024)
    lt.set_piece_hashes(t, work)
    encoded = lt.bencode(t.generate())
    with open(os.path.join(work, 'test.torrent'), 'wb') as f:
        f.write(encoded)
    ti = lt.torrent_info(encoded)
    s = session(port)
    atp = lt.add_torrent_params()
    atp.ti = ti
    atp.save_path = work
    # No seed_mode: libtorrent then verifies lazily on first request, and in 2.0.8 such a request
    # sometimes stalls until it is made again. A full check of 300 KB takes milliseconds.
    atp.flags = lt.torrent_flags.disable_pex
    h = s.add_torrent(atp)
    hashes = ti.info_hashes()
    print('HASHES', str(hashes.v1), str(hashes.v2), flush=True)
    deadline = time.time() + 30
    while not h.status().is_seeding and time.time() < deadline:
        time.sleep(0.05)
    print('READY', flush=True)
    sys.stdin.read()


def fetch(work, port, uri):
    s = session(port)
    atp = lt.parse_magnet_uri(uri)
    atp.save_path = work
    atp.flags |= lt.torrent_flags.disable_pex | lt.torrent_flags.upload_mode
    h = s.add_torrent(atp)
    deadline = time.time() + 60
    while time.time() < deadline:
        st = h.status()
        if st.has_metadata:
            ti = h.torrent_file()
            print('METADATA', hashlib.sha1(ti.metadata()).hexdigest(), flush=True)
            return 0
        time.sleep(0.05)
    print('TIMEOUT', flush=True)
    return 2


if __name__ == '__main__':
    mode, work, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == 'seed':
        seed(work, port)
    else:
        sys.exit(fetch(work, port, sys.argv[4]))
