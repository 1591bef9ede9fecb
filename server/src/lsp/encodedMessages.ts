import { StreamMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import type { Steps } from '../core/steps';

/**
 * A notification's params, already encoded as JSON. The diagnostics of a long article are one
 * message of megabytes: the protocol library encodes a message in one go, in the turn of the
 * event loop that writes it, and every hover that arrives meanwhile waits. Encoded beforehand,
 * a diagnostic at a time in the lint's slices (`encodeInSteps`), the write only copies the
 * pieces into one buffer.
 *
 * Only the writer of `encodingWriter` knows this object. `toJSON` is for anything else that
 * may stringify the params (the protocol trace, another writer): it gives back the object.
 */
export class EncodedParams {
  /**
   * `json`: the params' JSON, in pieces to be written one after the other; `byteLength`: their
   * length in UTF-8 (measuring a piece also flattens it: done ahead, not in the write).
   */
  constructor(
    readonly json: readonly string[],
    readonly byteLength: number,
  ) {}

  toJSON(): unknown {
    return JSON.parse(this.json.join(''));
  }
}

/**
 * `{ ...fields, [listName]: list }` encoded as JSON, the list an item per step (the steps of
 * the lint: `runSliced` spreads them over turns of the event loop). Joined, the pieces are the
 * string `JSON.stringify` gives for the same object.
 */
export function* encodeInSteps(fields: Record<string, unknown>, listName: string, list: readonly unknown[]): Steps<EncodedParams> {
  const head = JSON.stringify({ ...fields, [listName]: [] });
  // `{"uri":…,"diagnostics":[]}`: the items go between the brackets.
  const pieces: string[] = [];
  let byteLength = 0;
  const add = (piece: string) => {
    pieces.push(piece);
    byteLength += Buffer.byteLength(piece, 'utf8');
  };
  add(head.slice(0, -2));
  let batch: string[] = [];
  for (let i = 0; i < list.length; i++) {
    batch.push(JSON.stringify(list[i]) ?? 'null');
    // A piece per batch, not per item: fewer pieces to write.
    if (batch.length === ITEMS_PER_BATCH || i === list.length - 1) {
      add((i + 1 > batch.length ? ',' : '') + batch.join(','));
      batch = [];
    }
    if (i < list.length - 1) yield;
  }
  add(head.slice(-2));
  return new EncodedParams(pieces, byteLength);
}

const ITEMS_PER_BATCH = 256;

/**
 * The message as JSON bytes: its params spliced in as they are when they come encoded. The
 * pieces are strings until here, written into one buffer of the message's size: with a buffer
 * made ahead for each batch instead, the server's memory stayed higher once idle (in
 * development runs of the bench's hover passes).
 */
export function encodeMessage(message: Message): Buffer {
  const params = (message as { params?: unknown }).params;
  if (!(params instanceof EncodedParams)) return Buffer.from(JSON.stringify(message), 'utf8');
  const rest = JSON.stringify({ ...message, params: undefined }); // `params` left out
  const open = `${rest.slice(0, -1)}${rest.length > 2 ? ',' : ''}"params":`;
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(open, 'utf8') + params.byteLength + 1);
  let at = bytes.write(open, 0, 'utf8');
  for (const piece of params.json) at += bytes.write(piece, at, 'utf8');
  bytes.write('}', at, 'utf8');
  return bytes;
}

/** A stream writer (stdio) that writes `EncodedParams` as they are; any other message as the library would. */
export function encodingWriter(stream: NodeJS.WritableStream): MessageWriter {
  return new StreamMessageWriter(stream, {
    charset: 'utf-8',
    contentTypeEncoder: { name: 'application/json', encode: async (message) => encodeMessage(message) },
  });
}
