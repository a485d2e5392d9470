/**
 * The reference BBF subscriber (test/fixtures/bbf/one-subscriber.xml, A-00000042 on PON 1/1/1, ONU id
 * 5) and a second one made from it: A-00000043 with ONU id 6, its own serial, circuit-id and ids
 * (alloc-id = gemport-id = 1024 + 8·6 + slot, docs/bbf-mapping.md §4), to merge in like an edit.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));

export const REFERENCE_SUBSCRIBER_XML = readFileSync(`${DIR}one-subscriber.xml`, 'utf8');

export const SECOND_SUBSCRIBER_XML = REFERENCE_SUBSCRIBER_XML.replace(/^<\?xml[^>]*>/, '')
  .replace(/<!--[\s\S]*?-->/g, '')
  .replaceAll('A-00000042', 'A-00000043')
  .replace('<onu-id>5</onu-id>', '<onu-id>6</onu-id>')
  .replace('ZTEGC0FFEE01', 'ZTEGC0FFEE02')
  .replace('<circuit-id>1/1/1:5</circuit-id>', '<circuit-id>1/1/1:6</circuit-id>')
  .replace(/>106([5-8])</g, (_m, d: string) => `>${1072 + Number(d) - 4}<`);
