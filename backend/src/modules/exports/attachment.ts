import { StreamableFile } from '@nestjs/common';

/** A file download: content type, length and an attachment disposition with an ASCII and a UTF-8 name. */
export function attachment(file: { bytes: Buffer; contentType: string; filename: string }): StreamableFile {
  const ascii = file.filename.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[^\w.-]+/gu, '-');
  return new StreamableFile(file.bytes, {
    type: file.contentType,
    length: file.bytes.length,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  });
}
