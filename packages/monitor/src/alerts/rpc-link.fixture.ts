/**
 * A TCP link in front of an RPC endpoint that a test can cut and restore: cut, its port is closed
 * (a connection is refused, open ones are dropped), as when a node goes down; restored, the same port
 * forwards again.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type RpcLink = {
  /** The link's URL: give it to the client that should lose the chain. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
};

export async function openRpcLink(target: string): Promise<RpcLink> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const listen = (server: Server, at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => resolve());
    });
  const open = () =>
    createServer((client) => {
      const upstream = createConnection({ host: hostname, port: Number(port) });
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
    });
  let server: Server | undefined = open();
  await listen(server, 0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the link has no TCP address');
  const at = address.port;
  const cut = async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${at}`,
    cut,
    async restore() {
      if (server) return;
      server = open();
      await listen(server, at);
    },
    close: cut,
  };
}
