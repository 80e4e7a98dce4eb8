"""A python3-libtorrent peer confined to 127.0.0.1 for interop tests (flags: REAL-PEERS.md).

  seed  TORRENT DIR PORT          seed TORRENT from DIR; print "READY" once seeding
  leech TORRENT DIR PORT PEERPORT download TORRENT into DIR from 127.0.0.1:PEERPORT;
                                  print "PROGRESS <fraction>" now and then, and at the end
                                  "DONE <seconds> <cpu seconds of this process>"
  magnet URI DIR PORT             fetch the metadata of URI (give peers with x.pe), then download
                                  into DIR; prints like leech
  metadata URI DIR PORT           fetch only the metadata of URI; print "METADATA <sha1 of info>"
  hybrid - DIR PORT               create a hybrid (v1+v2) torrent of 300 KB of random data in DIR
                                  (DIR/test.torrent), seed it; print "HASHES <v1 hex> <v2 hex>",
                                  then "READY" once seeding
  create-v2 SOURCE OUT PIECELEN  write a v2-only (BEP 52) torrent of the file or folder SOURCE
                                  to OUT with pieces of PIECELEN bytes; print "CREATED" and exit
The other modes run until stdin closes. Set LT_FAST=1 for libtorrent's high-performance seed preset.
"""
import hashlib
import os
import resource
import sys
import time

import libtorrent as lt


def session(port):
    settings = lt.high_performance_seed() if os.environ.get('LT_FAST') == '1' else {}
    settings.update({
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
    return lt.session(settings)


def add(s, torrent, directory, flags=0):
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = directory
    atp.flags |= lt.torrent_flags.disable_pex | flags
    return s.add_torrent(atp)


def download(h):
    start = time.time()
    last = -1
    while not h.status().is_seeding:
        if time.time() - start > 300:
            print('TIMEOUT', flush=True)
            return False
        p = round(h.status().progress, 1)
        if p != last:
            print('PROGRESS', p, flush=True)
            last = p
        time.sleep(0.02)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print('DONE', round(time.time() - start, 3), round(usage.ru_utime + usage.ru_stime, 3), flush=True)
    return True


def create_hybrid(directory):
    data = os.path.join(directory, 'data.bin')
    with open(data, 'wb') as f:
        f.write(os.urandom(300 * 1024 + 123))
    fs = lt.file_storage()
    lt.add_files(fs, data)
    t = lt.create_torrent(fs, 64 * 1024)
    lt.set_piece_hashes(t, directory)
    path = os.path.join(directory, 'test.torrent')
    with open(path, 'wb') as f:
        f.write(lt.bencode(t.generate()))
    hashes = lt.torrent_info(path).info_hashes()
    print('HASHES', str(hashes.v1), str(hashes.v2), flush=True)
    return path


def create_v2(source, out, piece_length):
    fs = lt.file_storage()
    lt.add_files(fs, source)
    t = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v2_only)
    lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(source)))
    with open(out, 'wb') as f:
        f.write(lt.bencode(t.generate()))
    print('CREATED', flush=True)


def fetch_metadata(s, uri, directory):
    atp = lt.parse_magnet_uri(uri)
    atp.save_path = directory
    atp.flags |= lt.torrent_flags.disable_pex | lt.torrent_flags.upload_mode
    h = s.add_torrent(atp)
    deadline = time.time() + 60
    while time.time() < deadline:
        if h.status().has_metadata:
            print('METADATA', hashlib.sha1(h.torrent_file().metadata()).hexdigest(), flush=True)
            return True
        time.sleep(0.05)
    print('TIMEOUT', flush=True)
    return False


def main():
    mode, torrent, directory, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if mode == 'create-v2':
        create_v2(torrent, directory, port)
        return 0
    s = session(port)
    if mode == 'magnet':
        atp = lt.parse_magnet_uri(torrent)
        atp.save_path = directory
        atp.flags |= lt.torrent_flags.disable_pex
        if not download(s.add_torrent(atp)):
            return 2
    elif mode == 'metadata':
        if not fetch_metadata(s, torrent, directory):
            return 2
    elif mode in ('seed', 'hybrid'):
        h = add(s, create_hybrid(directory) if mode == 'hybrid' else torrent, directory)
        h.force_recheck()
        deadline = time.time() + 60
        while not h.status().is_seeding and time.time() < deadline:
            time.sleep(0.05)
        print('READY' if h.status().is_seeding else 'NOT-SEEDING', flush=True)
    else:
        h = add(s, torrent, directory)
        h.connect_peer(('127.0.0.1', int(sys.argv[5])))
        if not download(h):
            return 2
    sys.stdin.read()
    return 0


if __name__ == '__main__':
    sys.exit(main())
