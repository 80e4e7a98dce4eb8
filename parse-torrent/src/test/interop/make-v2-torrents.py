# Makes the v2-only, hybrid and padded v1 test torrents in src/test/resources/org/webtorrent4j/torrent
# with python3-libtorrent 2.0 (run: mkdir multi/sub; fill multi/a.bin 20000 B, multi/sub/b.txt "hello",
# multi/sub/c.bin 40000 B, single.bin 50000 B; then: unshare -n /usr/bin/python3 make-v2-torrents.py).
# It prints the info-hashes and file layout libtorrent computes; V2AndHybridTest holds those values.
# The v2hash torrents (32 KiB pieces) are of files whose bytes PieceCheckTest.content generates:
# v2hash/a.bin 100000 B, v2hash/b.txt 5 B, v2hash/c.bin 40000 B, v2hash/d.bin 20000 B,
# v2hash/e.bin 32768 B and v2hash-single.bin 70000 B, each named by its path relative to here.
import libtorrent as lt, json, sys
out = {}
def make(name, path, flags, piece_length=16384):
    fs = lt.file_storage()
    lt.add_files(fs, path)
    ct = lt.create_torrent(fs, piece_length, flags=flags)
    ct.set_creator("gen.py"); ct.set_comment("hand-made test torrent")
    ct.add_tracker("http://127.0.0.1:6969/announce", 0)
    ct.add_tracker("udp://127.0.0.1:6969", 1)
    ct.add_url_seed("http://127.0.0.1:8080/")
    lt.set_piece_hashes(ct, ".")
    e = ct.generate()
    data = lt.bencode(e)
    open(name, "wb").write(data)
    ti = lt.torrent_info(name)
    fs2 = ti.files(); ih = ti.info_hashes()
    out[name] = {"v1": str(ih.v1) if ih.has_v1() else None, "v2": str(ih.v2) if ih.has_v2() else None,
      "pieces": ti.num_pieces(), "length": ti.total_size(),
      "files": [(fs2.file_path(i), fs2.file_size(i), fs2.file_offset(i), bool(fs2.file_flags(i) & lt.file_storage.flag_pad_file)) for i in range(fs2.num_files())]}
make("hybrid.torrent", "multi", 0)
make("v2only.torrent", "multi", lt.create_torrent.v2_only)
make("v1pad.torrent", "multi", lt.create_torrent.v1_only | lt.create_torrent.canonical_files)
make("v2single.torrent", "single.bin", lt.create_torrent.v2_only)
make("v2hash.torrent", "v2hash", lt.create_torrent.v2_only, 32768)
make("v2hash-single.torrent", "v2hash-single.bin", lt.create_torrent.v2_only, 32768)
print(json.dumps(out, indent=1))
