// WebSocket server on the `ws` package: ws://127.0.0.1:<port>/ws?lastEventId=<id>.
// Each frame is a Tidings JSON envelope {"id","data"}; a connection first gets the messages after
// its lastEventId, then every new one. POST /publish adds messages, GET /connections lists the resume ids seen.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { Store, handleControl, args } from './store.mjs';

const { port, file } = args('ws-server.mjs');
const store = new Store(file);
const clients = new Set();
const frame = (m) => JSON.stringify({ id: m.id, data: m.data });

const server = http.createServer((req, res) => {
  if (!handleControl(req, res, store, (m) => clients.forEach((ws) => ws.send(frame(m))))) {
    res.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws, req) => {
  const lastEventId = new URL(req.url, 'http://localhost').searchParams.get('lastEventId');
  store.connections.push(lastEventId);
  store.after(lastEventId).forEach((m) => ws.send(frame(m)));
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('error', () => clients.delete(ws));
});
server.listen(port, '127.0.0.1', () => console.log(`ws-server listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
