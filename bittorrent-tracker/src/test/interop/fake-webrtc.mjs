// A stand-in for 'webrtc-polyfill' so that bittorrent-tracker's real Client can run in node
// without a WebRTC build: offers and answers are fake SDP; ICE gathering completes at once.
// Good for exercising the tracker's signaling relay only; no data channel ever opens.
let counter = 0

export class RTCSessionDescription {
  constructor (init) { this.type = init.type; this.sdp = init.sdp }
}

export class RTCIceCandidate {
  constructor (init) { Object.assign(this, init) }
}

export class RTCPeerConnection {
  constructor () {
    this.iceConnectionState = 'new'
    this.iceGatheringState = 'new'
    this.connectionState = 'new'
    this.signalingState = 'stable'
    this.localDescription = null
    this.remoteDescription = null
  }

  createDataChannel (label) {
    return { label, readyState: 'connecting', binaryType: 'arraybuffer', bufferedAmount: 0, close () {} }
  }

  createOffer () { return Promise.resolve({ type: 'offer', sdp: 'v=0 fake offer ' + (++counter) }) }
  createAnswer () { return Promise.resolve({ type: 'answer', sdp: 'v=0 fake answer ' + (++counter) }) }

  setLocalDescription (d) {
    this.localDescription = new RTCSessionDescription(d)
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable'
    setTimeout(() => {
      this.iceGatheringState = 'complete'
      if (this.onicecandidate) this.onicecandidate({ candidate: null })
    }, 0)
    return Promise.resolve()
  }

  setRemoteDescription (d) {
    this.remoteDescription = new RTCSessionDescription(d)
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable'
    if (this.onsignalingstatechange) setTimeout(() => this.onsignalingstatechange(), 0)
    return Promise.resolve()
  }

  addIceCandidate () { return Promise.resolve() }
  getStats () { return Promise.resolve(new Map()) }
  getTransceivers () { return [] }
  close () { this.connectionState = 'closed' }
}

export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate }
