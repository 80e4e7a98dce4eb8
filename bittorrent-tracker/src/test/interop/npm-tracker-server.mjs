// Runs the npm bittorrent-tracker Server (HTTP, UDP, WebSocket on one port) on loopback only.
// Its bin/cmd.js imports the client too, whose WebRTC module has no native build here
// (installed with --ignore-scripts), so the server module is imported directly.
// usage: node npm-tracker-server.mjs <dir holding node_modules> <port>
import path from 'path'
import { pathToFileURL } from 'url'

const [dir, port] = process.argv.slice(2)
const { default: Server } = await import(pathToFileURL(path.resolve(dir, 'node_modules/bittorrent-tracker/server.js')).href)
const server = new Server({ http: true, udp: true, ws: true, stats: true, trustProxy: false })
server.on('error', err => { console.log('ERROR ' + err.message); process.exit(1) })
server.on('warning', err => console.log('WARNING ' + err.message))
server.on('listening', () => console.log('LISTENING ' + port))
server.listen(Number(port), { http: '127.0.0.1', udp: '127.0.0.1', udp6: '::1' })
process.on('SIGTERM', () => server.close(() => process.exit(0)))
