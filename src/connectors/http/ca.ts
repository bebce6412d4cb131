import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/** Whether the text starts with a readable PEM certificate that may sign others (basicConstraints CA:TRUE). */
export function isCaCertificatePem(value: string): boolean {
  try {
    return new X509Certificate(value).ca;
  } catch {
    return false;
  }
}

/**
 * The `caCertificatePem` setting of a connection: a private or sovereign-cloud CA trusted for this
 * connection only, besides the system's (HttpTransportOptions.caCertificatePem).
 */
export const caCertificatePemSchema = z
  .string({ message: 'must be a PEM certificate' })
  .refine(isCaCertificatePem, 'must be a PEM CA certificate (BEGIN CERTIFICATE, basicConstraints CA:TRUE)');
