#!/usr/bin/python3
"""A python3-libtorrent DHT node confined to loopback, driven by the bittorrent-dht interop test.

usage: libtorrent_dht.py BOOTSTRAP_HOST:PORT LISTEN_PORT ANNOUNCE_HASH SAVE_DIR LOOKUP_HASH TIMEOUT_S

Joins the DHT through the given node only, adds a torrent (magnet style, no metadata) with
ANNOUNCE_HASH so that libtorrent announces it on the DHT with its listen port, then repeats
dht_get_peers(LOOKUP_HASH) and prints 'PEER ip:port' for every peer it reports.
Prints READY once its DHT has a node, ANNOUNCED after announcing; exits at TIMEOUT_S.
"""
import sys
import time
import warnings

import libtorrent as lt


def main():
    warnings.simplefilter('ignore', DeprecationWarning)
    bootstrap, listen_port, announce_hash, save_dir, lookup_hash, timeout = sys.argv[1:7]
    settings = {
        'listen_interfaces': '127.0.0.1:%s' % listen_port,
        'outgoing_interfaces': '127.0.0.1',
        'enable_dht': True,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        'dht_bootstrap_nodes': bootstrap,
        'dht_restrict_routing_ips': False,
        'dht_restrict_search_ips': False,
        'dht_enforce_node_id': False,
        'dht_announce_interval': 5,
        'alert_mask': lt.alert.category_t.dht_notification | lt.alert.category_t.dht_operation_notification
                      | lt.alert.category_t.status_notification
                      | lt.alert.category_t.error_notification,
    }
    known = lt.default_settings()
    for optional in ('dht_ignore_dark_internet', 'dht_prefer_verified_node_ids'):
        if optional in known:
            settings[optional] = False
    ses = lt.session(settings)
    deadline = time.time() + float(timeout)

    while ses.status().dht_nodes == 0 and time.time() < deadline:
        time.sleep(0.2)
        drain(ses)
    print('READY', flush=True)

    params = lt.add_torrent_params()
    params.info_hashes = lt.info_hash_t(lt.sha1_hash(bytes.fromhex(announce_hash)))
    params.save_path = save_dir
    params.flags = lt.torrent_flags.disable_pex | lt.torrent_flags.disable_lsd
    ses.add_torrent(params)
    print('ANNOUNCED', flush=True)

    target = lt.sha1_hash(bytes.fromhex(lookup_hash))
    seen = set()
    next_query = 0
    while time.time() < deadline:
        if time.time() >= next_query:
            ses.dht_get_peers(target)
            next_query = time.time() + 2
        ses.wait_for_alert(500)
        for a in ses.pop_alerts():
            if isinstance(a, lt.dht_get_peers_reply_alert):
                for ip, port in a.peers():
                    if (ip, port) not in seen:
                        seen.add((ip, port))
                        print('PEER %s:%d' % (ip, port), flush=True)
    print('DONE', flush=True)


def drain(ses):
    for a in ses.pop_alerts():
        if a.category() & lt.alert.category_t.error_notification:
            print('error: %s' % a.message(), file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()
