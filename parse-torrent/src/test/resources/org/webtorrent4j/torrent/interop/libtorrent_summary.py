# Prints libtorrent's view of each .torrent in the line format ReferenceClientsInteropTest compares.
import sys
import libtorrent as lt

for path in sys.argv[1:]:
    print("torrent " + path.rsplit("/", 1)[-1])
    try:
        ti = lt.torrent_info(path)
    except Exception as e:
        print("error")
        continue
    ih = ti.info_hashes()
    print("v1 " + (str(ih.v1) if ih.has_v1() else "none"))
    print("v2 " + (str(ih.v2) if ih.has_v2() else "none"))
    print("name " + ti.name())
    if ih.has_v1():
        print("length %d" % ti.total_size())
    print("pieces %d" % ti.num_pieces())
    print("piece_length %d" % ti.piece_length())
    print("private %d" % (1 if ti.priv() else 0))
    for t in ti.trackers():
        print("tracker %d %s" % (t.tier, t.url))
    for w in ti.web_seeds():
        print("webseed " + w["url"])
    fs = ti.files()
    for i in range(fs.num_files()):
        if fs.file_flags(i) & lt.file_storage.flag_pad_file:
            continue
        print("file %d %d %s" % (fs.file_offset(i), fs.file_size(i), fs.file_path(i).replace("\\", "/")))
