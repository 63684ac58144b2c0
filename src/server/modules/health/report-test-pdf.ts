import { inflateSync } from 'node:zlib';

/**
 * Reads a PDF the report writes back as text, for tests: inflates its content streams and
 * decodes the strings its text operators show (pdfkit writes the standard fonts' text as hex).
 * Good enough for our own files, not a general PDF reader.
 */

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const pattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    try {
      out.push((/\/FlateDecode/.test(m[1]!) ? inflateSync(bytes) : bytes).toString('latin1'));
    } catch {
      // A stream that is not deflated text (an image, a font) is not ours to read.
    }
  }
  return out;
}

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex').toString('latin1');

/** The text shown on the pages, one text object per line. */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const content of streams(pdf)) {
    for (const block of content.match(/BT[^]*?ET/g) ?? []) {
      const parts: string[] = [];
      for (const op of block.match(/\[(.*?)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g) ?? []) {
        for (const piece of op.match(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g) ?? []) {
          parts.push(piece.startsWith('<') ? hex(piece.slice(1, -1)) : piece.slice(1, -1).replace(/\\(.)/g, '$1'));
        }
      }
      lines.push(parts.join(''));
    }
  }
  return lines.join('\n');
}

/** How many pages the document declares. */
export const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
