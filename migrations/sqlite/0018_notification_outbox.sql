-- What each account wants to receive by e-mail, and its consent (issue 8). Consent is given or
-- withdrawn by the account holder; each change is also in the audit log. `last_digest_at` is
-- where the next digest of published scores starts; `bounced_at` stops sending to an address
-- the mail server refused until the holder changes it.
CREATE TABLE notification_settings (
    user_id         BIGINT PRIMARY KEY REFERENCES users(id),
    school_id       BIGINT NOT NULL REFERENCES schools(id),
    email           TEXT NOT NULL DEFAULT '',
    email_consent   BOOLEAN NOT NULL DEFAULT FALSE,
    consent_at      BIGINT,
    score_digest    BOOLEAN NOT NULL DEFAULT TRUE,
    report_answers  BOOLEAN NOT NULL DEFAULT TRUE,
    last_digest_at  BIGINT NOT NULL DEFAULT 0,
    bounced_at      BIGINT,
    bounce_reason   TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL
);

-- Messages waiting to leave, and what became of them: one row per message, retried with a
-- growing delay until sent, refused for good (bounced) or given up (failed). `channel` is
-- 'email' now; SMS or Zalo senders read the same table later.
CREATE TABLE outbox_messages (
    id               INTEGER PRIMARY KEY,
    school_id        BIGINT NOT NULL REFERENCES schools(id),
    user_id          BIGINT NOT NULL REFERENCES users(id),
    channel          TEXT NOT NULL DEFAULT 'email',
    kind             TEXT NOT NULL,
    address          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sent', 'failed', 'bounced')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT
);
CREATE INDEX outbox_messages_due ON outbox_messages(status, next_attempt_at);
CREATE INDEX outbox_messages_user ON outbox_messages(user_id, created_at);
