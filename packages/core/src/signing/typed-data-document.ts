/**
 * EIP-712 typed data as the JSON document external signers take: `cast wallet sign --data
 * --from-file`, a hardware wallet's EIP-712 app, `eth_signTypedData_v4`, any EIP-712 library. Unlike
 * viem's typed-data object, the document lists the `EIP712Domain` type itself (derived from the
 * domain fields present, in the canonical order), so a signer that knows nothing of Lockstep hashes
 * exactly what the contract hashes.
 */
import { getTypesForEIP712Domain, type TypedDataDomain } from 'viem';

/** One typed struct field: `{ name, type }`. */
export type TypedDataField = { readonly name: string; readonly type: string };

/** Typed data without its `EIP712Domain` type, as viem takes it. */
export type TypedDataInput = {
  readonly domain: TypedDataDomain;
  readonly types: Readonly<Record<string, readonly TypedDataField[]>>;
  readonly primaryType: string;
  readonly message: Readonly<Record<string, unknown>>;
};

/** The JSON document: `types` includes `EIP712Domain`. */
export type TypedDataDocument<T extends TypedDataInput = TypedDataInput> = {
  types: { EIP712Domain: TypedDataField[] } & T['types'];
  primaryType: T['primaryType'];
  domain: T['domain'];
  message: T['message'];
};

/** `typedData` as the document external signers take, with its `EIP712Domain` type listed. */
export function typedDataDocument<const T extends TypedDataInput>(typedData: T): TypedDataDocument<T> {
  return {
    types: { EIP712Domain: getTypesForEIP712Domain({ domain: typedData.domain }), ...typedData.types },
    primaryType: typedData.primaryType,
    domain: typedData.domain,
    message: typedData.message,
  };
}
