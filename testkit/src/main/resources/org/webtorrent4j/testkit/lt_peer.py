"""A python3-libtorrent peer confined to 127.0.0.1 for interop tests (flags: REAL-PEERS.md).

  seed  TORRENT DIR PORT          seed TORRENT from DIR; print "READY" once seeding
  leech TORRENT DIR PORT PEERPORT download TORRENT into DIR from 127.0.0.1:PEERPORT;
                                  print "PROGRESS <fraction>" now and then, and at the end
                                  "DONE <seconds> <cpu seconds of this process>"
  magnet URI DIR PORT             fetch the metadata of URI (give peers with x.pe), then download
                                  into DIR; prints like leech
All modes run until stdin closes. Set LT_FAST=1 for libtorrent's high-performance seed preset.
"""
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


def main():
    mode, torrent, directory, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    s = session(port)
    if mode == 'magnet':
        atp = lt.parse_magnet_uri(torrent)
        atp.save_path = directory
        atp.flags |= lt.torrent_flags.disable_pex
        if not download(s.add_torrent(atp)):
            return 2
    elif mode == 'seed':
        h = add(s, torrent, directory)
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
