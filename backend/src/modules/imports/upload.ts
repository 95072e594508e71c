import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest } from '../../common/errors.js';

/** The largest import file (as registered for @fastify/multipart in http-app.ts). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Reads the multipart field `file` into memory; 413 when it is larger than the limit, 400 for any broken multipart body. */
export async function readUpload(req: FastifyRequest): Promise<{ bytes: Buffer; filename: string }> {
  if (!req.isMultipart()) throw badRequest('Skicka filen som multipart/form-data i fältet "file"', [{ path: 'file', message: 'Filen saknas' }]);
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!part) throw badRequest('Filen saknas', [{ path: 'file', message: 'Filen saknas' }]);
    if (part.fieldname !== 'file') throw badRequest(`Filen ska skickas i fältet "file", inte "${part.fieldname}"`, [{ path: 'file', message: 'Filen saknas' }]);
    const bytes = await part.toBuffer();
    return { bytes, filename: part.filename ?? '' };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const err = e as { code?: string; statusCode?: number };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) throw new ApiError(413, `Filen är för stor (högst ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)`);
    // Everything else here is the client's body: a cut stream ("Unexpected end of multipart data"), a
    // missing or unused boundary, broken part headers. Nothing has been read or written yet.
    throw badRequest('Filen kunde inte tas emot (ogiltig multipart/form-data)', [{ path: 'file', message: 'Förfrågan är avbruten eller saknar en giltig gräns (boundary)' }]);
  }
}
