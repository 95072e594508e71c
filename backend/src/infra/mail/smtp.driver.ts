import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/env.js';
import { MailPort, type MailMessage, type SentMail } from './mail.port.js';

/** Sends through an SMTP server with a pooled nodemailer transport. */
@Injectable()
export class SmtpMailDriver extends MailPort implements OnApplicationShutdown {
  readonly driver = 'smtp' as const;
  readonly connections: number;
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    super();
    this.connections = config.env.SMTP_POOL_CONNECTIONS;
    // One options object: a URL as the first argument with options as the second would make those
    // options message defaults, and `pool` would be ignored (a new connection, greeting and
    // EHLO for every mail; issue 18.2).
    this.transport = nodemailer.createTransport({
      url: config.env.SMTP_URL!,
      pool: true,
      maxConnections: config.env.SMTP_POOL_CONNECTIONS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.transport.sendMail({
      from: this.config.env.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      // Base64 is encoded natively; quoted-printable in JavaScript took 2.5 times as long per digest
      // (a 90-report reminder, 38 kB of text and HTML: 15.4 against 6.2 ms on a loaded 2-core machine),
      // which bounded a worker's mail rate before its SMTP connections did (issue 18.2).
      textEncoding: 'base64',
    });
    return { messageId: String(info.messageId) };
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
