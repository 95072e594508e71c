export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Stable id used as Message-ID so that a retried send can be recognised downstream. */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
}

/** Where outgoing mail goes. The driver is chosen by configuration (SMTP or the built-in catcher). */
export abstract class MailPort {
  abstract readonly driver: 'smtp' | 'catcher';
  /** Mails it transfers at once (SMTP: the pool's connections); more callers wait in its queue. */
  abstract readonly connections: number;
  abstract send(message: MailMessage): Promise<SentMail>;
  /** Throws when mail cannot currently be delivered (used by the health check). */
  abstract verify(): Promise<void>;
}
