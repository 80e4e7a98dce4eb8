// Two instances of bittorrent-tracker's real Client (fake WebRTC, see fake-webrtc.mjs) announce
// to the WebSocket tracker at argv[3]: B's offer must reach A through the tracker and A's answer
// must come back to B. Prints "CLIENT RELAY OK" on success.
// usage: node --import ./fake-webrtc-register.mjs npm-client-relay.mjs <dir holding node_modules> <ws://tracker>
import crypto from 'crypto'
import path from 'path'
import { pathToFileURL } from 'url'

const [dir, url] = process.argv.slice(2)
const { default: Client } = await import(pathToFileURL(path.resolve(dir, 'node_modules/bittorrent-tracker/index.js')).href)
const fail = why => { console.log('FAIL ' + why); process.exit(1) }
setTimeout(() => fail('timeout'), 30000)

const infoHash = crypto.randomBytes(20).toString('hex')
const peerA = crypto.randomBytes(20).toString('hex')
const peerB = crypto.randomBytes(20).toString('hex')
const a = new Client({ infoHash, peerId: peerA, announce: [url], port: 6881, getAnnounceOpts: () => ({ left: 0 }) })
const b = new Client({ infoHash, peerId: peerB, announce: [url], port: 6882 })
for (const [name, c] of [['A', a], ['B', b]]) {
  c.on('error', err => fail(name + ' error ' + err.message))
  c.on('warning', err => console.log(name + ' warning ' + err.message))
}
let aGotOffer = false
a.on('peer', peer => {
  if (peer.id !== peerB) fail('A got a peer that is not B: ' + peer.id)
  aGotOffer = true
})
b.on('peer', peer => {
  if (peer.id !== peerA) fail('B got a peer that is not A: ' + peer.id)
  if (!aGotOffer) fail('B got an answer before A saw the offer')
  console.log('CLIENT RELAY OK')
  process.exit(0)
})
a.once('update', () => b.start())
a.start()
