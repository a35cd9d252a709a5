import { randomBytes } from 'node:crypto';
import * as CFB from 'cfb';

/**
 * A password-protected DOCX as Office writes it (MS-OFFCRYPTO, agile encryption): an OLE compound
 * file holding `EncryptionInfo` (version 4.4 and its XML descriptor) and `EncryptedPackage` (the
 * package's size, then the encrypted bytes; random here, as no reader gets past the password).
 */
export function makeEncryptedDocx(): Buffer {
  const container = CFB.utils.cfb_new();
  const descriptor = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>',
  );
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), descriptor]);
  const size = Buffer.alloc(8);
  size.writeUInt32LE(12000, 0);
  CFB.utils.cfb_add(container, '/EncryptionInfo', info);
  CFB.utils.cfb_add(container, '/EncryptedPackage', Buffer.concat([size, randomBytes(12016)]));
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}
