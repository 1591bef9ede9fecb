import { StreamMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import type { Steps } from '../core/steps';

/**
 * A notification's params, already encoded as JSON (UTF-8). The diagnostics of a long article
 * are one message of megabytes: the protocol library encodes a message in one go, in the turn
 * of the event loop that writes it, and every hover that arrives meanwhile waits. Encoded
 * beforehand, a diagnostic at a time in the lint's slices (`encodeInSteps`), the write only
 * joins the pieces.
 *
 * Only the writer of `encodingWriter` knows this object. `toJSON` is for anything else that
 * may stringify the params (the protocol trace, another writer): it gives back the object.
 */
export class EncodedParams {
  constructor(readonly bytes: Buffer) {}

  toJSON(): unknown {
    return JSON.parse(this.bytes.toString('utf8'));
  }
}

/**
 * `{ ...fields, [listName]: list }` encoded as JSON, the list an item per step (the steps of
 * the lint: `runSliced` spreads them over turns of the event loop). The bytes are those
 * `JSON.stringify` gives for the same object.
 */
export function* encodeInSteps(fields: Record<string, unknown>, listName: string, list: readonly unknown[]): Steps<EncodedParams> {
  const head = JSON.stringify({ ...fields, [listName]: [] });
  // `{"uri":…,"diagnostics":[]}`: the items go between the brackets.
  const open = Buffer.from(head.slice(0, -2), 'utf8');
  const close = Buffer.from(head.slice(-2), 'utf8');
  const parts: Buffer[] = [open];
  let batch: string[] = [];
  for (let i = 0; i < list.length; i++) {
    batch.push(JSON.stringify(list[i]) ?? 'null');
    // A Buffer per batch, not per item: tens of thousands of small Buffers cost more to join.
    if (batch.length === ITEMS_PER_BATCH || i === list.length - 1) {
      parts.push(Buffer.from((i + 1 > batch.length ? ',' : '') + batch.join(','), 'utf8'));
      batch = [];
    }
    if (i < list.length - 1) yield;
  }
  parts.push(close);
  return new EncodedParams(Buffer.concat(parts));
}

const ITEMS_PER_BATCH = 256;

/** The message as JSON bytes: its params spliced in as they are when they come encoded. */
export function encodeMessage(message: Message): Buffer {
  const params = (message as { params?: unknown }).params;
  if (!(params instanceof EncodedParams)) return Buffer.from(JSON.stringify(message), 'utf8');
  const rest = JSON.stringify({ ...message, params: undefined }); // `params` left out
  const open = Buffer.from(`${rest.slice(0, -1)}${rest.length > 2 ? ',' : ''}"params":`, 'utf8');
  return Buffer.concat([open, params.bytes, CLOSE_BRACE]);
}

const CLOSE_BRACE = Buffer.from('}', 'utf8');

/** A stream writer (stdio) that writes `EncodedParams` as they are; any other message as the library would. */
export function encodingWriter(stream: NodeJS.WritableStream): MessageWriter {
  return new StreamMessageWriter(stream, {
    charset: 'utf-8',
    contentTypeEncoder: { name: 'application/json', encode: async (message) => encodeMessage(message) },
  });
}
