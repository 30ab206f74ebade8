/** Reads a request's JSON body once, before the unit of work, so a retried attempt sees it again. */
import type { IncomingMessage } from 'node:http';
import { BadRequestError } from './http-result.js';

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BadRequestError(`The request body exceeds ${limitBytes} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequestError('The request body is not valid JSON.');
  }
}
