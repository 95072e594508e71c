import type { FastifyReply } from 'fastify';

/**
 * A file download: content type, length and an attachment disposition with an ASCII and a UTF-8
 * name; the bytes go out in one write (a StreamableFile piped them through a stream).
 */
export function attachment(reply: FastifyReply, file: { bytes: Buffer; contentType: string; filename: string }): Buffer {
  const ascii = file.filename.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[^\w.-]+/gu, '-');
  void reply
    .type(file.contentType)
    .header('content-length', file.bytes.length)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  return file.bytes;
}
