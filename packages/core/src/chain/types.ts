import type { Account, Chain, Client, Transport } from 'viem';

/** A client that reads (any client with a transport). */
export type ReadClient = Client<Transport, Chain | undefined>;

/** A client that reads and signs: its account pays for and signs the transactions. */
export type SignerClient = Client<Transport, Chain | undefined, Account>;
