// Two WebTorrent-style peers speaking the WebSocket tracker protocol exactly as
// bittorrent-tracker's client writes it (JSON, 20-byte ids as latin1 strings), through the
// tracker at argv[3]: A announces, B announces with one (fake) offer, A gets it and answers,
// B gets the answer, then B scrapes. Prints "RELAY OK" on success.
// usage: node ws-relay.cjs <dir holding node_modules> <ws://tracker>
'use strict'
const path = require('path')
const crypto = require('crypto')
const WebSocket = require(path.resolve(process.argv[2], 'node_modules', 'ws'))
const url = process.argv[3]

const id = prefix => (prefix + crypto.randomBytes(20).toString('latin1')).slice(0, 20)
const infoHash = id('')
const peerA = id('-WW0100-')
const peerB = id('-WW0100-')
const offerId = id('')
const fail = why => { console.log('FAIL ' + why); process.exit(1) }
setTimeout(() => fail('timeout'), 20000)

const a = new WebSocket(url)
const b = new WebSocket(url)
let bOpen = false
let bStarted = false
let aReplied = false
const startB = () => {
  if (bStarted || !bOpen || !aReplied) return
  bStarted = true
  b.send(JSON.stringify({
    numwant: 1, uploaded: 0, downloaded: 0, left: 100, event: 'started', action: 'announce',
    info_hash: infoHash, peer_id: peerB,
    offers: [{ offer: { type: 'offer', sdp: 'v=0 fake offer' }, offer_id: offerId }]
  }))
}
a.on('open', () => a.send(JSON.stringify({
  numwant: 5, uploaded: 0, downloaded: 0, left: 0, event: 'started', action: 'announce',
  info_hash: infoHash, peer_id: peerA, offers: []
})))
b.on('open', () => { bOpen = true; startB() })
a.on('message', data => {
  const m = JSON.parse(data)
  if (m['failure reason']) fail('A got failure ' + m['failure reason'])
  if (m.info_hash !== infoHash) fail('A got a message for another torrent')
  if (m.complete !== undefined) { aReplied = true; startB() }
  if (m.offer) {
    if (m.peer_id !== peerB || m.offer_id !== offerId || m.offer.sdp !== 'v=0 fake offer') fail('bad offer ' + data)
    a.send(JSON.stringify({
      action: 'announce', info_hash: infoHash, peer_id: peerA, to_peer_id: m.peer_id,
      answer: { type: 'answer', sdp: 'v=0 fake answer' }, offer_id: m.offer_id
    }))
  }
})
b.on('message', data => {
  const m = JSON.parse(data)
  if (m['failure reason']) fail('B got failure ' + m['failure reason'])
  if (m.action === 'announce' && m.answer) {
    if (m.peer_id !== peerA || m.offer_id !== offerId || m.answer.sdp !== 'v=0 fake answer') fail('bad answer ' + data)
    b.send(JSON.stringify({ action: 'scrape', info_hash: [infoHash] }))
  }
  if (m.action === 'scrape') {
    const f = m.files[infoHash]
    if (!f || f.complete !== 1 || f.incomplete !== 1) fail('bad scrape ' + data)
    console.log('RELAY OK')
    process.exit(0)
  }
})
