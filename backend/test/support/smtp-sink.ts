import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** A real SMTP server in-process that keeps what it receives. `failing` makes it refuse mail (451). */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** SMTP sessions opened so far (a pooled sender reuses a few). */
  connections = 0;
  failing = false;
  /** How long each message waits before it is accepted, as a relay that checks and queues it. */
  latencyMs = 0;
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // senders keep pooled connections open; stop() ends them instead of waiting 30 s for them
      closeTimeout: 100,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onData: (stream, _session, callback) => {
        if (this.failing) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then(async (mail) => {
            if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<ParsedMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > until) throw new Error(`Expected ${count} mails, got ${this.messages.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.messages;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
